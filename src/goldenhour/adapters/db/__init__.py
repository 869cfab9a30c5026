"""Storage: engines, the tables (one module per concept under ``tables``), migrations, the
dispatch repositories (``dispatch_store``) and their in-memory double (``dispatch_memory``)."""

from goldenhour.adapters.db import tables

__all__ = ["tables"]
