#!/usr/bin/env python3
"""A stand-in for a chat webhook on 127.0.0.1: prints its port, takes one POST, writes the
request body to --out, answers 200 and exits. It gives up after --timeout seconds, so that a
test that never posts does not leave it running.

Usage: webhook_sink.py --out body.json [--timeout 120]
"""
import argparse
import http.server
import sys


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--out", required=True)
    p.add_argument("--timeout", type=float, default=120)
    a = p.parse_args()

    class Sink(http.server.BaseHTTPRequestHandler):
        def do_POST(self):
            body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
            with open(a.out, "wb") as f:
                f.write(body)
            self.send_response(200)
            self.send_header("Content-Type", "text/plain")
            self.end_headers()
            self.wfile.write(b"ok")

        def log_message(self, *args):
            pass

    server = http.server.HTTPServer(("127.0.0.1", 0), Sink)
    server.timeout = a.timeout
    print(server.server_address[1], flush=True)
    server.handle_request()
    sys.exit(0)


if __name__ == "__main__":
    main()
