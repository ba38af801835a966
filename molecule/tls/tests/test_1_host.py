"""On each test host: the TLS files, daemon.json, the drop-in, what dockerd listens on, and the audit's verdict."""

from __future__ import annotations

import json

import pytest
from cryptography import x509
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import ExtendedKeyUsageOID

TLS = "/etc/docker/tls"
DROPIN = "/etc/systemd/system/docker.service.d/hardened-docker-tls.conf"


@pytest.mark.parametrize(
    "name, mode",
    [("ca.pem", 0o444), ("server-cert.pem", 0o444), ("server-key.pem", 0o400)],
)
def test_tls_file_is_root_owned_with_cis_mode(host, name, mode):
    f = host.file(f"{TLS}/{name}")
    assert f.is_file
    assert (f.user, f.group, f.mode) == ("root", "root", mode)


def test_tls_dir_holds_only_the_three_files(host):
    # Backups of a replaced key are removed once Docker runs with the new one.
    assert sorted(host.file(TLS).listdir()) == ["ca.pem", "server-cert.pem", "server-key.pem"]


def test_daemon_json_listens_with_mutual_tls(host):
    config = json.loads(host.file("/etc/docker/daemon.json").content_string)
    assert config["hosts"] == ["unix:///var/run/docker.sock", "tcp://0.0.0.0:2376"]
    assert config["tls"] is True
    assert config["tlsverify"] is True
    assert config["tlscacert"] == f"{TLS}/ca.pem"
    assert config["tlscert"] == f"{TLS}/server-cert.pem"
    assert config["tlskey"] == f"{TLS}/server-key.pem"


def test_dropin_resets_execstart_without_h(host):
    content = host.file(DROPIN).content_string
    assert content.startswith("#\n# Ansible managed")
    lines = [line for line in content.splitlines() if line.startswith("ExecStart=")]
    assert lines == ["ExecStart=", "ExecStart=/usr/sbin/dockerd --containerd=/run/containerd/containerd.sock"]


def test_running_dockerd_has_no_host_flag(host):
    pid = host.check_output("systemctl show --property=MainPID --value docker.service")
    argv = host.file(f"/proc/{pid}/cmdline").content.split(b"\0")
    assert argv[0] == b"/usr/sbin/dockerd"
    assert not [arg for arg in argv if arg == b"-H" or arg.startswith(b"--host")]


def test_dockerd_listens_on_2376_and_not_on_2375(host):
    assert host.socket("tcp://2376").is_listening
    assert not host.socket("tcp://2375").is_listening


def test_local_socket_still_answers(host):
    assert host.check_output("docker version --format '{{.Server.Os}}'") == "linux"


def test_server_certificate(host):
    cert = x509.load_pem_x509_certificate(host.file(f"{TLS}/server-cert.pem").content)
    sans = cert.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
    names = set(sans.get_values_for_type(x509.DNSName))
    addresses = {str(a) for a in sans.get_values_for_type(x509.IPAddress)}
    hostname = host.check_output("hostname")
    own = host.check_output("ip -o -4 addr show scope global dev eth0").split()[3].split("/")[0]
    assert {hostname, "docker.example.test"} <= names
    assert {own, "192.0.2.10", "fd00::2"} <= addresses
    eku = cert.extensions.get_extension_for_class(x509.ExtendedKeyUsage).value
    assert list(eku) == [ExtendedKeyUsageOID.SERVER_AUTH]
    assert isinstance(cert.public_key(), ec.EllipticCurvePublicKey)
    assert cert.public_key().curve.name == "secp256r1"


def test_cis_audit_passes_tls_controls(host):
    ids = ["2.7", "3.9", "3.10", "3.11", "3.12", "3.13", "3.14"]
    result = host.ansible("hardened.docker.cis_audit", "ids=" + ",".join(ids), check=False)
    statuses = {r["id"]: (r["status"], r["evidence"]) for r in result["results"] if r["id"] in ids}
    assert {i: s for i, (s, _) in statuses.items()} == dict.fromkeys(ids, "pass"), statuses
