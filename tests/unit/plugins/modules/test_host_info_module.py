from __future__ import annotations

import json
from pathlib import Path

import pytest

from ansible_collections.hardened.docker.plugins.modules import host_info

STOCK = Path(__file__).resolve().parents[3] / "fixtures" / "host_state" / "stock.json"


@pytest.fixture()
def gathered(monkeypatch):
    """gather() replays the stock fixture and records how it was called; nothing of this machine is read."""
    calls = []

    def fake_gather(socket_path, run, **kwargs):
        calls.append({"socket": socket_path, **kwargs})
        state = json.loads(STOCK.read_text())
        state["engine"]["socket"] = socket_path
        return state

    monkeypatch.setattr(host_info, "gather", fake_gather)
    monkeypatch.setattr(host_info, "read_subids", lambda: {"/etc/subuid": [], "/etc/subgid": None})
    return calls


@pytest.fixture()
def run(module_runner):
    return module_runner(host_info)


@pytest.mark.parametrize("check_mode", [False, True])
def test_describes_the_host_without_inspecting_containers(run, gathered, check_mode):
    result = run(check_mode=check_mode)
    assert result["changed"] is False
    host = result["host"]
    assert host["data_root"] == "/var/lib/docker"
    assert host["subids"] == {"/etc/subuid": [], "/etc/subgid": None}
    assert host["audit"]["audit_data_root"][0]["rules"] == ["-w /var/lib/docker -p rwxa -k docker"]
    assert gathered == [{"socket": "/var/run/docker.sock", "daemon_json": None, "api_timeout": 10.0, "objects": False}]


def test_options_reach_gather_and_the_rules(run, gathered):
    result = run(socket="/srv/docker.sock", daemon_json="/srv/daemon.json", audit_key="dock", audit_perms="wa")
    assert gathered[0]["socket"] == "/srv/docker.sock" and gathered[0]["daemon_json"] == "/srv/daemon.json"
    assert result["host"]["docker_socket"] == "/srv/docker.sock"
    assert result["host"]["audit"]["audit_etc_docker"][0]["rules"] == ["-w /etc/docker -p wa -k dock"]


def test_a_later_benchmark_version_gives_its_fixes_under_the_same_keys(run, gathered):
    host = run(benchmark_version="1.8.0")["host"]
    # userland_proxy is 2.16 in 1.6.0 and 2.17 in 1.8.0; no_devicemapper is new in 1.8.0.
    assert host["audit"]["audit_docker_socket"][0]["rules"] == ["-w /var/run/docker.sock -p rwxa -k docker"]
    assert (
        host["audit"]["audit_data_root"][0]["rules"][-1]
        == "-a exit,always -F path=/var/lib/docker -F perm=rwa -k docker"
    )
    assert host["daemon_settings"]["userland_proxy"] == {"userland-proxy": False}
    assert host["daemon_settings"]["no_devicemapper"] == {"storage-driver": None}


def test_a_rootless_user_reads_that_users_socket(run, gathered, monkeypatch):
    class Entry:
        pw_uid = 1000

    monkeypatch.setattr(host_info.pwd, "getpwnam", lambda name: Entry())
    run(rootless_user="alice")
    assert gathered[0]["socket"] == "/run/user/1000/docker.sock"


def test_an_unknown_rootless_user(run, gathered):
    result = run(rootless_user="hardened-docker-no-such-user")
    assert result["failed"] and "rootless_user 'hardened-docker-no-such-user' is not a user" in result["msg"]
    assert gathered == []


@pytest.mark.parametrize(
    ("args", "named"),
    [
        ({"audit_key": "bad key!"}, "audit_key"),
        ({"audit_key": "k" * 32}, "audit_key"),
        ({"audit_perms": "rx"}, "audit_perms"),
        ({"audit_perms": "rwq"}, "audit_perms"),
        ({"benchmark_version": "9.9.9"}, "benchmark_version"),
    ],
)
def test_bad_input_names_the_option(run, gathered, args, named):
    result = run(**args)
    assert result["failed"] and named in result["msg"], result["msg"]
    assert gathered == []
