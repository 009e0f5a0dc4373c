"""`vocabgen push` against a loopback stand-in of AnkiConnect whose collection is a real Anki one."""

from __future__ import annotations

import threading
import time
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest
from click.testing import CliRunner

pytest.importorskip("anki.collection")

from ankiconnect_standin import AnkiConnectStandIn  # noqa: E402
from helpers import answer, build, seed, vocab_notes  # noqa: E402


def _push(*args: str):
    from vocabgen.cli import main

    return CliRunner().invoke(main, ["push", *args])


@pytest.mark.slow  # builds, then imports into a real Anki collection twice
def test_push_imports_and_a_second_push_updates_in_place(tmp_path, anki_collection):
    out = tmp_path / "decks"
    build([seed(1)], out)
    col = anki_collection()
    with AnkiConnectStandIn(col) as anki:
        result = _push(str(out), "--url", anki.url)
        assert result.exit_code == 0, result.output
        assert [r["action"] for r in anki.requests] == ["version", "importPackage"]
        notes = {n.guid: n.id for n in vocab_notes(col)}
        assert len(notes) >= 20
        studied = answer(col, 6)
        reviews = col.db.scalar("select count() from revlog")
        assert reviews == len(studied) == 6
        # A stale gloss in the collection: the next build's copy of the note is newer.
        stale = vocab_notes(col)[0]
        fresh_meaning = stale["Meaning"]
        stale["Meaning"] = "an outdated gloss"
        col.update_note(stale)
        time.sleep(1.1)  # note modification times are in seconds
        build([seed(1)], out, "--force")

        result = _push(str(out), "--url", anki.url)
        assert result.exit_code == 0, result.output
        assert {n.guid: n.id for n in vocab_notes(col)} == notes  # same notes, no new ones
        assert col.get_note(stale.id)["Meaning"] == fresh_meaning
        assert col.db.scalar("select count() from revlog") == reviews
        assert all(col.get_card(cid).reps >= 1 for cid in studied)


def test_push_says_when_anki_is_not_running(tmp_path):
    out = tmp_path / "decks"
    (out / "a").mkdir(parents=True)
    (out / "a" / "a.apkg").write_bytes(b"PK")
    server = HTTPServer(("127.0.0.1", 0), BaseHTTPRequestHandler)
    port = server.server_address[1]
    server.server_close()  # a port nothing listens on
    result = _push(str(out), "--url", f"http://127.0.0.1:{port}")
    assert result.exit_code == 1
    assert "cannot reach AnkiConnect" in result.output and "2055492159" in result.output


def test_push_says_when_something_else_answers(tmp_path):
    out = tmp_path / "decks"
    (out / "a").mkdir(parents=True)
    (out / "a" / "a.apkg").write_bytes(b"PK")

    class Page(BaseHTTPRequestHandler):
        def do_POST(self):  # noqa: N802
            data = b"<html>hello</html>"
            self.send_response(200)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, *args):
            pass

    server = HTTPServer(("127.0.0.1", 0), Page)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        result = _push(str(out), "--url", f"http://127.0.0.1:{server.server_address[1]}")
    finally:
        server.shutdown()
        server.server_close()
    assert result.exit_code == 1
    assert "not AnkiConnect" in result.output
