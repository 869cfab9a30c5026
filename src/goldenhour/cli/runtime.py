"""The database side of the CLI: settings from the environment, one engine, units of work."""

from __future__ import annotations

from functools import cache

from sqlalchemy import Engine

from goldenhour.adapters.db.engine import make_engine, session_factory
from goldenhour.adapters.events.in_process import InProcessBus
from goldenhour.config import Settings
from goldenhour.services.unit_of_work import UnitOfWork


@cache
def settings() -> Settings:
    return Settings.from_env()


@cache
def engine() -> Engine:
    return make_engine(settings().effective_database_url)


def unit_of_work() -> UnitOfWork:
    """Commands publish to a bus with no live subscribers; events still land in the event log."""
    return UnitOfWork(session_factory(engine()), InProcessBus())
