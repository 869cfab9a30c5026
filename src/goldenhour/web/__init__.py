"""The dispatch board, the crew screen and the review queue: static pages served by the API.

Pages are plain HTML and ES modules, with Leaflet copied from npm into ``static/vendor`` by
``make`` (built files are not committed). They talk only to the public API and the event stream.
"""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI
from fastapi.responses import FileResponse, RedirectResponse
from fastapi.staticfiles import StaticFiles

STATIC = Path(__file__).with_name("static")
PAGES = {"/board": "board.html", "/crew": "crew.html", "/review": "review.html"}


def install(app: FastAPI) -> None:
    app.mount("/static", StaticFiles(directory=STATIC), name="static")

    @app.get("/", include_in_schema=False)
    def home() -> RedirectResponse:
        return RedirectResponse("/board")

    for path, page in PAGES.items():
        app.add_api_route(path, _page(STATIC / page), include_in_schema=False, methods=["GET"])


def _page(file: Path):  # type: ignore[no-untyped-def]
    def serve() -> FileResponse:
        return FileResponse(file, headers={"Cache-Control": "no-cache"})

    return serve
