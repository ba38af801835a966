"""Bad input stops the role before it writes anything, and the message names the variable.

Numeric ranges are checked at unit level (tests/unit/roles/bad_input.yml).
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from tls_helpers import DOCKER, ca_dir, flat, key_and_cert, run_converge

HOST = "bookworm-tls"
WATCHED = "/etc/docker/daemon.json /etc/docker/tls /etc/docker/tls/* /etc/systemd/system/docker.service.d/*"


def host_snapshot() -> str:
    """Name, size, mtime and mode of every file the role writes on the host."""
    return subprocess.run(
        [DOCKER, "exec", HOST, "sh", "-c", f"stat -c '%n %s %Y %a %U:%G' {WATCHED}"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout


def controller_snapshot() -> list[tuple[str, int, int]]:
    return sorted((str(p), p.stat().st_size, p.stat().st_mtime_ns) for p in ca_dir().parent.rglob("*"))


def supplied_ca_with_wrong_key(tmp_path: Path) -> dict:
    key_and_cert(tmp_path, "ca", ca=True)
    key_and_cert(tmp_path, "other", ca=True)
    return {"tls_ca_cert_path": str(tmp_path / "ca.pem"), "tls_ca_key_path": str(tmp_path / "other-key.pem")}


def supplied_server_with_wrong_key(tmp_path: Path) -> dict:
    ca = key_and_cert(tmp_path, "ca", ca=True)
    key_and_cert(tmp_path, "server", signer=ca)
    key_and_cert(tmp_path, "other", signer=ca)
    return {
        "tls_clients": [],
        "tls_ca_cert_path": str(tmp_path / "ca.pem"),
        "tls_server_cert_path": str(tmp_path / "server.pem"),
        "tls_server_key_path": str(tmp_path / "other-key.pem"),
    }


def only(**extra_vars):
    return lambda _: extra_vars


CASES = {
    "bind address is a name": (only(tls_bind_address="docker.example.test"), "tls_bind_address"),
    "client name with a slash": (only(tls_clients=["alice", "../bob"]), "tls_clients"),
    "local socket is not a unix socket": (only(tls_local_host="tcp://127.0.0.1:2375"), "tls_local_host"),
    "CA key without its certificate": (only(tls_ca_key_path="/nonexistent/ca-key.pem"), "tls_ca_key_path"),
    "supplied CA without a key or server certificates": (
        only(tls_ca_cert_path="/nonexistent/ca.pem"),
        "tls_ca_key_path",
    ),
    "server certificate without its key": (
        only(tls_ca_cert_path="/nonexistent/ca.pem", tls_server_cert_path="/nonexistent/server.pem"),
        "tls_server_key_path",
    ),
    "clients without a CA key": (
        only(
            tls_ca_cert_path="/nonexistent/ca.pem",
            tls_server_cert_path="/nonexistent/server.pem",
            tls_server_key_path="/nonexistent/server-key.pem",
        ),
        "tls_clients",
    ),
    "CA rotation with a supplied CA": (
        only(tls_ca_cert_path="/nonexistent/ca.pem", tls_ca_key_path="/nonexistent/ca-key.pem", tls_rotate_ca=True),
        "tls_rotate_ca",
    ),
    "advertised address is neither a name nor an address": (
        only(tls_advertise_address="docker host"),
        "tls_advertise_address",
    ),
    "SAN list with an invalid entry": (
        lambda _: {"tls_extra_sans": ["ok.example.test", "bad host!"]},
        "tls_extra_sans",
    ),
    "supplied CA path missing": (
        lambda _: {"tls_ca_cert_path": "/nonexistent/ca.pem", "tls_ca_key_path": "/nonexistent/ca-key.pem"},
        "tls_ca_cert_path",
    ),
    "supplied CA key does not match its certificate": (supplied_ca_with_wrong_key, "tls_ca_key_path"),
    "supplied server key does not match its certificate": (supplied_server_with_wrong_key, "tls_server_key_path"),
}


@pytest.mark.parametrize("case", list(CASES))
def test_bad_input_fails_before_touching_anything(case, tmp_path):
    make_vars, variable = CASES[case]
    extra_vars = make_vars(tmp_path)
    host_before, controller_before = host_snapshot(), controller_snapshot()
    run = run_converge(tmp_path, extra_vars, limit=HOST)
    output = run.stdout + run.stderr
    assert run.returncode != 0, output[-3000:]
    failure = [line for line in output.splitlines() if variable in line]
    print(case, "->", failure[:2])
    assert failure, output[-3000:]
    assert host_snapshot() == host_before
    assert controller_snapshot() == controller_before


def test_docker_opts_in_etc_default_docker_stop_the_role(tmp_path):
    """The drop-in no longer passes $DOCKER_OPTS to dockerd: options set there must move before the role runs."""
    default = "/etc/default/docker"
    original = subprocess.run([DOCKER, "exec", HOST, "cat", default], capture_output=True, text=True).stdout
    subprocess.run([DOCKER, "exec", HOST, "sh", "-c", f"echo 'DOCKER_OPTS=\"--debug\"' >> {default}"], check=True)
    try:
        host_before = host_snapshot()
        run = run_converge(tmp_path, limit=HOST)
        output = run.stdout + run.stderr
        assert run.returncode != 0, output[-3000:]
        assert "DOCKER_OPTS" in flat(output) and "tls_dockerd_args" in flat(output), output[-3000:]
        assert host_snapshot() == host_before
    finally:
        subprocess.run(
            [DOCKER, "exec", "-i", HOST, "sh", "-c", f"cat > {default}"], input=original, text=True, check=True
        )
