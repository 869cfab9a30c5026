"""Tiny hand-written OSM XML files for import tests."""

from __future__ import annotations

from pathlib import Path

# A block of four nodes ~111 m apart (at the equator):
#   4 ---- 3
#   |      |
#   1 ---- 2      the way 1 -> 2 is one-way (unless told otherwise)
NODES = {1: (0.0, 0.0), 2: (0.001, 0.0), 3: (0.001, 0.001), 4: (0.0, 0.001)}


def osm_xml(
    ways: list[tuple[list[int], dict[str, str]]],
    nodes: dict[int, tuple[float, float]] | None = None,
) -> str:
    nodes = NODES if nodes is None else nodes
    lines = ['<?xml version="1.0" encoding="UTF-8"?>', '<osm version="0.6" generator="test">']
    for nid, (lon, lat) in nodes.items():
        lines.append(f'  <node id="{nid}" version="1" lat="{lat}" lon="{lon}"/>')
    for wid, (refs, tags) in enumerate(ways, start=100):
        lines.append(f'  <way id="{wid}" version="1">')
        lines += [f'    <nd ref="{r}"/>' for r in refs]
        lines += [f'    <tag k="{k}" v="{v}"/>' for k, v in tags.items()]
        lines.append("  </way>")
    lines.append("</osm>")
    return "\n".join(lines) + "\n"


def block(tmp_path: Path, first_way_tags: dict[str, str], name: str = "block.osm") -> Path:
    path = tmp_path / name
    path.write_text(
        osm_xml(
            [
                ([1, 2], {"highway": "residential", **first_way_tags}),
                ([2, 3, 4, 1], {"highway": "residential"}),
            ]
        )
    )
    return path
