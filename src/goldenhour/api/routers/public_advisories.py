"""What anyone may read without signing in: the agency's published public advisories.

``/public/{agency}/advisories`` is a plain page, ``.atom`` the Atom feed
(``application/atom+xml``), ``/{identifier}.cap`` each CAP 1.2 document at a stable URL. Only
approved, published public alerts appear; every text is escaped, never HTML.
"""

from __future__ import annotations

from datetime import UTC
from html import escape

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from goldenhour.adapters.cap.atom import FeedEntry, feed_xml
from goldenhour.adapters.cap.xml import read_alert
from goldenhour.adapters.db.tables.surveillance import AdvisoryRow
from goldenhour.adapters.db.types import utcnow
from goldenhour.api.deps import UowDep
from goldenhour.services.accounts import users as accounts
from goldenhour.services.surveillance import advisories

router = APIRouter(prefix="/public", tags=["public advisories"])
SHOWN = ("published", "superseded", "cancelled")


def _rows(uow: UowDep, slug: str) -> tuple[str, list[AdvisoryRow]]:
    agency = accounts.agency_by_slug(uow, slug)
    return agency.name, advisories.listed(uow, agency.id, "public", SHOWN)


@router.get("/{slug}/advisories.atom")
def feed(slug: str, request: Request, uow: UowDep) -> Response:
    name, rows = _rows(uow, slug)
    base = str(request.base_url).rstrip("/")
    entries = [
        FeedEntry(
            read_alert(r.cap_xml.encode()),
            f"{base}/public/{slug}/advisories/{r.identifier}.cap",
            f"{base}/public/{slug}/advisories#{r.identifier}",
            r.published_at or r.created_at,
        )
        for r in rows
    ]
    xml = feed_xml(
        f"{base}/public/{slug}/advisories",
        f"{name}: public health advisories",
        f"{base}/public/{slug}/advisories.atom",
        name,
        entries,
        utcnow(),
    )
    return Response(xml, media_type="application/atom+xml")


@router.get("/{slug}/advisories/{identifier}.cap")
def cap_document(slug: str, identifier: str, uow: UowDep) -> Response:
    agency = accounts.agency_by_slug(uow, slug)
    row = advisories.shown_to_public(uow, agency.id, identifier, SHOWN)
    return Response(row.cap_xml, media_type="application/cap+xml")


@router.get("/{slug}/advisories", response_class=HTMLResponse)
def page(slug: str, uow: UowDep) -> HTMLResponse:
    name, rows = _rows(uow, slug)
    parts = [
        f"<h1>{escape(name)}: public health advisories</h1>",
        '<p><a href="advisories.atom">Atom feed</a></p>',
    ]
    if not rows:
        parts.append("<p>No advisories in force.</p>")
    for row in rows:
        alert = read_alert(row.cap_xml.encode())
        state = {"published": "", "superseded": " (updated)", "cancelled": " (cancelled)"}
        parts.append(f'<article id="{escape(row.identifier)}" class="advisory {row.status}">')
        for info in alert.infos:
            lang = escape(info.language)
            parts.append(
                f'<section lang="{lang}"><h2>{escape(info.headline or info.event)}'
                f"{state[row.status]}</h2>"
            )
            for label, text in (("", info.description), ("What to do: ", info.instruction)):
                if text:
                    parts.append(f"<p>{escape(label)}{escape(text)}</p>")
            areas = ", ".join(a.description for a in info.areas)
            expires = (
                info.expires.astimezone(UTC).strftime("%d %b %Y %H:%M UTC") if info.expires else "-"
            )
            parts.append(f"<p>Area: {escape(areas)}. Until {escape(expires)}.</p></section>")
        parts.append(f'<p><a href="advisories/{escape(row.identifier)}.cap">CAP</a></p></article>')
    html = (
        '<!doctype html><html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{escape(name)} advisories</title>"
        '<link rel="alternate" type="application/atom+xml" href="advisories.atom">'
        "<style>body{font:16px/1.5 system-ui,sans-serif;max-width:48rem;margin:1rem auto;"
        "padding:0 1rem}article{border-left:6px solid #b00020;padding:0 1rem;margin:1rem 0}"
        "article.cancelled,article.superseded{border-color:#888;color:#555}</style>"
        "</head><body>" + "".join(parts) + "</body></html>"
    )
    return HTMLResponse(html)
