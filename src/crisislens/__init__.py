"""crisislens: sourced, geocoded, de-duplicated records of crisis events from news text."""

from crisislens.errors import CrisislensError, InputError
from crisislens.records import Record

__version__ = "0.1.0"

__all__ = ["CrisislensError", "InputError", "Record", "__version__"]
