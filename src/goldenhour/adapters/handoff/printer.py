"""HTML to PDF with Debian's Chromium driven by Playwright (never a downloaded browser).

One short-lived browser per document: a handoff is printed a few times per call, and a
browser kept open would hold memory on a small server for no gain.
"""

from __future__ import annotations

import shutil

from goldenhour.domain.shared.errors import ServiceUnavailable

CHROMIUM = "/usr/bin/chromium"
FLAGS = ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync"]  # fmt: skip


def print_pdf(page_html: str) -> bytes:
    """The document printed on A4 with margins, backgrounds included."""
    if shutil.which(CHROMIUM) is None:
        raise ServiceUnavailable(f"PDF: {CHROMIUM} is not installed (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        try:
            page = browser.new_page()
            page.route("**/*", lambda route: route.abort())  # nothing leaves the document
            page.set_content(page_html, wait_until="load")
            return page.pdf(
                format="A4",
                print_background=True,
                margin={"top": "12mm", "bottom": "12mm", "left": "10mm", "right": "10mm"},
            )
        finally:
            browser.close()
