#!/usr/bin/env python3
"""A local HTTP proxy in front of moto that fails on purpose, by AWS region.

The region is read from the SigV4 credential scope of each request
(`Credential=AKID/20261125/<region>/<service>/aws4_request`), so one endpoint can stand for
several regions that fail in different ways:

  --deny REGION    every call answers 403 AccessDenied, in the service's own error format
  --drop REGION    the connection is closed without an answer (an unreachable endpoint)
  --hang REGION    no answer until the client gives up
  --error REGION   every call answers HTTP 500
  --deny-body TEXT every call whose body contains TEXT answers 403 AccessDenied (e.g. one
                   account's role ARN in sts:AssumeRole)

Everything else is forwarded to --upstream. The proxy prints its port on stdout.
"""
import argparse
import http.client
import http.server
import re
import socket
import sys
import threading
import time

SCOPE = re.compile(r"Credential=[^/]+/\d{8}/([a-z0-9-]+)/")


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--upstream", required=True)
    for flag in ("deny", "drop", "hang", "error", "deny-body"):
        p.add_argument("--" + flag, action="append", default=[])
    a = p.parse_args()
    host, port = a.upstream.split("//", 1)[1].split(":")

    class Handler(http.server.BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args):
            pass

        def handle_any(self):
            body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
            m = SCOPE.search(self.headers.get("Authorization", ""))
            region = m.group(1) if m else ""
            if region in a.drop:
                self.connection.shutdown(socket.SHUT_RDWR)
                self.close_connection = True
                return
            if region in a.hang:
                time.sleep(3600)
                return
            text = body.decode("utf-8", "replace")
            if region in a.deny or any(t in text for t in a.deny_body):
                query = "x-www-form-urlencoded" in self.headers.get("Content-Type", "")
                if query:
                    out = (
                        b"<ErrorResponse><Error><Type>Sender</Type><Code>AccessDenied</Code>"
                        b"<Message>User is not authorized to perform this action</Message></Error>"
                        b"<RequestId>fault-proxy</RequestId></ErrorResponse>"
                    )
                    ctype = "text/xml"
                else:
                    out = b'{"message": "User is not authorized to perform this action"}'
                    ctype = "application/json"
                self.send_response(403)
                self.send_header("Content-Type", ctype)
                self.send_header("x-amzn-ErrorType", "AccessDeniedException")
                self.send_header("Content-Length", str(len(out)))
                self.end_headers()
                self.wfile.write(out)
                return
            if region in a.error:
                out = b"<html>internal error</html>"
                self.send_response(500)
                self.send_header("Content-Length", str(len(out)))
                self.end_headers()
                self.wfile.write(out)
                return
            conn = http.client.HTTPConnection(host, int(port), timeout=600)
            headers = {k: v for k, v in self.headers.items() if k.lower() != "connection"}
            conn.request(self.command, self.path, body=body, headers=headers)
            resp = conn.getresponse()
            data = resp.read()
            self.send_response(resp.status)
            for k, v in resp.getheaders():
                if k.lower() not in ("transfer-encoding", "connection", "content-length"):
                    self.send_header(k, v)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)
            conn.close()

        do_GET = do_POST = do_PUT = do_DELETE = do_PATCH = do_HEAD = handle_any

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    print(server.server_address[1], flush=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    # Stop when the test closes our stdin (or dies).
    sys.stdin.read()


if __name__ == "__main__":
    main()
