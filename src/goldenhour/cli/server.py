"""``goldenhour serve``: run the API and web pages with uvicorn; ``openapi``: the API's contract."""

from __future__ import annotations

import json
import socket
from pathlib import Path
from typing import Any

import typer
import uvicorn
from fastapi import FastAPI

from goldenhour import logs
from goldenhour.adapters.db import migrate
from goldenhour.api.app import create_app
from goldenhour.cli import runtime
from goldenhour.cli.common import one_line_errors
from goldenhour.config import Settings
from goldenhour.domain.shared.errors import InvalidInput


def serve(
    host: str = typer.Option("127.0.0.1", help="Address to listen on."),
    port: int = typer.Option(8000, help="Port to listen on."),
    upgrade: bool = typer.Option(True, help="Apply pending migrations first."),
    workers: int = typer.Option(
        1, min=1, help="API worker processes (PostgreSQL; on SQLite one is best)."
    ),
) -> None:
    """Serve GoldenHour on http://HOST:PORT (API under /api/v1, docs at /docs).

    With ``--workers N`` each worker is a process of its own with its own pool; live events
    reach every worker's streams through the PostgreSQL fan-out (on SQLite only the worker
    that made a change would see it, so keep one worker there)."""
    with one_line_errors():
        listening = listening_socket(host, port)
        if upgrade:
            migrate.upgrade(runtime.engine())
        settings = runtime.settings()
    typer.echo(f"GoldenHour on http://{host}:{port}  (health /health, API docs /docs)")
    if workers > 1:
        listening.close()  # found free; uvicorn's supervisor binds it for its workers
        logs.configure(settings.log_format)
        target = f"{__name__}:worker_app"
        uvicorn.run(target, host=host, port=port, workers=workers, factory=True, **UVICORN_OPTIONS)
        return
    run_uvicorn(create_app(settings), listening, settings.log_format)


def worker_app() -> FastAPI:
    """What each worker process of ``serve --workers N`` serves (settings from the environment)."""
    settings = Settings.from_env()
    logs.configure(settings.log_format)
    return create_app(settings)


# GoldenHour's own log lines only: each has its request id, and none holds a query string
# (uvicorn's access log, which would, is off; the app writes its own access line).
UVICORN_OPTIONS: dict[str, Any] = {"log_config": None, "access_log": False, "proxy_headers": True}


def listening_socket(host: str, port: int) -> socket.socket:
    """The port, bound before anything is printed or built: a busy port is one clear line at
    once, not an exit after the links were already shown."""
    listening = socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET)
    listening.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        listening.bind((host, port))
    except OSError as exc:
        listening.close()
        raise InvalidInput.for_field(
            "port",
            f"{host}:{port} is busy ({exc.strerror}): stop what listens there or pass --port",
        ) from None
    listening.listen(2048)
    return listening


def run_uvicorn(app: FastAPI, listening: socket.socket, log_format: str, **options: Any) -> None:
    logs.configure(log_format)
    config = uvicorn.Config(app, **{**UVICORN_OPTIONS, **options})
    uvicorn.Server(config).run(sockets=[listening])


def openapi(
    output: Path | None = typer.Option(None, "-o", "--output", help="Write here, not stdout."),
) -> None:
    """Print the API's OpenAPI document without a server or database.

    The web pages' TypeScript types are generated from it when they are built, so a page that
    reads a field the API no longer sends fails to compile.
    """
    document = json.dumps(create_app(Settings(database_url="sqlite://")).openapi(), indent=1)
    if output is None:
        typer.echo(document)
    else:
        output.write_text(document + "\n", encoding="utf-8")
