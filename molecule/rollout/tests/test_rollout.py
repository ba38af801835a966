"""After converge.yml: the first batch's host (rollout-1) tried the change and was
rolled back; the hosts of the later batches were never touched."""

from __future__ import annotations

import json

import pytest

FIRST_BATCH = "rollout-1"
RECORD = "/var/tmp/rollout-dockerd.json"  # written by prepare.yml, after its last change


@pytest.fixture
def dockerd_before(host) -> dict[str, str]:
    return json.loads(host.file(RECORD).content_string)


def _dockerd_now(host) -> dict[str, str]:
    out = host.check_output(
        "systemctl show --property=MainPID --property=ExecMainStartTimestampMonotonic docker.service"
    )
    return dict(line.split("=", 1) for line in out.splitlines())


def test_daemon_json_is_the_users_file_byte_for_byte(host):
    assert host.file("/etc/docker/daemon.json").content == host.file("/var/tmp/daemon.json.orig").content


def test_docker_runs_with_the_users_configuration(host):
    assert host.check_output("systemctl is-active docker.service") == "active"
    assert host.check_output("curl -s --unix-socket /var/run/docker.sock http://localhost/_ping") == "OK"
    info = json.loads(host.check_output("docker info --format '{{json .}}'"))
    assert info["Driver"] == "overlay2"
    assert info["RegistryConfig"]["Mirrors"] == ["https://mirror.lab.invalid/"]


def test_the_first_batch_tried_the_change_and_rolled_it_back(host, dockerd_before):
    if host.backend.get_hostname() != FIRST_BATCH:
        pytest.skip("only the first batch's host was changed")
    assert _dockerd_now(host)["MainPID"] != dockerd_before["MainPID"], "dockerd was not restarted"
    # The backup keeps the old file's mtime, and the lab host had none before.
    backups = host.check_output("find /etc/docker -maxdepth 1 -name 'daemon.json.*~'")
    assert backups, "daemon_config took no backup, so the new daemon.json was never written"


def test_the_later_batches_were_not_touched(host, dockerd_before):
    if host.backend.get_hostname() == FIRST_BATCH:
        pytest.skip("the first batch's host was changed and rolled back")
    assert _dockerd_now(host) == dockerd_before, "dockerd was restarted"
    changed = host.check_output(
        f"find /etc/docker /etc/systemd/system /etc/audit /etc/profile.d -newer {RECORD} 2>/dev/null || true"
    )
    assert changed == "", f"files changed after the prepare step: {changed}"
    assert host.check_output("find /etc/docker -maxdepth 1 -name 'daemon.json.*~'") == "", "daemon.json was backed up"
