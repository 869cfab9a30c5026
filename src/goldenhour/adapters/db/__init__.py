"""Storage. Importing this package registers every mapped table on ``tables.Base``."""

from goldenhour.adapters.db import facility_tables, tables

__all__ = ["facility_tables", "tables"]
