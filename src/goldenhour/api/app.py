"""The ASGI application: routers under ``/api/v1``, problem+json errors, one runtime."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import APIRouter, FastAPI

from goldenhour import __version__
from goldenhour.adapters.db.engine import make_engine, session_factory
from goldenhour.adapters.events.pg_fanout import PostgresFanout
from goldenhour.api import problems
from goldenhour.api.deps import Runtime
from goldenhour.api.routers import agency, auth, events, health, providers, scope, units, users
from goldenhour.config import Settings
from goldenhour.services.messagebus import InProcessBus

API_ROUTERS = (
    auth.router,
    users.router,
    agency.router,
    events.router,
    providers.router,
    units.router,
    scope.router,
)


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or Settings.from_env()
    engine = make_engine(settings.effective_database_url)
    sessions = session_factory(engine)
    bus = InProcessBus()
    fanout = PostgresFanout(engine, sessions, bus) if engine.dialect.name == "postgresql" else None

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        if fanout is not None:
            fanout.start()
        yield
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
    app.state.runtime = Runtime(settings, sessions, bus, fanout or bus)
    problems.install(app)
    app.add_middleware(problems.BodySizeLimit, limit=settings.max_body_bytes)
    app.include_router(health.router)
    api = APIRouter(prefix="/api/v1")
    for router in API_ROUTERS:
        api.include_router(router)
    app.include_router(api)
    return app
