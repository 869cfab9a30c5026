"""Vega-Lite to SVG and PDF on the server with vl-convert (no browser, no network)."""

from __future__ import annotations

from typing import Any

import vl_convert


def to_svg(spec: dict[str, Any]) -> str:
    return str(vl_convert.vegalite_to_svg(spec))


def to_pdf(spec: dict[str, Any]) -> bytes:
    return bytes(vl_convert.vegalite_to_pdf(spec))
