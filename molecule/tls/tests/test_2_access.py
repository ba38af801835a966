"""From the controller and from the other test host: who gets in on tcp/2376 and who does not."""

from __future__ import annotations

import http.client
import os
import socket
import stat
import subprocess

import pytest
from tls_helpers import (
    DOCKER,
    HOSTS,
    PORT,
    assert_refused,
    ca_dir,
    client_dir,
    docker_cli,
    host_ip,
    probe,
    probe_from,
    rogue_client,
)


def env_file(client: str, host: str) -> dict[str, str]:
    values = {}
    for line in (client_dir(client) / f"{host}.env").read_text().splitlines():
        if line and not line.startswith("#"):
            key, _, value = line.partition("=")
            values[key] = value
    return values


@pytest.mark.parametrize("host", HOSTS)
@pytest.mark.parametrize("client", ["alice", "bob"])
def test_client_env_file_reaches_the_daemon(host, client, empty_home):
    values = env_file(client, host)
    assert values["DOCKER_HOST"] == f"tcp://{host_ip(host)}:{PORT}"
    assert values["DOCKER_TLS_VERIFY"] == "1"
    env = {k: v for k, v in os.environ.items() if not k.startswith("DOCKER_")}
    env.update(values, HOME=str(empty_home))
    out = subprocess.run(
        [DOCKER, "version", "--format", "{{.Server.Version}}"], env=env, capture_output=True, text=True, timeout=60
    )
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip()


@pytest.mark.parametrize("host", HOSTS)
def test_the_probe_sees_a_valid_client_let_in(host):
    """The refusal probe can tell the other outcome apart: with alice's files the server lets it in."""
    alice = client_dir()
    result = probe(host_ip(host), alice / "ca.pem", alice / "cert.pem", alice / "key.pem")
    assert result["outcome"] == "accepted", result
    assert result["detail"].endswith("200 OK"), result


@pytest.mark.parametrize("host", HOSTS)
def test_without_client_certificate_is_refused(host, empty_home):
    out = docker_cli(host_ip(host), "version", ca=client_dir() / "ca.pem", home=empty_home)
    print(out.stderr.strip())
    assert out.returncode != 0
    assert_refused(probe(host_ip(host), client_dir() / "ca.pem"))


@pytest.mark.parametrize("host", HOSTS)
def test_certificate_from_another_ca_is_refused(host, tmp_path, empty_home):
    _ca, cert, key = rogue_client(tmp_path / "rogue")
    out = docker_cli(host_ip(host), "version", ca=client_dir() / "ca.pem", cert=cert, key=key, home=empty_home)
    print(out.stderr.strip())
    assert out.returncode != 0
    assert_refused(probe(host_ip(host), client_dir() / "ca.pem", cert, key))


@pytest.mark.parametrize("host", HOSTS)
def test_client_verifies_the_server_against_its_ca(host, tmp_path, empty_home):
    rogue_ca, _cert, _key = rogue_client(tmp_path / "rogue")
    alice = client_dir()
    out = docker_cli(
        host_ip(host), "version", ca=rogue_ca, cert=alice / "cert.pem", key=alice / "key.pem", home=empty_home
    )
    assert out.returncode != 0
    assert "certificate signed by unknown authority" in out.stderr, out.stderr


@pytest.mark.parametrize("host", HOSTS)
def test_plain_http_on_2376_is_refused(host):
    conn = http.client.HTTPConnection(host_ip(host), PORT, timeout=10)
    conn.request("GET", "/_ping")
    response = conn.getresponse()
    body = response.read().decode()
    print(response.status, body.strip())
    assert response.status == 400
    assert "HTTPS" in body
    assert "OK" not in body


@pytest.mark.parametrize("host", HOSTS)
def test_nothing_listens_on_2375(host):
    with pytest.raises(ConnectionRefusedError):
        socket.create_connection((host_ip(host), 2375), timeout=10).close()


def test_controller_keys_are_private():
    assert stat.S_IMODE(ca_dir().stat().st_mode) == 0o700
    assert stat.S_IMODE((ca_dir() / "ca-key.pem").stat().st_mode) == 0o400
    for client in ("alice", "bob"):
        assert stat.S_IMODE(client_dir(client).stat().st_mode) == 0o700
        assert stat.S_IMODE((client_dir(client) / "key.pem").stat().st_mode) == 0o400
        assert sorted(p.name for p in client_dir(client).iterdir()) == sorted(
            ["ca.pem", "cert.pem", "key.pem", *(f"{h}.env" for h in HOSTS)]
        )


@pytest.mark.parametrize("source, target", [(HOSTS[0], HOSTS[1]), (HOSTS[1], HOSTS[0])])
def test_from_the_other_test_host(source, target):
    """alice's files copied into one test host: its docker CLI reaches the other host's daemon; without them, not."""
    inside = "/root/tls-test-alice"
    subprocess.run([DOCKER, "cp", f"{client_dir()}/.", f"{source}:{inside}"], check=True)
    try:
        base = [
            DOCKER,
            "exec",
            "-e",
            "HOME=/nonexistent",
            source,
            "docker",
            "--tlsverify",
            "-H",
            f"tcp://{host_ip(target)}:{PORT}",
            "--tlscacert",
            f"{inside}/ca.pem",
        ]
        ok = subprocess.run(
            [
                *base,
                "--tlscert",
                f"{inside}/cert.pem",
                "--tlskey",
                f"{inside}/key.pem",
                "version",
                "--format",
                "{{.Server.Version}}",
            ],
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert ok.returncode == 0, ok.stderr
        refused = subprocess.run([*base, "version"], capture_output=True, text=True, timeout=60)
        print(refused.stderr.strip())
        assert refused.returncode != 0
        assert_refused(probe_from(source, host_ip(target), f"{inside}/ca.pem"))
    finally:
        subprocess.run([DOCKER, "exec", source, "rm", "-rf", inside], check=True)
