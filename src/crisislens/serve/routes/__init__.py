"""The API's routers, one module per resource; app.py includes them under /api."""
