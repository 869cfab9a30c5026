"""``goldenhour serve``: run the API and web pages with uvicorn."""

from __future__ import annotations

import typer
import uvicorn

from goldenhour.adapters.db import migrate
from goldenhour.api.app import create_app
from goldenhour.cli import runtime


def serve(
    host: str = typer.Option("127.0.0.1", help="Address to listen on."),
    port: int = typer.Option(8000, help="Port to listen on."),
    upgrade: bool = typer.Option(True, help="Apply pending migrations first."),
) -> None:
    """Serve GoldenHour on http://HOST:PORT (API under /api/v1, docs at /docs)."""
    if upgrade:
        migrate.upgrade(runtime.engine())
    app = create_app(runtime.settings())
    typer.echo(f"GoldenHour on http://{host}:{port}  (health /health, API docs /docs)")
    uvicorn.run(app, host=host, port=port, log_level="info")
