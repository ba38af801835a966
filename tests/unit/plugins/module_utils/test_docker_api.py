"""The Engine API client and the engine part of the gatherer, against a tiny threaded AF_UNIX HTTP server."""

from __future__ import annotations

import json
import shutil
import socket
import socketserver
import tempfile
import threading
import time
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from typing import Any

import pytest

from ansible_collections.hardened.docker.plugins.module_utils import _docker_api, _host_state
from ansible_collections.hardened.docker.plugins.module_utils._docker_api import (
    APIResponseError,
    DaemonUnreachable,
    DockerAPI,
    NotFound,
    socket_from_docker_host,
)

RUNNING = {"Status": "running", "Running": True, "Pid": 4242}
ROUTES: dict[str, tuple[int, Any]] = {
    "/info": (200, {"ServerVersion": "26.1.5", "SecurityOptions": ["name=seccomp,profile=builtin"], "Swarm": {}}),
    "/version": (200, {"Version": "26.1.5", "ApiVersion": "1.45"}),
    "/networks": (200, [{"Name": "bridge", "Driver": "bridge", "Options": {}}]),
    "/containers/json?all=1": (
        200,
        [
            {"Id": "aaa", "Names": ["/web"], "State": "running"},
            {"Id": "gone", "Names": ["/gone"], "State": "exited"},
            {"Id": "exited", "Names": ["/job"], "State": "exited"},
            {"Id": "broken", "Names": ["/stuck"], "State": "created"},
        ],
    ),
    "/containers/aaa/json": (
        200,
        {"Id": "aaa", "Name": "/web", "Image": "sha256:img", "State": RUNNING, "ExecIDs": ["e1", "e2"]},
    ),
    "/containers/gone/json": (404, {"message": "No such container: gone"}),
    "/containers/exited/json": (200, {"Id": "exited", "Image": "sha256:old", "State": {"Running": False, "Pid": 0}}),
    "/containers/broken/json": (500, {"message": "json: cannot unmarshal"}),
    "/images/json": (200, [{"Id": "sha256:img"}, {"Id": "sha256:unused"}, {"Id": "sha256:sick"}, {"Id": "sha256:rm"}]),
    "/images/sha256%3Aimg/json": (200, {"Id": "sha256:img", "RepoTags": ["web:1"]}),
    "/images/sha256%3Aunused/json": (200, {"Id": "sha256:unused", "RepoTags": ["tool:2"]}),
    "/images/sha256%3Asick/json": (500, {"message": "layer does not exist"}),
    "/images/sha256%3Arm/json": (404, {"message": "No such image"}),
    "/images/sha256%3Aold/json": (200, {"Id": "sha256:old", "RepoTags": []}),
    "/exec/e1/json": (200, {"ID": "e1", "ProcessConfig": {"privileged": False, "user": ""}}),
    "/exec/e2/json": (404, {"message": "No such exec instance: e2"}),
    "/broken": (500, {"message": "something broke"}),
}


class FakeEngine:
    """Serves canned JSON per path over a unix socket; counts connections and requests."""

    def __init__(self, path: str, routes: dict[str, tuple[int, Any]], delay: float = 0.0) -> None:
        self.path = path
        self.routes = routes
        self.delay = delay
        self.connections = 0
        self.requests: list[str] = []
        engine = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"  # keep-alive, like dockerd

            def setup(self) -> None:
                engine.connections += 1
                super().setup()

            def do_GET(self) -> None:
                engine.requests.append(self.path)
                time.sleep(engine.delay)
                status, body = engine.routes.get(self.path, (404, {"message": f"page not found: {self.path}"}))
                data = body if isinstance(body, bytes) else json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args: Any) -> None:
                pass

        self.server = socketserver.ThreadingUnixStreamServer(path, Handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, args=(0.05,), daemon=True)

    def __enter__(self) -> FakeEngine:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture()
def sockdir(tmp_path):
    # AF_UNIX paths are limited to about 108 bytes; long test names can exceed that in tmp_path.
    if len(str(tmp_path)) < 80:
        yield tmp_path
        return
    short = tempfile.mkdtemp(prefix="eng")
    yield Path(short)
    shutil.rmtree(short, ignore_errors=True)


@pytest.fixture()
def engine(sockdir):
    with FakeEngine(str(sockdir / "docker.sock"), ROUTES) as fake:
        yield fake


def test_get_returns_json_and_reuses_one_connection(engine):
    with DockerAPI(engine.path, timeout=5) as api:
        assert api.get("/info")["ServerVersion"] == "26.1.5"
        assert api.get("/version")["ApiVersion"] == "1.45"
        assert api.inspect_container("aaa")["Name"] == "/web"
        assert api.inspect_image("sha256:img")["RepoTags"] == ["web:1"]
    assert engine.connections == 1
    assert engine.requests == ["/info", "/version", "/containers/aaa/json", "/images/sha256%3Aimg/json"]


def test_query_parameters_are_encoded(engine):
    with DockerAPI(engine.path) as api:
        assert [c["Id"] for c in api.get("/containers/json", {"all": "1"})][:1] == ["aaa"]
        with pytest.raises(NotFound):
            api.get("/containers/json", {"all": "1", "size": "1"})
    assert engine.requests == ["/containers/json?all=1", "/containers/json?all=1&size=1"]


def test_404_is_not_found_with_the_daemon_message(engine):
    with DockerAPI(engine.path) as api, pytest.raises(NotFound) as exc:
        api.inspect_container("gone")
    assert exc.value.status == 404
    assert str(exc.value) == "GET /containers/gone/json returned HTTP 404: No such container: gone"


def test_other_http_errors(engine):
    with DockerAPI(engine.path) as api, pytest.raises(APIResponseError) as exc:
        api.get("/broken")
    assert not isinstance(exc.value, NotFound)
    assert "HTTP 500: something broke" in str(exc.value)


def test_reconnects_when_the_daemon_closed_the_kept_alive_connection(engine):
    with DockerAPI(engine.path) as api:
        api.get("/info")
        api._conn.sock.shutdown(socket.SHUT_RDWR)  # as if dockerd dropped an idle connection
        assert api.get("/version")["Version"] == "26.1.5"
    assert engine.connections == 2


def test_missing_socket(sockdir):
    with DockerAPI(str(sockdir / "nope.sock")) as api, pytest.raises(DaemonUnreachable, match="does not exist"):
        api.get("/info")


def test_connection_refused(sockdir):
    path = str(sockdir / "dead.sock")
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    listener.bind(path)  # bound but never listening: connect() is refused
    try:
        with DockerAPI(path) as api, pytest.raises(DaemonUnreachable, match=r"connection refused on .*dead\.sock"):
            api.get("/info")
    finally:
        listener.close()


def test_permission_denied(monkeypatch, engine):
    def deny(self):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(_docker_api._UnixHTTPConnection, "connect", deny)
    with DockerAPI(engine.path) as api, pytest.raises(
        DaemonUnreachable, match=r"permission denied on .*run the audit as root"
    ):
        api.get("/info")


def test_timeout(sockdir):
    slow = FakeEngine(str(sockdir / "slow.sock"), ROUTES, delay=0.5)
    with slow, DockerAPI(slow.path, timeout=0.1) as api, pytest.raises(DaemonUnreachable, match=r"within 0\.1 s"):
        api.get("/info")


def test_body_that_is_not_json(sockdir):
    odd = FakeEngine(str(sockdir / "odd.sock"), {"/info": (200, b"<html>proxy error</html>")})
    with odd, DockerAPI(odd.path) as api, pytest.raises(APIResponseError, match="response is not JSON"):
        api.get("/info")


@pytest.mark.parametrize(
    ("value", "path"),
    [
        ("unix:///run/user/1000/docker.sock", "/run/user/1000/docker.sock"),
        ("/var/run/docker.sock", "/var/run/docker.sock"),
        ("tcp://10.0.0.1:2376", None),
        ("ssh://admin@host", None),
        ("", None),
        (None, None),
        ("unix://", None),
    ],
)
def test_socket_from_docker_host(value, path):
    assert socket_from_docker_host(value) == path


# -- the engine part of the gatherer ---------------------------------------------------------------


def test_gather_engine_inspects_every_container_and_image_and_skips_vanished_ones(engine):
    gathered = _host_state._gather_engine(engine.path, 5.0)
    assert gathered["engine"]["error"] is None
    assert gathered["engine"]["info"]["ServerVersion"] == "26.1.5"
    assert gathered["engine"]["networks"][0]["Name"] == "bridge"
    assert "/containers/json?all=1" in engine.requests  # docker ps --all, as the benchmark audits
    assert [c["Id"] for c in gathered["containers"]] == ["aaa", "exited"]  # "gone" was a 404
    # An inspect that failed for another reason is kept, so that the checks say so.
    assert gathered["container_errors"] == [
        {
            "Id": "broken",
            "Name": "stuck",
            "State": "created",
            "error": "GET /containers/broken/json returned HTTP 500: json: cannot unmarshal",
        }
    ]
    # Every image on the host (docker images), plus those in use; "rm" went away after the list.
    assert list(gathered["images"]) == ["sha256:img", "sha256:unused", "sha256:old"]
    assert gathered["image_errors"] == {
        "sha256:sick": "GET /images/sha256%3Asick/json returned HTTP 500: layer does not exist"
    }
    assert list(gathered["execs"]) == ["e1"]  # e2 ended between inspect and exec inspect
    assert engine.connections == 1


def test_gather_engine_records_the_reason_when_unreachable(sockdir):
    gathered = _host_state._gather_engine(str(sockdir / "missing.sock"), 1.0)
    assert gathered["engine"]["info"] is None
    assert gathered["engine"]["error"].startswith("socket ") and "does not exist" in gathered["engine"]["error"]
    assert gathered["containers"] == []


def test_gather_engine_error_mid_way(sockdir):
    routes = dict(ROUTES)
    routes["/containers/json?all=1"] = (500, {"message": "daemon is shutting down"})
    with FakeEngine(str(sockdir / "busy.sock"), routes) as busy:
        gathered = _host_state._gather_engine(busy.path, 1.0)
    assert "HTTP 500: daemon is shutting down" in gathered["engine"]["error"]
