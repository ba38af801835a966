"""What a TLS server decided about a client's certificate, read from the connection itself.

With TLS 1.3 the client finishes its side of the handshake before the server has checked the client's
certificate, so the server's verdict comes afterwards, as an alert. A client that writes first (the docker CLI
sends its HTTP request at once) races that alert: the server closes with the client's request unread, the kernel
answers the request with a reset, and the client reports "connection reset by peer" instead of the alert. This
probe writes nothing until it has waited for the verdict: an alert is a refusal, naming the server's reason; no
alert, then an answer to /_ping, is an acceptance. A reset before any alert proves nothing, so that attempt is
made again, and never counted as a refusal.

Imported by the tests on the controller, and run inside a test host as
``python3 - HOST PORT CA [CERT KEY] < tls_probe.py``, which prints the result as one JSON line. Standard library
only: the test hosts have nothing else.
"""

from __future__ import annotations

import json
import socket
import ssl
import sys

# OpenSSL's names for the alerts a server sends when it refuses a client certificate.
REFUSALS = {
    "SSLV3_ALERT_BAD_CERTIFICATE": "bad certificate",
    "TLSV13_ALERT_CERTIFICATE_REQUIRED": "certificate required",
    "TLSV1_ALERT_UNKNOWN_CA": "unknown certificate authority",
}
ATTEMPTS = 5
VERDICT_WAIT = 3.0  # seconds without an alert after the handshake before the client counts as let in
TIMEOUT = 30.0


def _attempt(host: str, port: int, ca: str, cert: str | None, key: str | None) -> dict:
    context = ssl.create_default_context(cafile=ca)
    context.check_hostname = False  # dialled by address; the client's view of the server is tested elsewhere
    if cert:
        context.load_cert_chain(cert, key)
    with socket.create_connection((host, port), timeout=TIMEOUT) as raw, context.wrap_socket(raw) as tls:
        tls.settimeout(VERDICT_WAIT)
        try:
            early = tls.recv(1)
        except TimeoutError:
            tls.settimeout(TIMEOUT)
            tls.sendall(b"GET /_ping HTTP/1.0\r\nHost: docker\r\n\r\n")
            status = tls.recv(4096).decode("utf-8", "replace").partition("\r\n")[0]
            return {"outcome": "accepted", "detail": status, "tls": tls.version()}
        if not early:
            return {"outcome": "closed", "detail": "the server closed the connection without an alert"}
        return {"outcome": "error", "detail": f"the server sent data before any request: {early!r}"}


def handshake(host: str, port: int, ca: str, cert: str | None = None, key: str | None = None) -> dict:
    """{"outcome": "refused" | "accepted" | "reset" | "closed" | "error", "detail", "attempts", ...}."""
    resets = 0
    for attempt in range(1, ATTEMPTS + 1):
        try:
            result = _attempt(host, port, ca, cert, key)
        except ConnectionResetError as exc:
            resets += 1
            result = {"outcome": "reset", "detail": str(exc)}
            continue
        except ssl.SSLError as exc:
            if exc.reason in REFUSALS:
                result = {"outcome": "refused", "alert": REFUSALS[exc.reason], "detail": str(exc)}
            else:
                result = {"outcome": "error", "detail": f"{type(exc).__name__}: {exc}"}
        except OSError as exc:
            result = {"outcome": "error", "detail": f"{type(exc).__name__}: {exc}"}
        return dict(result, attempts=attempt, resets=resets)
    return dict(result, attempts=ATTEMPTS, resets=resets)


if __name__ == "__main__":
    args = sys.argv[1:]
    if len(args) not in (3, 5):
        sys.exit("usage: python3 - HOST PORT CA [CERT KEY] < tls_probe.py")
    print(json.dumps(handshake(args[0], int(args[1]), *args[2:])))
