"""Every page works under the Content-Security-Policy (no inline script) and with no network
beyond the server itself: the board, crew and review pages, and the API docs at /docs and
/redoc, which load Swagger UI and ReDoc from the package, not a CDN."""

from __future__ import annotations

import pytest
from browser import save_screenshot, sign_in
from dispatch_world import World
from live_server import LiveServer
from playwright.sync_api import Browser, Page, Route, expect
from test_browser_dispatch import site  # noqa: F401 (fixtures)

from goldenhour.config import Settings

REDOCLY_LOGO = "https://cdn.redoc.ly/redoc/logo-mini.svg"
RECORD_VIOLATIONS = """
window.__csp = [];
document.addEventListener("securitypolicyviolation",
    (e) => window.__csp.push(`${e.violatedDirective} ${e.blockedURI}`));
"""


def offline_page(chromium: Browser, server: LiveServer, width: int, height: int) -> Page:
    """A page that may reach only the GoldenHour server (anything else is aborted)."""
    context = chromium.new_context(viewport={"width": width, "height": height})
    context.add_init_script(RECORD_VIOLATIONS)

    def only_local(route: Route) -> None:
        if route.request.url.startswith(server.url):
            route.continue_()
        else:
            route.abort()

    context.route("**/*", only_local)
    return context.new_page()


@pytest.mark.parametrize(
    ("path", "shows"),
    [("/docs", "/api/v1/auth/login"), ("/redoc", "/api/v1/auth/login")],
)
def test_the_api_docs_render_offline_under_the_policy(
    site: tuple[LiveServer, World, Settings],  # noqa: F811
    browser: Browser,
    path: str,
    shows: str,
) -> None:
    server, _, _ = site
    page = offline_page(browser, server, 1366, 768)
    page.goto(f"{server.url}{path}")
    expect(page.get_by_text(shows).first).to_be_visible(timeout=60_000)
    save_screenshot(page, f"api{path.replace('/', '-')}")
    # ReDoc's "API docs by Redocly" footer links a remote logo: the policy blocks that one
    # image (as it should) and the reference itself is whole.
    blocked = [v for v in page.evaluate("window.__csp") if v != f"img-src {REDOCLY_LOGO}"]
    assert blocked == []


@pytest.mark.parametrize(
    ("path", "viewport", "user"),
    [
        ("/board", (1366, 768), "disp"),
        ("/crew", (800, 1280), "medic"),
        ("/review", (390, 844), "director"),
    ],
)
def test_the_pages_run_under_the_policy_with_no_violation(
    site: tuple[LiveServer, World, Settings],  # noqa: F811
    browser: Browser,
    path: str,
    viewport: tuple[int, int],
    user: str,
) -> None:
    server, world, _ = site
    world.unit("M1", "ALS", at=world.place("Union Station"))
    page = offline_page(browser, server, *viewport)
    sign_in(page, f"{server.url}{path}", user)
    page.wait_for_load_state("networkidle")
    save_screenshot(page, f"csp{path.replace('/', '-')}")
    assert page.evaluate("window.__csp") == []
