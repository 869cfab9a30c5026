"""Storage: engines, the tables (one module per concept under ``tables``), migrations."""

from goldenhour.adapters.db import tables

__all__ = ["tables"]
