"""Bad input stops the role before it writes anything, and the message names the variable.

The cases are in ../bad_input.yml (the one bad-input pattern, molecule/shared/tasks/expect_failure.yml); numeric
ranges are also checked at unit level (tests/unit/roles/bad_input.yml).
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

from tls_helpers import DOCKER, flat, key_and_cert, run_converge

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


def test_bad_input_fails_before_touching_anything(tmp_path):
    # Key pairs that do not belong together: a CA with another CA's key, a server certificate with another key.
    ca = key_and_cert(tmp_path, "ca", ca=True)
    key_and_cert(tmp_path, "otherca", ca=True)
    key_and_cert(tmp_path, "server", signer=ca)
    key_and_cert(tmp_path, "other", signer=ca)
    cmd = [
        "ansible-playbook",
        "--inventory",
        os.environ["MOLECULE_INVENTORY_FILE"],
        "--extra-vars",
        f"tls_bad_input_files={tmp_path}",
        str(Path(os.environ["MOLECULE_SCENARIO_DIRECTORY"]) / "bad_input.yml"),
    ]
    env = dict(os.environ, ANSIBLE_NOCOLOR="true", ANSIBLE_FORCE_COLOR="false")
    run = subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=1800, check=False)
    assert run.returncode == 0, run.stdout[-6000:] + run.stderr[-2000:]
    # Every case failed inside the role, and its message passed the pattern's check.
    assert "rescued=" in run.stdout and "failed=0" in run.stdout, run.stdout[-4000:]


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
