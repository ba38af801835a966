"""Each listed user runs its own rootless dockerd: test what it does, as that user."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest

USERS = ["alice", "bob"]
ALIGN = 65536


def as_user(host, user, command):
    """Run ``command`` in a login shell of ``user`` (reads /etc/profile.d, so DOCKER_HOST is set)."""
    return host.run("su - %s -c %s", user, command)


def check_as_user(host, user, command):
    result = as_user(host, user, command)
    assert result.rc == 0, f"{user}: {command!r} exited {result.rc}: {result.stderr or result.stdout}"
    return result.stdout


def ranges(host, kind):
    found = {}
    for line in host.file(f"/etc/{kind}").content_string.splitlines():
        if line.strip():
            owner, start, count = line.split(":")
            found.setdefault(owner, []).append((int(start), int(count)))
    return found


def role_var(host, name, default):
    return host.ansible.get_variables().get(name, default)


@pytest.mark.parametrize("user", USERS)
def test_login_shell_points_docker_host_at_the_users_socket(host, user):
    uid = host.user(user).uid
    assert check_as_user(host, user, 'echo "$DOCKER_HOST"').strip() == f"unix:///run/user/{uid}/docker.sock"


@pytest.mark.parametrize("user", USERS)
def test_daemon_reports_rootless(host, user):
    options = json.loads(check_as_user(host, user, "docker info --format '{{json .SecurityOptions}}'"))
    assert "name=rootless" in options


@pytest.mark.parametrize("user", USERS)
def test_container_runs_without_new_privileges(host, user):
    script = "echo hello; grep NoNewPrivs /proc/self/status"
    out = check_as_user(host, user, f"docker run --rm $(lab-image) sh -c '{script}'")
    lines = out.splitlines()
    assert "hello" in lines
    assert any(line.split() == ["NoNewPrivs:", "1"] for line in lines), out


@pytest.mark.parametrize("user", USERS)
def test_container_processes_belong_to_the_users_ids(host, user):
    uid = host.user(user).uid
    (start, count), *_ = ranges(host, "subuid")[user]
    name = f"verify-ids-{user}"
    check_as_user(host, user, f"docker rm -f {name}-root {name}-1000 >/dev/null 2>&1; true")
    try:
        check_as_user(host, user, f"docker run -d --name {name}-root $(lab-image) sleep 300")
        check_as_user(host, user, f"docker run -d --name {name}-1000 --user 1000:1000 $(lab-image) sleep 300")
        host_uid = {}
        for suffix in ("root", "1000"):
            pid = check_as_user(host, user, f"docker inspect -f '{{{{.State.Pid}}}}' {name}-{suffix}").strip()
            host_uid[suffix] = int(host.check_output("ps -o uid= -p %s", pid).strip())
        # Container root is the user; container uid 1000 is subordinate id start + 999.
        assert host_uid["root"] == uid
        assert host_uid["1000"] == start + 999
        assert start <= host_uid["1000"] < start + count
    finally:
        as_user(host, user, f"docker rm -f {name}-root {name}-1000")


def test_subordinate_ranges_are_aligned_and_do_not_overlap(host):
    for kind in ("subuid", "subgid"):
        found = ranges(host, kind)
        for user in USERS:
            assert len(found[user]) == 1, f"{user} has {found[user]} in /etc/{kind}"
            start, count = found[user][0]
            assert start % ALIGN == 0
            assert count >= ALIGN
        spans = sorted((start, start + count, owner) for owner, items in found.items() for start, count in items)
        for (_, end, owner), (next_start, _, next_owner) in zip(spans, spans[1:]):
            assert end <= next_start, f"/etc/{kind}: {owner} overlaps {next_owner}"
    # bob's range is the explicit one from converge.yml; prepare.yml's legacy range is untouched.
    assert ranges(host, "subuid")["legacy"] == [(2000000, ALIGN)]
    assert ranges(host, "subuid")["bob"] == [(1048576, ALIGN)]
    assert ranges(host, "subgid")["bob"] == [(1048576, ALIGN)]


@pytest.mark.parametrize("user", USERS)
def test_user_unit_is_enabled_and_lingers(host, user):
    assert host.file(f"/var/lib/systemd/linger/{user}").exists
    unit = host.file(f"/home/{user}/.config/systemd/user/docker.service")
    assert unit.user == user
    assert "dockerd-rootless.sh" in unit.content_string
    assert check_as_user(host, user, "systemctl --user is-enabled docker.service").strip() == "enabled"
    assert check_as_user(host, user, "systemctl --user is-active docker.service").strip() == "active"


@pytest.mark.parametrize("user", USERS)
def test_per_user_daemon_json_is_hardened(host, user):
    path = f"/home/{user}/.config/docker/daemon.json"
    config_file = host.file(path)
    assert config_file.user == user
    assert config_file.mode & 0o022 == 0
    config = json.loads(config_file.content_string)
    assert config["icc"] is False
    assert config["no-new-privileges"] is True
    assert config["log-driver"] == "json-file"
    assert config["log-opts"] == {"max-size": "10m", "max-file": "3"}
    assert "userns-remap" not in config
    # Rootless dockerd accepts live-restore but restarting the unit stops the containers anyway.
    assert "live-restore" not in config


@pytest.mark.parametrize("user", USERS)
def test_running_daemon_uses_the_hardened_settings(host, user):
    info = json.loads(check_as_user(host, user, "docker info --format '{{json .}}'"))
    assert info["LoggingDriver"] == "json-file"
    bridge = json.loads(check_as_user(host, user, "docker network inspect bridge --format '{{json .Options}}'"))
    assert bridge.get("com.docker.network.bridge.enable_icc") == "false"


def test_rootful_daemon_state_follows_rootless_disable_rootful(host):
    service = host.service("docker.service")
    socket = host.service("docker.socket")
    if role_var(host, "rootless_disable_rootful", False):
        assert not service.is_running
        assert not service.is_enabled
        assert not socket.is_running
        assert not socket.is_enabled
    else:
        assert service.is_running
        assert service.is_enabled


def test_sysctl_file_has_only_what_was_asked(host):
    content = host.file("/etc/sysctl.d/60-hardened-docker-rootless.conf").content_string
    settings = dict(
        (key.strip(), value.strip())
        for key, _, value in (line.partition("=") for line in content.splitlines())
        if key.strip() and not key.startswith("#")
    )
    assert int(settings["user.max_user_namespaces"]) > 0
    assert settings["net.ipv4.ip_unprivileged_port_start"] == "80"
    assert "net.ipv4.ip_forward" not in settings
    # The test host's own network namespace takes the per-namespace setting.
    assert host.check_output("sysctl -n net.ipv4.ip_unprivileged_port_start").strip() == "80"


@pytest.fixture(scope="module")
def audit(host):
    """cis_audit of ``user``'s rootless socket, run as ``become_user``; each pair is audited once."""
    done = {}

    def run(user, become_user="root"):
        if (user, become_user) not in done:
            socket = f"/run/user/{host.user(user).uid}/docker.sock"
            result = host.ansible(
                "hardened.docker.cis_audit", f"docker_host=unix://{socket}", become=True, become_user=become_user
            )
            assert result["host"]["rootless"] is True, result["host"]
            assert result["host"]["socket"] == socket
            done[user, become_user] = {item["id"]: item for item in result["results"]}
        return done[user, become_user]

    return run


def errors(status):
    return {key: result["evidence"] for key, result in status.items() if result["status"] == "error"}


@pytest.mark.parametrize("user", USERS)
def test_cis_audit_as_root_audits_the_rootless_daemon(host, audit, user):
    status = audit(user)
    assert not errors(status)
    assert status["2.1"]["status"] == "pass", status["2.1"]
    assert status["2.9"]["status"] == "not_applicable", status["2.9"]
    # Found the per-user daemon.json by itself (no daemon_json option given).
    config = f"/home/{user}/.config/docker/daemon.json"
    for control in ("2.2", "2.3", "2.14"):
        assert status[control]["status"] == "pass", status[control]
        assert any(config in line for line in status[control]["evidence"]), status[control]
    # The socket and daemon.json belong to the user, which is right for a rootless daemon.
    for control in ("3.15", "3.17", "3.18"):
        assert status[control]["status"] == "pass", status[control]


def test_cis_audit_as_the_user_fails_only_to_read_audit_rules(audit):
    status = audit("alice", become_user="alice")
    # auditctl -l needs root; everything else reads the same as root.
    assert errors(status) and all(key.startswith("1.1.") for key in errors(status)), errors(status)
    assert status["2.1"]["status"] == "pass"
    assert status["2.9"]["status"] == "not_applicable"


def test_cis_audit_accepts_the_sticky_bit_on_the_rootless_socket(audit):
    assert audit("alice")["3.16"]["status"] == "pass", audit("alice")["3.16"]


def test_cis_audit_judges_the_rootless_daemon_by_its_own_unit_and_containerd_socket(host, audit):
    status = audit("alice")
    uid = host.user("alice").uid
    for control, path in (
        ("3.1", "/home/alice/.config/systemd/user/docker.service"),
        ("3.2", "/home/alice/.config/systemd/user/docker.service"),
        ("3.23", f"/run/user/{uid}/docker/containerd/containerd.sock"),
        ("3.24", f"/run/user/{uid}/docker/containerd/containerd.sock"),
    ):
        assert status[control]["status"] == "pass", status[control]
        assert any(path in line for line in status[control]["evidence"]), status[control]
    # A rootless daemon has no docker.socket unit of its own.
    for control in ("3.3", "3.4"):
        assert status[control]["status"] == "not_applicable", status[control]


def test_a_setting_dockerd_refuses_rolls_each_users_daemon_back(host, tmp_path):
    """The role's safe restart: every changed user's daemon.json comes back and its daemon answers again.

    Last in this file: it runs the role again, with a storage driver that does not exist (dockerd --validate accepts
    it; the daemon fails to start).
    """
    config = {user: f"{host.user(user).home}/.config/docker/daemon.json" for user in USERS}
    before = {user: host.file(path).sha256sum for user, path in config.items()}
    extra_vars = tmp_path / "extra-vars.json"
    extra_vars.write_text(json.dumps({"rootless_daemon_options": {"storage-driver": "no-such-driver"}}))
    run = subprocess.run(
        [
            "ansible-playbook",
            "--inventory",
            os.environ["MOLECULE_INVENTORY_FILE"],
            "--limit",
            host.backend.host,
            "--extra-vars",
            f"@{extra_vars}",
            str(Path(os.environ["MOLECULE_SCENARIO_DIRECTORY"]) / "converge.yml"),
        ],
        capture_output=True,
        text=True,
        env=dict(os.environ, ANSIBLE_NOCOLOR="true", ANSIBLE_FORCE_COLOR="false"),
        timeout=1200,
        check=False,
    )
    output = " ".join((run.stdout + run.stderr).split())
    assert run.returncode != 0, output[-3000:]
    for user, path in config.items():
        assert f"[{user}] Docker did not accept the new configuration, so it was rolled back." in output, output[-3000:]
        assert f"Restored: {path}. Docker runs again with the previous configuration." in output, output[-3000:]
    assert "driver not supported" in output, output[-3000:]
    assert {user: host.file(path).sha256sum for user, path in config.items()} == before
    for user in USERS:
        assert check_as_user(host, user, "docker info --format '{{.Driver}}'").strip() != "no-such-driver"
