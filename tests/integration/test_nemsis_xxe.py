"""XML parsing never resolves external entities, loads DTDs or touches the network.

Fixtures: Google's CAP library XXE test documents (``cap_1.2/google_testdata/xee.cap`` and
``xee.atom``), which declare external parameter and general entities, a remote DTD, a
``file:///etc/passwd`` entity and an XInclude.
"""

from __future__ import annotations

import http.server
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from lxml import etree

from conftest import require_refdata
from goldenhour.adapters.nemsis.validation import validate_document
from goldenhour.adapters.nemsis.xml_safety import hardened_parser, parse_xml
from goldenhour.domain.shared.errors import InvalidInput

FIXTURES = ["xee.cap", "xee.atom"]
SECRET = "ambulance-7-secret-contents"


@pytest.fixture
def listener() -> Iterator[tuple[str, list[str]]]:
    """A local HTTP server that records every request made to it."""
    requests: list[str] = []

    class Recorder(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            requests.append(self.path)
            self.send_response(200)
            self.end_headers()
            self.wfile.write(b'<!ENTITY leak "LEAKED">')

        def log_message(self, *args: object) -> None:
            pass

    server = http.server.HTTPServer(("127.0.0.1", 0), Recorder)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}", requests
    server.shutdown()
    server.server_close()


@pytest.mark.parametrize("fixture", FIXTURES)
def test_xxe_fixtures_are_refused_by_the_document_reader(fixture: str) -> None:
    path = require_refdata("cap_1.2", "google_testdata", fixture)
    with pytest.raises(InvalidInput, match="DOCTYPE") as caught:
        parse_xml(path)
    assert "root:" not in caught.value.detail


@pytest.mark.parametrize("fixture", FIXTURES)
def test_the_hardened_parser_leaves_xxe_fixture_entities_unresolved(fixture: str) -> None:
    path = require_refdata("cap_1.2", "google_testdata", fixture)
    passwd = Path("/etc/passwd").read_text(errors="replace").splitlines()[0]

    tree = etree.parse(str(path), hardened_parser())

    text = etree.tostring(tree, encoding="unicode")
    assert passwd not in text
    assert not tree.xpath("//*[local-name()='include']/*")  # XInclude never processed


def test_no_file_is_read_and_no_request_is_made_for_external_entities(
    tmp_path: Path, listener: tuple[str, list[str]]
) -> None:
    url, requests = listener
    secret = tmp_path / "secret.txt"
    secret.write_text(SECRET)
    document = (
        f'<!DOCTYPE r SYSTEM "{url}/remote.dtd" [<!ENTITY % p SYSTEM "{url}/p.dtd"> %p;'
        f'<!ENTITY file SYSTEM "{secret.as_uri()}"><!ENTITY web SYSTEM "{url}/web">]>'
        "<r><a>&file;</a><b>&web;</b><c>&leak;</c></r>"
    ).encode()

    tree = etree.ElementTree(etree.fromstring(document, hardened_parser()))

    text = etree.tostring(tree, encoding="unicode")
    assert SECRET not in text and "LEAKED" not in text
    assert requests == []
    with pytest.raises(InvalidInput, match="DOCTYPE"):
        validate_document(document, name="xxe.xml")
    assert requests == []
