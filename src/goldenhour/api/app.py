"""The ASGI application: routers under ``/api/v1``, problem+json errors, one runtime."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import APIRouter, FastAPI
from sqlalchemy.exc import SQLAlchemyError
from starlette.concurrency import run_in_threadpool

from goldenhour import __version__
from goldenhour.adapters.db.engine import make_engine, session_factory
from goldenhour.adapters.db.types import utcnow
from goldenhour.adapters.events.pg_fanout import PostgresFanout
from goldenhour.api import problems
from goldenhour.api.deps import Runtime
from goldenhour.api.routers import agency, auth, events, health, providers, scope, units, users
from goldenhour.config import Settings
from goldenhour.services import crews
from goldenhour.services.messagebus import InProcessBus

log = logging.getLogger(__name__)

API_ROUTERS = (
    auth.router,
    users.router,
    agency.router,
    events.router,
    providers.router,
    units.router,
    scope.router,
)


LEVEL_SWEEP_SECONDS = 60.0


async def sweep_unit_levels(runtime: Runtime) -> None:
    """Re-derive unit levels every minute: certifications expire and shifts end by the clock."""
    while True:
        await asyncio.sleep(LEVEL_SWEEP_SECONDS)
        try:
            await run_in_threadpool(_sweep_once, runtime)
        except SQLAlchemyError as exc:  # the database is down: try again next time
            log.warning("unit level sweep failed: %s", exc)


def _sweep_once(runtime: Runtime) -> None:
    with runtime.unit_of_work() as uow:
        crews.sweep_levels(uow, utcnow())


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or Settings.from_env()
    engine = make_engine(settings.effective_database_url)
    sessions = session_factory(engine)
    bus = InProcessBus()
    fanout = PostgresFanout(engine, sessions, bus) if engine.dialect.name == "postgresql" else None

    runtime = Runtime(settings, sessions, bus, fanout or bus)

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        if fanout is not None:
            fanout.start()
        sweeper = asyncio.create_task(sweep_unit_levels(runtime))
        yield
        sweeper.cancel()
        if fanout is not None:
            fanout.stop()
        engine.dispose()

    app = FastAPI(
        title="GoldenHour",
        version=__version__,
        description="Run an Emergency Medical Services system: dispatch, care, transport.",
        lifespan=lifespan,
    )
    app.state.engine = engine
    app.state.runtime = runtime
    problems.install(app)
    app.add_middleware(problems.BodySizeLimit, limit=settings.max_body_bytes)
    app.include_router(health.router)
    api = APIRouter(prefix="/api/v1")
    for router in API_ROUTERS:
        api.include_router(router)
    app.include_router(api)
    return app
