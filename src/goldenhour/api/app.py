"""The ASGI application: routers under ``/api/v1``, problem+json errors, one runtime."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import APIRouter, FastAPI
from sqlalchemy.exc import SQLAlchemyError
from starlette.concurrency import run_in_threadpool

from goldenhour import __version__, web
from goldenhour.adapters.db.engine import make_engine, session_factory
from goldenhour.adapters.db.types import utcnow
from goldenhour.adapters.events.in_process import InProcessBus
from goldenhour.adapters.events.pg_fanout import PostgresFanout
from goldenhour.adapters.surveillance.definitions_file import load_definitions
from goldenhour.api import metrics, openapi_doc, problems
from goldenhour.api.browser_safety import SecurityHeaders
from goldenhour.api.deps import Runtime
from goldenhour.api.request_context import RequestContext
from goldenhour.api.routers import (
    agency,
    auth,
    call_types,
    chart,
    dispatch_board,
    events,
    facilities,
    geocode,
    health,
    incidents,
    nemsis,
    pcr,
    planning,
    providers,
    public_advisories,
    quality,
    reference,
    region,
    review,
    scope,
    surveillance,
    units,
    users,
)
from goldenhour.api.unstorable_text import UnstorableText
from goldenhour.api.work_in_flight import FinishWorkInFlight
from goldenhour.config import Settings
from goldenhour.services.destination import transport
from goldenhour.services.surveillance import detection
from goldenhour.services.units import crews

log = logging.getLogger(__name__)

API_ROUTERS = (
    auth.router,
    users.router,
    agency.router,
    events.router,
    providers.router,
    units.router,
    incidents.router,
    call_types.router,
    dispatch_board.router,
    scope.router,
    facilities.router,
    region.router,
    geocode.router,
    reference.router,
    pcr.router,
    chart.router,
    review.router,
    nemsis.router,
    surveillance.router,
    quality.router,
    planning.router,
)


CLOCK_SECONDS = 30.0


async def clock(runtime: Runtime) -> None:
    """What changes with time alone: certifications expire, shifts end, offloads run long."""
    while True:
        await asyncio.sleep(CLOCK_SECONDS)
        try:
            await run_in_threadpool(_sweep_once, runtime)
        except SQLAlchemyError as exc:  # the database is down: try again next time
            log.warning("clock sweep failed: %s", exc)


def _sweep_once(runtime: Runtime) -> None:
    now = utcnow()
    with runtime.unit_of_work() as uow:
        crews.sweep_levels(uow, now)
    with runtime.unit_of_work() as uow:
        transport.sweep_offload(uow, now, runtime.settings.offload_threshold_s)
    with runtime.unit_of_work() as uow:
        detection.run_due(uow, now, load_definitions(runtime.settings.case_definitions))


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or Settings.from_env()
    engine = make_engine(settings.effective_database_url)
    sessions = session_factory(engine)
    bus = InProcessBus()
    fanout = PostgresFanout(engine, bus) if engine.dialect.name == "postgresql" else None

    runtime = Runtime(settings, sessions, bus, fanout or bus)

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        if fanout is not None:
            fanout.start()
        sweeper = asyncio.create_task(clock(runtime))
        yield
        sweeper.cancel()
        while runtime.readers.busy or runtime.writers.busy:  # requests finishing their work
            await asyncio.sleep(0.01)
        if fanout is not None:
            fanout.stop()
        engine.dispose()

    app = FastAPI(
        title="GoldenHour",
        version=__version__,
        description="Run an Emergency Medical Services system: dispatch, care, transport.",
        lifespan=lifespan,
        docs_url=None,  # served by ``web`` from local copies, not a CDN
        redoc_url=None,
    )
    app.state.engine = engine
    app.state.runtime = runtime
    problems.install(app)
    # Outermost last: every response, even a refusal at the edge, gets a request id and the
    # security headers; bodies are bounded before anything reads them for unstorable text.
    # Innermost, each request in a task of its own that a stopping server lets finish its work.
    app.add_middleware(FinishWorkInFlight)
    app.add_middleware(UnstorableText)
    app.add_middleware(problems.BodySizeLimit, limit=settings.max_body_bytes)
    app.add_middleware(SecurityHeaders, settings=settings)
    app.add_middleware(RequestContext)
    app.include_router(health.router)
    app.include_router(metrics.router)
    api = APIRouter(prefix="/api/v1")
    for router in API_ROUTERS:
        api.include_router(router)
    app.include_router(api)
    app.include_router(public_advisories.router)
    web.install(app)
    openapi_doc.install(app)
    return app
