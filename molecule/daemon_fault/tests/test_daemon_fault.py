"""After converge.yml: bad input changed nothing, and a daemon.json that dockerd
rejected was rolled back with Docker and the pre-existing container running."""

from __future__ import annotations

import json


def test_daemon_json_is_the_users_file_byte_for_byte(host):
    restored = host.file("/etc/docker/daemon.json")
    assert restored.content == host.file("/var/tmp/daemon.json.orig").content
    assert (restored.user, restored.group, restored.mode) == ("root", "root", 0o644)


def test_docker_runs_with_the_old_configuration(host):
    assert host.service("docker").is_running
    assert host.check_output("systemctl is-failed docker.service || true") == "active"
    assert host.check_output("curl -s --unix-socket /var/run/docker.sock http://localhost/_ping") == "OK"
    info = json.loads(host.check_output("docker info --format '{{json .}}'"))
    assert info["Driver"] == "overlay2"
    assert info["LiveRestoreEnabled"] is True
    assert info["RegistryConfig"]["Mirrors"] == ["https://mirror.lab.invalid/"]


def test_the_pre_existing_container_kept_running(host):
    keeper = json.loads(host.file("/var/tmp/daemon-keeper.json").content_string)
    state = json.loads(host.check_output("docker inspect -f '{{json .State}}' keeper"))
    assert state["Running"] is True
    assert state["Pid"] == keeper["pid"], "the container was restarted, not kept running"
    assert int(host.file(f"/proc/{keeper['pid']}/stat").content_string.split()[21]) == keeper["starttime"]


def test_bad_input_created_no_remap_user_or_range(host):
    assert not host.user("dockremap").exists
    assert "dockremap" not in host.file("/etc/subuid").content_string
    assert "dockremap" not in host.file("/etc/subgid").content_string
