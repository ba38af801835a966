"""host_info's description of a host, from recorded HostState fixtures: the fix of each control
must be what its check accepts."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest

from ansible_collections.hardened.docker.plugins.module_utils._catalog import CATALOGS
from ansible_collections.hardened.docker.plugins.module_utils._context import AuditContext
from ansible_collections.hardened.docker.plugins.module_utils._effective_config import EffectiveConfig
from ansible_collections.hardened.docker.plugins.module_utils._evaluate import run_check
from ansible_collections.hardened.docker.plugins.module_utils._file_modes import format_mode, parse_mode
from ansible_collections.hardened.docker.plugins.module_utils._host_info import (
    describe,
    extra_paths,
    parse_subids,
    read_subids,
)
from ansible_collections.hardened.docker.plugins.module_utils._registry import CHECKS, REMEDIES, check, register
from ansible_collections.hardened.docker.plugins.module_utils._remediation import DaemonSettings
from ansible_collections.hardened.docker.plugins.module_utils._results import FAIL, PASS

FIXTURES = Path(__file__).resolve().parents[3] / "fixtures" / "host_state"
CATALOG = CATALOGS["1.6.0"]
BY_ID = {c.id: c for c in CATALOG}
# host_info keys its fixes by the control's stable key.
KEY = {c.id: c.key for c in CATALOG}
CONTRACT_KEYS = {
    "engine",
    "daemon_json",
    "effective_config",
    "data_root",
    "exec_root",
    "units",
    "docker_socket",
    "containerd_socket",
    "binaries",
    "docker_group",
    "subids",
    "image_store",
    "audit",
    "files",
    "daemon_settings",
}
AUDIT_IDS = [f"1.1.{n}" for n in range(3, 19)]
FILE_IDS = [f"3.{n}" for n in range(1, 25)]


def load(name: str) -> dict[str, Any]:
    return json.loads((FIXTURES / f"{name}.json").read_text())


def host_of(state: dict[str, Any], **kwargs: Any) -> dict[str, Any]:
    return describe(state, CATALOG, {"/etc/subuid": [], "/etc/subgid": []}, **kwargs)


def verdict(state: dict[str, Any], control_id: str) -> tuple[str, tuple[str, ...]]:
    outcome = run_check(BY_ID[control_id], AuditContext(state))
    return outcome.status, outcome.evidence + tuple(f.text for f in outcome.findings)


def with_rules_loaded(state: dict[str, Any], host: dict[str, Any]) -> dict[str, Any]:
    """The state once the auditd role wrote every rule of `host` and the kernel loaded them."""
    patched = copy.deepcopy(state)
    entries = [e for ident in AUDIT_IDS for e in host["audit"][KEY[ident]]]
    patched["audit"].update(
        loaded=[line for e in entries for line in e["loaded"]],
        auditctl_error=None,
        auditctl_missing=False,
        enabled=1,
        files={"/etc/audit/rules.d/docker.rules": [line for e in entries for line in e["rules"]]},
    )
    return patched


def with_data_root_flag(state: dict[str, Any], root: str = "/srv/docker") -> dict[str, Any]:
    """dockerd started with --data-root (a systemd drop-in), daemon.json without data-root."""
    patched = copy.deepcopy(state)
    patched["dockerd"]["argv"] += ["--data-root", root]
    patched["engine"]["info"]["DockerRootDir"] = root
    patched["paths"][root] = dict(patched["paths"]["/var/lib/docker"])
    return patched


@pytest.mark.parametrize("fixture", ["stock", "hardened"])
def test_the_contract_keys(fixture):
    host = host_of(load(fixture))
    assert set(host) >= CONTRACT_KEYS
    assert set(host["engine"]) == {"version", "api_version", "reachable", "error", "info"}
    assert set(host["daemon_json"]) == {"path", "exists", "config", "error"}
    assert set(host["units"]) == {"docker.service", "docker.socket"}
    assert set(host["binaries"]) == {
        "dockerd",
        "containerd",
        "containerd-shim",
        "containerd-shim-runc-v1",
        "containerd-shim-runc-v2",
        "runc",
    }
    assert set(host["docker_group"]) == {"exists", "gid", "members"}
    assert sorted(host["audit"]) == sorted(KEY[i] for i in AUDIT_IDS)
    assert sorted(host["files"]) == sorted(KEY[i] for i in FILE_IDS)
    assert host["image_store"] in ("snapshotter", "graphdriver", "unknown")
    for entries in host["audit"].values():
        for entry in entries:
            assert {"path", "exists", "rules"} <= set(entry)
    for entries in host["files"].values():
        for entry in entries:
            assert {"path", "exists", "owner", "group", "mask", "mode", "uid", "gid"} <= set(entry)
    json.dumps(host)  # plain data, as a module returns it


def test_a_stock_host():
    host = host_of(load("stock"))
    assert host["engine"]["reachable"] is True and host["engine"]["version"] == "20.10.24+dfsg1"
    assert host["engine"]["api_version"] == "1.41"
    assert host["data_root"] == "/var/lib/docker"
    assert host["exec_root"] == "/var/run/docker"
    assert host["units"] == {
        "docker.service": "/lib/systemd/system/docker.service",
        "docker.socket": "/lib/systemd/system/docker.socket",
    }
    assert host["containerd_socket"] == "/run/containerd/containerd.sock"
    assert host["binaries"]["dockerd"] == "/usr/sbin/dockerd" and host["binaries"]["runc"] == "/usr/sbin/runc"
    assert host["effective_config"] == {"hosts": ["fd://"], "containerd": "/run/containerd/containerd.sock"}
    assert host["daemon_json"] == {"path": "/etc/docker/daemon.json", "exists": False, "config": {}, "error": None}
    assert host["docker_group"] == {"exists": True, "gid": 998, "members": ["debian"]}
    assert host["image_store"] == "graphdriver"
    assert host["audit"]["audit_data_root"] == [
        {
            "path": "/var/lib/docker",
            "exists": True,
            "rules": ["-w /var/lib/docker -p rwxa -k docker"],
            "loaded": ["-w /var/lib/docker -p rwxa -k docker"],
            "found_as": None,
        }
    ]
    # 1.1.4 audits the directory with a syscall rule, which auditctl -l lists as a watch.
    assert host["audit"]["audit_run_containerd"][0]["rules"] == [
        "-a exit,always -F path=/run/containerd -F perm=rwa -k docker"
    ]
    assert host["audit"]["audit_run_containerd"][0]["loaded"] == ["-w /run/containerd -p rwa -k docker"]
    assert host["audit"]["audit_sysconfig_docker"] == []
    assert host["notes"]["audit_sysconfig_docker"] == "/etc/sysconfig/docker does not exist on this host"
    assert "audit_data_root" not in host["notes"]


def test_the_socket_is_root_docker_with_the_sticky_bit_allowed():
    host = host_of(load("stock"))
    socket = host["files"]["docker_sock_owner"]
    assert socket == host["files"]["docker_sock_mode"]
    assert socket == [
        {
            "path": "/var/run/docker.sock",
            "exists": True,
            "owner": "root",
            "group": "docker",
            "mask": "1660",
            "mode": "0666",
            "uid": 0,
            "gid": 998,
        }
    ]
    assert (
        host["files"]["docker_service_owner"][0]["owner"] == "root"
        and host["files"]["docker_service_owner"][0]["group"] == "root"
    )
    assert host["files"]["docker_service_owner"][0]["mask"] == "0644"
    assert host["files"]["tls_key_mode"] == []
    assert "TLS" in host["notes"]["tls_key_mode"]


def test_without_a_docker_group_the_socket_is_root_root():
    state = load("stock")
    state["docker_group"] = {"exists": False, "gid": None, "members": []}
    assert host_of(state)["files"]["docker_sock_owner"][0]["group"] == "root"


def test_a_missing_file_is_listed_with_its_target():
    host = host_of(load("stock"))
    assert host["files"]["daemon_json_owner"] == [
        {
            "path": "/etc/docker/daemon.json",
            "exists": False,
            "owner": "root",
            "group": "root",
            "mask": "0644",
            "mode": None,
            "uid": None,
            "gid": None,
        }
    ]
    assert "does not exist" in host["notes"]["daemon_json_owner"]


def test_the_data_root_of_a_data_root_flag():
    """Issue 14: the role took data-root from daemon.json and ignored --data-root; the check does not."""
    state = with_data_root_flag(load("stock"))
    host = host_of(state)
    assert host["data_root"] == "/srv/docker"
    assert host["effective_config"]["data-root"] == "/srv/docker"
    assert host["audit"]["audit_data_root"][0]["rules"] == ["-w /srv/docker -p rwxa -k docker"]
    lines = [line for e in host["audit"].values() for entry in e for line in entry["rules"]]
    assert not any("/var/lib/docker" in line for line in lines)
    status, _evidence = verdict(with_rules_loaded(state, host), "1.1.5")
    assert status == PASS


def test_the_data_root_from_daemon_json_when_the_api_is_down():
    state = load("stock")
    state["engine"] = {"socket": "/var/run/docker.sock", "error": "connection refused", "info": None, "version": None}
    state["daemon_json"].update(exists=True, content={"data-root": "/data/docker"})
    host = host_of(state)
    assert host["engine"] == {
        "version": None,
        "api_version": None,
        "reachable": False,
        "error": "connection refused",
        "info": {},
    }
    assert host["data_root"] == "/data/docker"
    assert host["image_store"] == "unknown"
    assert host["daemon_json"]["config"] == {"data-root": "/data/docker"}


def test_no_dockerd_and_no_data_root_in_daemon_json_give_no_data_root():
    """The rootless role reads subids after it stopped the rootful dockerd: host_info still answers."""
    state = load("stock")
    state["engine"] = {"socket": "/var/run/docker.sock", "error": "connection refused", "info": None, "version": None}
    state["dockerd"] = {"pid": None, "uid": None, "exe": None, "argv": None, "error": "no dockerd running as uid 0"}
    host = host_of(state)
    assert host["data_root"] is None
    assert host["audit"]["audit_data_root"] == [] and "data-root" in host["notes"]["audit_data_root"]


def test_unknown_dockerd_flags_give_no_containerd_socket():
    state = load("stock")
    state["dockerd"] = {"pid": None, "uid": None, "exe": None, "argv": None, "error": "no dockerd running as uid 0"}
    host = host_of(state)
    assert host["containerd_socket"] is None
    assert host["audit"]["audit_containerd_sock"] == [] and "containerd" in host["notes"]["audit_containerd_sock"]


@pytest.mark.parametrize("fixture", ["stock", "hardened"])
def test_every_audit_rule_makes_its_check_pass(fixture):
    """The same matching (_audit_rules.watch_of) decides the check and accepts the rules host_info writes."""
    state = load(fixture)
    host = host_of(state)
    patched = with_rules_loaded(state, host)
    for ident in AUDIT_IDS:
        status, evidence = verdict(patched, ident)
        assert status == (PASS if host["audit"][KEY[ident]] else "not_applicable"), (ident, evidence)


def test_rules_written_but_not_loaded_are_not_verified():
    state = load("stock")
    host = host_of(state)
    patched = with_rules_loaded(state, host)
    patched["audit"].update(loaded=None, auditctl_error="auditctl -l failed: Operation not permitted")
    status, evidence = verdict(patched, "1.1.5")
    assert status == "error" and "not verified in force" in evidence[0]


def test_the_audit_key_and_permissions():
    host = host_of(load("stock"), audit_key="dockerd-files", audit_perms="aw")
    assert host["audit"]["audit_data_root"][0]["rules"] == ["-w /var/lib/docker -p wa -k dockerd-files"]
    assert host["audit"]["audit_run_containerd"][0]["rules"] == [
        "-a exit,always -F path=/run/containerd -F perm=wa -k dockerd-files"
    ]
    host = host_of(load("stock"), audit_perms="rwxa")
    assert host["audit"]["audit_run_containerd"][0]["loaded"] == ["-w /run/containerd -p rwa -k docker"]


def test_a_symlinked_binary_is_audited_at_its_real_location():
    state = load("stock")
    state["audit"]["resolved"] = {"/usr/sbin/runc": "/usr/lib/docker/runc"}
    entry = host_of(state)["audit"]["audit_runc"][0]
    assert entry["path"] == "/usr/lib/docker/runc" and entry["found_as"] == "/usr/sbin/runc"
    assert entry["rules"] == ["-w /usr/lib/docker/runc -p rwxa -k docker"]


@pytest.mark.parametrize("fixture", ["stock", "hardened"])
def test_the_fix_of_every_file_makes_its_checks_pass(fixture):
    """chown owner:group and chmod mode & mask, as the roles apply them, satisfy both checks of a file."""
    state = load(fixture)
    host = host_of(state)
    fixed = copy.deepcopy(state)
    gids = {"root": 0, "docker": state["docker_group"].get("gid")}
    for entries in host["files"].values():
        for entry in entries:
            if not entry["exists"]:
                continue
            record = fixed["paths"][entry["path"]]
            record["mode"] = format_mode(parse_mode(record["mode"]) & parse_mode(entry["mask"]))
            record.update(uid=0, owner="root")
            if entry["group"]:
                record.update(gid=gids[entry["group"]], group=entry["group"])
    for ident in FILE_IDS:
        status, evidence = verdict(fixed, ident)
        assert status == (PASS if any(e["exists"] for e in host["files"][KEY[ident]]) else "not_applicable"), (
            ident,
            evidence,
        )


def test_a_too_open_socket_fails_until_fixed():
    state = load("stock")
    assert verdict(state, "3.16")[0] == FAIL
    entry = host_of(state)["files"]["docker_sock_mode"][0]
    state["paths"]["/var/run/docker.sock"]["mode"] = format_mode(parse_mode(entry["mode"]) & parse_mode(entry["mask"]))
    assert verdict(state, "3.16")[0] == PASS


def test_the_daemon_settings_of_section_2():
    settings = host_of(load("stock"))["daemon_settings"]
    assert settings["icc"] == {"icc": False}
    assert settings["log_level"] == {"log-level": "info", "debug": None}
    assert settings["daemon_no_new_privileges"] == {"no-new-privileges": True}
    assert settings["live_restore"] == {"live-restore": True}
    assert settings["userland_proxy"] == {"userland-proxy": False}
    assert "rootless" not in settings and "base_device_size" not in settings
    settings["icc"]["icc"] = True  # a copy: the catalog's entry is left alone
    assert host_of(load("stock"))["daemon_settings"]["icc"] == {"icc": False}


def merge_patch(target: dict[str, Any], patch: dict[str, Any]) -> dict[str, Any]:
    """RFC 7396, as the daemon role applies daemon_settings."""
    merged = dict(target)
    for key, value in patch.items():
        if value is None:
            merged.pop(key, None)
        elif isinstance(value, dict):
            merged[key] = merge_patch(merged.get(key) or {}, value)
        else:
            merged[key] = value
    return merged


@pytest.mark.parametrize(
    ("control_id", "key"),
    [
        ("2.3", "log_level"),
        ("2.4", "iptables"),
        ("2.10", "daemon_cgroup_parent"),
        ("2.16", "userland_proxy"),
        ("2.18", "experimental"),
    ],
)
def test_the_daemon_settings_make_the_check_pass(control_id, key):
    """daemon.json as the stock host's, badly set, then patched with the control's settings."""
    state = load("stock")
    state["engine"]["info"].update(Debug=False, ExperimentalBuild=False)
    bad = {"log-level": "debug", "debug": True, "iptables": False, "cgroup-parent": "/x", "userland-proxy": True}
    state["daemon_json"].update(exists=True, content=bad)
    assert verdict(state, control_id)[0] in (FAIL, PASS)
    settings = host_of(state)["daemon_settings"][key]
    state["daemon_json"]["content"] = merge_patch(bad, settings)
    status, evidence = verdict(state, control_id)
    assert status == PASS, evidence


def test_a_rootless_daemon():
    state = load("stock")
    state["engine"]["socket"] = "/run/user/1000/docker.sock"
    state["rootless"] = {"enabled": True, "uid": 1000, "user": "alice", "home": "/home/alice"}
    assert extra_paths(state) == ["/usr/lib/systemd/user/docker.service", "/usr/lib/systemd/user/docker.socket"]
    owned = {"exists": True, "type": "file", "mode": "0600", "uid": 1000, "gid": 1000, "owner": "alice"}
    state["paths"].update(
        {
            "/home/alice/.config/systemd/user/docker.service": dict(owned),
            "/home/alice/.config/systemd/user/docker.socket": {"exists": False},
            "/usr/lib/systemd/user/docker.service": {"exists": True, "mode": "0644", "uid": 0, "gid": 0},
            "/usr/lib/systemd/user/docker.socket": {"exists": True, "mode": "0644", "uid": 0, "gid": 0},
            "/run/user/1000/docker.sock": {"exists": True, "type": "socket", "mode": "1660", "uid": 1000, "gid": 1000},
        }
    )
    host = host_of(state)
    assert host["rootless"] == {"enabled": True, "uid": 1000, "home": "/home/alice"}
    assert host["units"] == {
        "docker.service": "/home/alice/.config/systemd/user/docker.service",
        "docker.socket": "/usr/lib/systemd/user/docker.socket",
    }
    assert host["docker_socket"] == "/run/user/1000/docker.sock"
    assert host["exec_root"] == "/run/user/1000/docker"
    socket = host["files"]["docker_sock_owner"][0]
    assert socket["path"] == "/run/user/1000/docker.sock"
    assert socket["owner"] == "alice" and socket["group"] is None


def test_extra_paths_are_only_for_a_rootless_daemon():
    assert extra_paths(load("stock")) == []


def test_parse_subids():
    text = "dockremap:100000:65536\n# comment\nbroken\nalice:x:1\n  bob:165536:65536  \n:1:2\n"
    assert parse_subids(text) == [
        {"name": "dockremap", "start": 100000, "count": 65536},
        {"name": "bob", "start": 165536, "count": 65536},
    ]


def test_read_subids(tmp_path):
    good = tmp_path / "subuid"
    good.write_text("dockremap:100000:65536\n")
    found = read_subids([str(good), str(tmp_path / "missing"), str(tmp_path)])
    assert found == {
        str(good): [{"name": "dockremap", "start": 100000, "count": 65536}],
        str(tmp_path / "missing"): [],
        str(tmp_path): None,  # a directory cannot be read as a file
    }


def test_every_check_of_the_catalog_is_registered_and_every_registered_one_is_used():
    used = {c.check for catalog in CATALOGS.values() for c in catalog}
    assert used == set(CHECKS)
    assert set(REMEDIES) <= set(CHECKS)


def test_a_check_name_is_registered_once():
    with pytest.raises(ValueError, match="host_docker_group is registered twice"):
        register("host_docker_group", lambda ctx: None)
    with pytest.raises(ValueError, match="registered twice"):
        check("daemon_icc")(lambda ctx: None)


def test_every_key_a_daemon_remediation_sets_is_read_by_its_check(monkeypatch):
    """One source per control: the daemon.json keys a fix sets are the keys its check reads (EffectiveConfig.get)."""
    read: set[str] = set()
    get = EffectiveConfig.get

    def recorded(self: EffectiveConfig, key: str, default: Any = None) -> Any:
        read.add(key)
        return get(self, key, default)

    monkeypatch.setattr(EffectiveConfig, "get", recorded)
    # A daemon that listens on TCP and logs to syslog, so that the checks of 2.7 and 2.13 read their whole config.
    wide = load("stock")
    wide["daemon_json"].update(exists=True, content={"hosts": ["tcp://0.0.0.0:2376"], "log-driver": "syslog"})
    wide["engine"]["info"]["LoggingDriver"] = "syslog"
    wide["dockerd"]["argv"] = ["/usr/sbin/dockerd", "--containerd=/run/containerd/containerd.sock"]
    controls = [c for c in CATALOG if isinstance(REMEDIES.get(c.check), DaemonSettings)]
    assert len(controls) > 15
    for control in controls:
        read.clear()
        for state in (load("stock"), copy.deepcopy(wide)):
            run_check(control, AuditContext(state))
        assert set(REMEDIES[control.check].settings) <= read, (control.id, sorted(read))
