"""Any failure of a command as one line an operator can act on, instead of a traceback.

GoldenHour's own errors already say what is wrong; the database's are translated here: a
server that cannot be reached, a schema that was never migrated. Anything else is a bug and
keeps its traceback.
"""

from __future__ import annotations

from goldenhour.domain.shared.errors import GoldenHourError

MISSING_TABLE = "42P01"  # PostgreSQL's undefined_table


def one_line(exc: BaseException) -> str | None:
    """The line to print for ``exc``, or None when it is a bug (keep the traceback)."""
    if isinstance(exc, GoldenHourError):
        return exc.detail
    from sqlalchemy.exc import DBAPIError

    if not isinstance(exc, DBAPIError):
        return None
    cause = str(exc.orig).strip().splitlines()[0] if exc.orig is not None else str(exc)
    where = _database()
    if "no such table" in cause or getattr(exc.orig, "sqlstate", None) == MISSING_TABLE:
        return f"database {where} is not migrated ({cause}): run `goldenhour db upgrade`"
    if exc.connection_invalidated or _is_connection_failure(exc):
        return f"database {where} cannot be reached: {cause}"
    return None


def _is_connection_failure(exc: BaseException) -> bool:
    from sqlalchemy.exc import InterfaceError, OperationalError

    return isinstance(exc, (OperationalError, InterfaceError))


def _database() -> str:
    """The configured database, without its password."""
    from sqlalchemy.engine import make_url

    from goldenhour.cli import runtime

    url = make_url(runtime.settings().effective_database_url)
    return url.render_as_string(hide_password=True)
