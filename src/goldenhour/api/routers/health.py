"""``GET /health``: is the database reachable, and at which migration revision."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse
from sqlalchemy import Engine
from sqlalchemy.exc import SQLAlchemyError

from goldenhour import __version__
from goldenhour.adapters.db import migrate
from goldenhour.api.problems import problem

router = APIRouter(tags=["health"])


@router.get("/health")
def health(request: Request) -> JSONResponse:
    engine: Engine = request.app.state.engine
    try:
        revision = migrate.current_revision(engine)
    except SQLAlchemyError as exc:
        reason = str(exc.orig if hasattr(exc, "orig") else exc).splitlines()[0]
        return problem(
            503, "Service unavailable", f"database unreachable: {reason}", database="unreachable"
        )
    head = migrate.head_revision(engine)
    body = {
        "status": "ok" if revision == head else "migrations pending",
        "version": __version__,
        "database": "ok",
        "dialect": engine.dialect.name,
        "revision": revision,
        "head": head,
    }
    return JSONResponse(body, status_code=200 if revision == head else 503)
