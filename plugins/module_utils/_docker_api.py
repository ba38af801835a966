# Private to the hardened.docker collection: not a public API, may change without notice.
"""A minimal, read-only Docker Engine API client over a unix socket (stdlib only).

One HTTP/1.1 connection is kept alive and reused, so that inspecting a few
hundred containers costs one connect. Failures are raised as typed errors whose
message says what to do, because they end up as evidence in audit results.
"""

from __future__ import annotations

import http.client
import json
import socket
from typing import Any
from urllib.parse import quote, urlencode

DEFAULT_SOCKET = "/var/run/docker.sock"


class DockerAPIError(Exception):
    """Any failure to get an answer from the Engine API."""


class DaemonUnreachable(DockerAPIError):
    """The socket is missing, refused, not permitted, or the daemon did not answer in time."""


class APIResponseError(DockerAPIError):
    def __init__(self, status: int, path: str, message: str) -> None:
        super().__init__(f"GET {path} returned HTTP {status}: {message}")
        self.status = status
        self.path = path


class NotFound(APIResponseError):
    """HTTP 404, for example a container that exited between list and inspect."""


def socket_from_docker_host(value: str | None) -> str | None:
    """The socket path of a unix:// DOCKER_HOST value; None for tcp://, ssh:// and empty values."""
    if not value:
        return None
    if value.startswith("unix://"):
        return value[len("unix://") :] or None
    if value.startswith("/"):
        return value
    return None


class _UnixHTTPConnection(http.client.HTTPConnection):
    def __init__(self, socket_path: str, timeout: float) -> None:
        super().__init__("localhost", timeout=timeout)
        self.socket_path = socket_path

    def connect(self) -> None:
        sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        sock.settimeout(self.timeout)
        try:
            sock.connect(self.socket_path)
        except BaseException:
            sock.close()
            raise
        self.sock = sock


class DockerAPI:
    def __init__(self, socket_path: str = DEFAULT_SOCKET, timeout: float = 10.0) -> None:
        self.socket_path = socket_path
        self.timeout = timeout
        self._conn: _UnixHTTPConnection | None = None

    def close(self) -> None:
        if self._conn is not None:
            self._conn.close()
            self._conn = None

    def __enter__(self) -> DockerAPI:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _unreachable(self, exc: BaseException) -> DaemonUnreachable:
        where = self.socket_path
        if isinstance(exc, FileNotFoundError):
            return DaemonUnreachable(f"socket {where} does not exist (is dockerd running, and is this its socket?)")
        if isinstance(exc, PermissionError):
            return DaemonUnreachable(f"permission denied on {where} (run the audit as root, e.g. with become: true)")
        if isinstance(exc, ConnectionRefusedError):
            return DaemonUnreachable(f"connection refused on {where} (dockerd is not running or not listening)")
        if isinstance(exc, socket.timeout):
            return DaemonUnreachable(f"no answer on {where} within {self.timeout:g} s")
        return DaemonUnreachable(f"cannot talk to {where}: {exc}")

    def _send(self, path: str) -> tuple[int, bytes]:
        if self._conn is None:
            self._conn = _UnixHTTPConnection(self.socket_path, self.timeout)
        self._conn.request("GET", path, headers={"Accept": "application/json"})
        response = self._conn.getresponse()
        return response.status, response.read()

    def _request(self, path: str) -> tuple[int, bytes]:
        reused = self._conn is not None
        try:
            return self._send(path)
        except (OSError, http.client.HTTPException) as exc:
            self.close()
            # The daemon may have closed a kept-alive connection: retry once on a fresh one.
            if not (reused and isinstance(exc, (ConnectionResetError, BrokenPipeError))):
                raise self._unreachable(exc) from None
        try:
            return self._send(path)
        except (OSError, http.client.HTTPException) as exc:
            self.close()
            raise self._unreachable(exc) from None

    def get(self, path: str, params: dict[str, Any] | None = None) -> Any:
        """GET a path (e.g. "/info") and return the decoded JSON body."""
        if params:
            path = f"{path}?{urlencode(params)}"
        status, body = self._request(path)
        if status >= 400:
            try:
                message = json.loads(body.decode("utf-8", "replace")).get("message", "")
            except (ValueError, AttributeError):
                message = body.decode("utf-8", "replace").strip()
            cls = NotFound if status == 404 else APIResponseError
            raise cls(status, path, message[:300])
        try:
            return json.loads(body.decode("utf-8"))
        except ValueError as exc:
            raise APIResponseError(status, path, f"response is not JSON ({exc})") from None

    def list_containers(self) -> list[dict[str, Any]]:
        """Every container in any state, as `docker ps --all` lists them (the benchmark audits these)."""
        return self.get("/containers/json", {"all": "1"})

    def list_images(self) -> list[dict[str, Any]]:
        """The images on the host, as `docker images` lists them (intermediate build layers left out)."""
        return self.get("/images/json")

    def inspect_container(self, container_id: str) -> dict[str, Any]:
        return self.get(f"/containers/{quote(container_id, safe='')}/json")

    def inspect_image(self, image_id: str) -> dict[str, Any]:
        return self.get(f"/images/{quote(image_id, safe='')}/json")

    def inspect_exec(self, exec_id: str) -> dict[str, Any]:
        return self.get(f"/exec/{quote(exec_id, safe='')}/json")
