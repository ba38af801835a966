"""Helpers for the tls scenario's tests: where molecule keeps things, how to reach the test hosts from the
controller, how to run the converge playbook again with other variables, and how to make a rogue CA."""

from __future__ import annotations

import datetime
import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import tls_probe
from testinfra.utils.ansible_runner import AnsibleRunner

# Every lab host of the scenario (one per platform of .config/molecule/config.yml), sorted: bookworm first.
HOSTS = tuple(AnsibleRunner(os.environ["MOLECULE_INVENTORY_FILE"]).get_hosts("lab"))
PORT = 2376
DOCKER = shutil.which("docker") or "/usr/bin/docker"


def ephemeral() -> Path:
    return Path(os.environ["MOLECULE_EPHEMERAL_DIRECTORY"])


def client_dir(name: str = "alice") -> Path:
    return ephemeral() / "tls" / "clients" / name


def ca_dir() -> Path:
    return ephemeral() / "tls" / "ca"


def host_ip(name: str) -> str:
    out = subprocess.run(
        [DOCKER, "inspect", "-f", "{{range .NetworkSettings.Networks}}{{.IPAddress}} {{end}}", name],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.split()
    assert out, f"{name} has no address on a docker network"
    return out[0]


def docker_cli(
    ip: str, *args: str, ca: Path | None, cert: Path | None = None, key: Path | None = None, home: Path
) -> subprocess.CompletedProcess:
    """The controller's docker CLI against tcp://ip:2376, with only the TLS files given (HOME is empty, so no
    ~/.docker defaults are picked up)."""
    cmd = [DOCKER, "--tlsverify", "-H", f"tcp://{ip}:{PORT}"]
    if ca:
        cmd += ["--tlscacert", str(ca)]
    if cert:
        cmd += ["--tlscert", str(cert)]
    if key:
        cmd += ["--tlskey", str(key)]
    env = {k: v for k, v in os.environ.items() if not k.startswith("DOCKER_")}
    env["HOME"] = str(home)
    return subprocess.run([*cmd, *args], capture_output=True, text=True, env=env, timeout=60)


def probe(ip: str, ca: Path, cert: Path | None = None, key: Path | None = None) -> dict:
    """The server's verdict on these client files, from the controller (see tls_probe.py)."""
    result = tls_probe.handshake(ip, PORT, str(ca), str(cert) if cert else None, str(key) if key else None)
    print(ip, result)
    return result


def probe_from(container: str, ip: str, ca: str, cert: str | None = None, key: str | None = None) -> dict:
    """The same probe run by the test host's own python3, with files that are already in that host."""
    args = [ip, str(PORT), ca, *([cert, key] if cert else [])]
    out = subprocess.run(
        [DOCKER, "exec", "-i", container, "python3", "-", *args],
        input=Path(tls_probe.__file__).read_text(),
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert out.returncode == 0, out.stderr
    result = json.loads(out.stdout)
    print(container, "->", ip, result)
    return result


def assert_refused(result: dict) -> None:
    """The server refused the certificate with an alert; a reset or any other error proves nothing."""
    assert result["outcome"] == "refused", result
    assert result["alert"] in tls_probe.REFUSALS.values(), result


def run_converge(
    tmp_path: Path, extra_vars: dict | None = None, limit: str | None = None, verbosity: int = 0, check: bool = False
) -> subprocess.CompletedProcess:
    """Run the scenario's converge playbook again, the way molecule does, with extra variables."""
    cmd = [
        "ansible-playbook",
        "--inventory",
        os.environ["MOLECULE_INVENTORY_FILE"],
        "--diff",
        str(Path(os.environ["MOLECULE_SCENARIO_DIRECTORY"]) / "converge.yml"),
    ]
    if extra_vars:
        vars_file = tmp_path / "extra-vars.json"
        vars_file.write_text(json.dumps(extra_vars))
        cmd += ["--extra-vars", f"@{vars_file}"]
    if limit:
        cmd += ["--limit", limit]
    if verbosity:
        cmd.append("-" + "v" * verbosity)
    if check:
        cmd.append("--check")
    env = dict(os.environ, ANSIBLE_NOCOLOR="true", ANSIBLE_FORCE_COLOR="false")
    return subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=1800)


def recap(output: str) -> dict[str, dict[str, int]]:
    """PLAY RECAP counters per host."""
    result: dict[str, dict[str, int]] = {}
    for line in output.splitlines():
        match = re.match(r"^(\S+)\s+:\s+(ok=.*)$", line.strip())
        if match:
            result[match.group(1)] = {k: int(v) for k, v in re.findall(r"(\w+)=(\d+)", match.group(2))}
    return result


def flat(output: str) -> str:
    """The log with every run of whitespace as one space (the callback wraps long messages)."""
    return " ".join(output.split())


def host_file(name: str, path: str) -> str:
    return subprocess.run([DOCKER, "exec", name, "cat", path], check=True, capture_output=True, text=True).stdout


def key_and_cert(
    directory: Path, name: str, ca: bool = False, signer=None, common_name: str | None = None, client_auth: bool = False
):
    """A key and a self-signed (or signer-signed) certificate written as <name>-key.pem and <name>.pem."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

    now = datetime.datetime.now(datetime.timezone.utc)
    key = ec.generate_private_key(ec.SECP256R1())
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, common_name or name)])
    issuer_name, issuer_key = (signer[0].subject, signer[1]) if signer else (subject, key)
    builder = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(issuer_name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(minutes=5))
        .not_valid_after(now + datetime.timedelta(days=30))
        .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True)
    )
    if client_auth:
        builder = builder.add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.CLIENT_AUTH]), critical=False)
    cert = builder.sign(issuer_key, hashes.SHA256())
    directory.mkdir(parents=True, exist_ok=True)
    (directory / f"{name}.pem").write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    (directory / f"{name}-key.pem").write_bytes(
        key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    )
    return cert, key


def rogue_client(directory: Path) -> tuple[Path, Path, Path]:
    """A CA and a client certificate for "alice" (EKU clientAuth) that the role never saw: (CA, cert, key) paths."""
    ca = key_and_cert(directory, "ca", ca=True, common_name="rogue CA")
    key_and_cert(directory, "cert", signer=ca, common_name="alice", client_auth=True)
    key = directory / "cert-key.pem"
    key.chmod(0o400)
    return directory / "ca.pem", directory / "cert.pem", key


def certificate(pem: str):
    from cryptography import x509

    return x509.load_pem_x509_certificate(pem.encode())
