"""The public Atom feed of published advisories (RFC 4287, ``application/atom+xml``).

One entry per alert, newest first, each linking to its CAP document at a stable URL, which
is how alert aggregators (and IPAWS's public feed readers) expect to find CAP alerts.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from lxml import etree

from goldenhour.domain.advisories.cap import Alert

ATOM = "http://www.w3.org/2005/Atom"
A = f"{{{ATOM}}}"
CAP_MEDIA_TYPE = "application/cap+xml"


@dataclass(frozen=True)
class FeedEntry:
    alert: Alert
    cap_url: str  # absolute URL of the CAP document
    page_url: str  # the human-readable page
    updated: datetime


def feed_xml(
    feed_id: str,
    title: str,
    self_url: str,
    author: str,
    entries: Sequence[FeedEntry],
    updated: datetime,
) -> bytes:
    root = etree.Element(A + "feed", nsmap={None: ATOM})
    _text(root, "id", feed_id)
    _text(root, "title", title)
    _text(root, "updated", _time(max([updated, *(e.updated for e in entries)])))
    etree.SubElement(root, A + "link", rel="self", href=self_url, type="application/atom+xml")
    _text(etree.SubElement(root, A + "author"), "name", author)
    for entry in sorted(entries, key=lambda e: e.updated, reverse=True):
        info = entry.alert.infos[0] if entry.alert.infos else None
        node = etree.SubElement(root, A + "entry")
        _text(node, "id", entry.cap_url)
        _text(node, "title", (info.headline or info.event) if info else entry.alert.identifier)
        _text(node, "updated", _time(entry.updated))
        _text(node, "published", _time(entry.alert.sent))
        etree.SubElement(node, A + "link", rel="alternate", href=entry.cap_url, type=CAP_MEDIA_TYPE)
        etree.SubElement(node, A + "link", rel="related", href=entry.page_url, type="text/html")
        summary = info.description if info and info.description else entry.alert.msg_type
        _text(node, "summary", summary)
    document: bytes = etree.tostring(
        root, xml_declaration=True, encoding="UTF-8", pretty_print=True
    )
    return document


def _text(parent: etree._Element, name: str, text: str) -> None:
    etree.SubElement(parent, A + name).text = text


def _time(at: datetime) -> str:
    return at.isoformat(timespec="seconds")
