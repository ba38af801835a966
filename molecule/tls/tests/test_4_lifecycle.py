"""Renewal (at -vvv, no key material in its log) and CA rotation; molecule's idempotence step is the quiet run.

These tests run in file order and each starts from the state the previous one left.
"""

from __future__ import annotations

import datetime
import shutil
import subprocess

from tls_helpers import (
    DOCKER,
    HOSTS,
    assert_refused,
    ca_dir,
    certificate,
    client_dir,
    docker_cli,
    flat,
    host_file,
    host_ip,
    probe,
    recap,
    run_converge,
)


def server_cert(host: str):
    return certificate(host_file(host, "/etc/docker/tls/server-cert.pem"))


def client_cert(name: str = "alice"):
    return certificate((client_dir(name) / "cert.pem").read_text())


def days_left(cert) -> float:
    return (cert.not_valid_after_utc - datetime.datetime.now(datetime.timezone.utc)).total_seconds() / 86400


def assert_no_key_in_log(output: str) -> None:
    assert "PRIVATE KEY" not in output


def assert_alice_gets_in(empty_home) -> None:
    alice = client_dir()
    for host in HOSTS:
        out = docker_cli(
            host_ip(host),
            "version",
            "--format",
            "{{.Server.Version}}",
            ca=alice / "ca.pem",
            cert=alice / "cert.pem",
            key=alice / "key.pem",
            home=empty_home,
        )
        assert out.returncode == 0, out.stderr


def test_certificates_expiring_within_the_renew_window_are_renewed(tmp_path, empty_home):
    before = {host: server_cert(host) for host in HOSTS}
    alice_before = client_cert()
    # Every certificate now "expires within" 4000 days.
    run = run_converge(tmp_path, {"tls_renew_days": 4000}, verbosity=3)
    output = run.stdout + run.stderr
    assert run.returncode == 0, output[-5000:]
    assert_no_key_in_log(output)
    counts = recap(output)
    for host in HOSTS:
        assert counts[host]["changed"] > 0
        assert f"New server key and certificate for {host}: expires on" in flat(output)
        after = server_cert(host)
        assert after.serial_number != before[host].serial_number
        assert after.public_key() != before[host].public_key()  # a renewal makes a new key
        assert days_left(after) > 360
    assert client_cert().serial_number != alice_before.serial_number
    # The daemons were restarted and accept the renewed client certificate.
    assert_alice_gets_in(empty_home)


def test_ca_rotation_locks_out_every_old_client_certificate(tmp_path, empty_home):
    old_alice = tmp_path / "old-alice"
    shutil.copytree(client_dir(), old_alice)
    old_ca = (ca_dir() / "ca.pem").read_text()
    run = run_converge(tmp_path, {"tls_rotate_ca": True})
    output = run.stdout + run.stderr
    assert run.returncode == 0, output[-5000:]
    assert_no_key_in_log(output)
    assert (ca_dir() / "ca.pem").read_text() != old_ca
    assert list(ca_dir().glob("ca-key.pem.*~"))  # the old CA key is kept as a backup
    for host in HOSTS:
        assert f"New server key and certificate for {host}: CA rotation" in flat(output)
        assert host_file(host, "/etc/docker/tls/ca.pem") == (ca_dir() / "ca.pem").read_text()
        refused = docker_cli(
            host_ip(host),
            "version",
            ca=client_dir() / "ca.pem",
            cert=old_alice / "cert.pem",
            key=old_alice / "key.pem",
            home=empty_home,
        )
        print(refused.stderr.strip())
        assert refused.returncode != 0
        assert_refused(probe(host_ip(host), client_dir() / "ca.pem", old_alice / "cert.pem", old_alice / "key.pem"))
    assert_alice_gets_in(empty_home)


def test_check_mode_on_a_host_new_to_an_existing_ca(tmp_path):
    """A host added to the fleet later: --check plans its certificate without failing on files it has not got yet."""
    host, saved = HOSTS[0], "/root/tls-test-saved"
    subprocess.run([DOCKER, "exec", host, "mv", "/etc/docker/tls", saved], check=True)
    try:
        run = run_converge(tmp_path, limit=host, check=True)
    finally:
        subprocess.run([DOCKER, "exec", host, "mv", saved, "/etc/docker/tls"], check=True)
    output = run.stdout + run.stderr
    assert run.returncode == 0, output[-5000:]
    assert f"New server key and certificate for {host}: no server certificate or key on the host" in flat(output)


def test_a_control_turned_off_leaves_its_file_alone(tmp_path):
    """tls_cis_tls_cert_mode off: the server certificate keeps the mode it has, while 3.14 still fixes the key's."""
    host, cert, key = HOSTS[0], "/etc/docker/tls/server-cert.pem", "/etc/docker/tls/server-key.pem"
    subprocess.run([DOCKER, "exec", host, "chmod", "0644", cert, key], check=True)
    try:
        run = run_converge(tmp_path, {"tls_cis_tls_cert_mode": False}, limit=host)
        modes = subprocess.run(
            [DOCKER, "exec", host, "stat", "-c", "%a", cert, key], check=True, capture_output=True, text=True
        ).stdout.split()
    finally:
        subprocess.run([DOCKER, "exec", host, "chmod", "0444", cert], check=True)
    output = run.stdout + run.stderr
    assert run.returncode == 0, output[-5000:]
    assert modes == ["644", "400"]


def test_a_stricter_mode_is_kept(tmp_path):
    """3.10 and 3.12 allow 0444 or less: a CA and a server certificate made 0400 stay so (mode & the mask)."""
    host, files = HOSTS[0], ["/etc/docker/tls/ca.pem", "/etc/docker/tls/server-cert.pem"]
    subprocess.run([DOCKER, "exec", host, "chmod", "0400", *files], check=True)
    try:
        run = run_converge(tmp_path, limit=host)
        modes = subprocess.run(
            [DOCKER, "exec", host, "stat", "-c", "%a", *files], check=True, capture_output=True, text=True
        ).stdout.split()
    finally:
        subprocess.run([DOCKER, "exec", host, "chmod", "0444", *files], check=True)
    output = run.stdout + run.stderr
    assert run.returncode == 0, output[-5000:]
    assert modes == ["400", "400"]
