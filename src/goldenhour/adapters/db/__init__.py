"""Storage. Importing this package registers every mapped table on ``tables.Base``."""

from goldenhour.adapters.db import chart_tables, facility_tables, tables

__all__ = ["chart_tables", "facility_tables", "tables"]
