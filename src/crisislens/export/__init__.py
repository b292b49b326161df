"""Writers from Records to files, registered by name in EXPORTERS (see registry.py).

    from crisislens.export import EXPORTERS
    count = EXPORTERS["geojson"](records, sys.stdout)

Built-ins: jsonl, json (the contract objects; include_text=True adds the text), csv and geojson (one
row or Feature per event), claims-csv (one row per claim), table (a Rich table for a person).
"""

from crisislens.export import table, writers  # noqa: F401  (imported to register the built-ins)
from crisislens.export.contract import record_to_dict
from crisislens.export.registry import EXPORTERS, Exporter, exporter

__all__ = ["EXPORTERS", "Exporter", "exporter", "record_to_dict"]
