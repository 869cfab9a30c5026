"""The web pages, served by the API: the dispatch board, crew screen, review queue and more.

Pages are TypeScript + Preact under ``web/`` in the repository, built by Vite (``make setup``)
into ``dist/`` here; the built files are not committed. A page still on the older plain
ES modules is served from ``static/`` until it is rebuilt on the shared front end.
"""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI
from fastapi.responses import FileResponse, PlainTextResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles

HERE = Path(__file__).parent
STATIC = HERE / "static"
DIST = HERE / "dist"
# route -> (folder, file): built pages from dist/ (web/NAME.html), older ones from static/.
PAGES = {
    "/board": (DIST, "board.html"),
    "/crew": (STATIC, "crew.html"),
    "/chart": (DIST, "chart.html"),  # the crew's chart app (installable, works offline)
    "/review": (DIST, "review.html"),
    "/publichealth": (DIST, "publichealth.html"),
    "/quality": (DIST, "quality.html"),
    "/planning": (DIST, "planning.html"),
    "/docs": (STATIC, "docs.html"),  # Swagger UI and ReDoc from local copies: work offline
    "/redoc": (STATIC, "redoc.html"),
}


def install(app: FastAPI) -> None:
    @app.get("/app/sw.js", include_in_schema=False)
    def chart_service_worker() -> Response:
        """The chart app's service worker. It lives beside the files it keeps (/app/), which
        it names relative to itself, and controls /chart, which the header allows."""
        worker = DIST / "sw.js"
        if not worker.is_file():
            return PlainTextResponse("sw.js is not built: run `make setup`", status_code=503)
        headers = {"Cache-Control": "no-cache", "Service-Worker-Allowed": "/chart"}
        return FileResponse(worker, media_type="text/javascript", headers=headers)

    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    # check_dir=False: the API serves without a build; a built page then says how to build it.
    app.mount("/app", StaticFiles(directory=DIST, check_dir=False), name="app")

    @app.get("/", include_in_schema=False)
    def home() -> RedirectResponse:
        return RedirectResponse("/board")

    for path, (folder, page) in PAGES.items():
        app.add_api_route(path, _page(folder / page), include_in_schema=False, methods=["GET"])


def _page(file: Path):  # type: ignore[no-untyped-def]
    def serve() -> Response:
        if not file.is_file():
            return PlainTextResponse(
                f"{file.name} is not built: run `make setup` (npm run build)", status_code=503
            )
        return FileResponse(file, headers={"Cache-Control": "no-cache"})

    return serve
