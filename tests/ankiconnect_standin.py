"""A loopback stand-in for the AnkiConnect add-on: its HTTP API (POST JSON
{"action", "version", "params"} -> {"result", "error"}) in front of a real `anki`
collection. `importPackage` does what the add-on's does, Anki's own package import
(matching notes by GUID, updating those whose package copy is newer)."""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class AnkiConnectStandIn:
    def __init__(self, col):
        self.col = col
        self.requests: list[dict] = []
        self.lock = threading.Lock()
        stand_in = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):  # noqa: N802 (http.server's name)
                body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                stand_in.requests.append(body)
                try:
                    with stand_in.lock:
                        answer = {"result": stand_in.handle(body["action"], body.get("params", {})), "error": None}
                except Exception as exc:  # the add-on reports any failure in "error"
                    answer = {"result": None, "error": str(exc)}
                data = json.dumps(answer).encode("utf-8")
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def handle(self, action: str, params: dict):
        if action == "version":
            return 6
        if action == "deckNames":
            return [d.name for d in self.col.decks.all_names_and_ids()]
        if action == "importPackage":
            from helpers import import_package

            import_package(self.col, params["path"])
            return True
        raise ValueError("unsupported action")

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()
        self.thread.join()
