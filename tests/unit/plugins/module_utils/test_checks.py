"""Verdicts of every check, from recorded HostState fixtures.

The table gives, for every automated control, a small JSON patch (RFC 6902
style: add/replace/remove at a JSON pointer) that turns the hardened fixture
into a failing host; where the hardened host cannot pass a control (for example
swarm controls on a host without swarm), a second patch makes it pass.
"""

from __future__ import annotations

import copy
import datetime
import json
from pathlib import Path
from typing import Any

import pytest

from ansible_collections.hardened.docker.plugins.module_utils._audit_rules import parse_rule
from ansible_collections.hardened.docker.plugins.module_utils._catalog import CATALOGS
from ansible_collections.hardened.docker.plugins.module_utils._evaluate import Selection, evaluate
from ansible_collections.hardened.docker.plugins.module_utils._results import STATUSES

FIXTURES = Path(__file__).resolve().parents[3] / "fixtures" / "host_state"
TODAY = datetime.date(2026, 11, 22)
WEB = "3f2a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8"
IMG_WEB = "sha256:4c1d2e3f4a5b6c7d8e9f0a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6e7f8a9b0c1d"
CATALOG = CATALOGS["1.6.0"]


def load(name: str) -> dict[str, Any]:
    return json.loads((FIXTURES / f"{name}.json").read_text())


def _walk(doc: Any, pointer: str) -> tuple[Any, str]:
    parts = [p.replace("~1", "/").replace("~0", "~") for p in pointer.lstrip("/").split("/")]
    for part in parts[:-1]:
        doc = doc[int(part)] if isinstance(doc, list) else doc[part]
    return doc, parts[-1]


def patch(state: dict[str, Any], ops: list[dict[str, Any]]) -> dict[str, Any]:
    state = copy.deepcopy(state)
    for op in copy.deepcopy(ops):
        parent, key = _walk(state, op["path"])
        if op["op"] == "remove":
            del parent[int(key) if isinstance(parent, list) else key]
        elif isinstance(parent, list):
            if key == "-":
                parent.append(op["value"])
            elif op["op"] == "add":
                parent.insert(int(key), op["value"])
            else:
                parent[int(key)] = op["value"]
        else:
            parent[key] = op["value"]
    return state


def results(state: dict[str, Any], **selection: Any) -> dict[str, dict[str, Any]]:
    out = evaluate(state, "1.6.0", Selection(**selection), [], TODAY)
    return {r["id"]: r for r in out["results"]}


def rep(path: str, value: Any) -> dict[str, Any]:
    return {"op": "replace", "path": path, "value": value}


def add(path: str, value: Any) -> dict[str, Any]:
    return {"op": "add", "path": path, "value": value}


def rm(path: str) -> dict[str, Any]:
    return {"op": "remove", "path": path}


HARDENED = load("hardened")
LOOPBACK = "dockerd always treats 127.0.0.0/8 and ::1/128 as insecure registries; they are not findings"


def without_rule(path: str) -> dict[str, Any]:
    kept = [line for line in HARDENED["audit"]["loaded"] if (parse_rule(line) or parse_rule("-w /")).path != path]
    assert len(kept) == len(HARDENED["audit"]["loaded"]) - 1, path
    return rep("/audit/loaded", kept)


def stat(mode: str, uid: int = 0, gid: int = 0, owner: str = "root", group: str = "root") -> dict[str, Any]:
    return {"exists": True, "type": "file", "mode": mode, "uid": uid, "gid": gid, "owner": owner, "group": group}


def pmode(path: str, mode: str) -> dict[str, Any]:
    return rep(f"/paths/{path.replace('/', '~1')}/mode", mode)


def powner(path: str, uid: int = 1000, gid: int = 0) -> list[dict[str, Any]]:
    key = path.replace("/", "~1")
    return [rep(f"/paths/{key}/uid", uid), rep(f"/paths/{key}/gid", gid), rep(f"/paths/{key}/owner", "alice")]


SYSCONFIG = "~1etc~1sysconfig~1docker"
SWARM_MANAGER = {
    "NodeID": "q1w2e3r4t5y6u7i8o9p0a1s2d",
    "NodeAddr": "10.20.0.11",
    "LocalNodeState": "active",
    "ControlAvailable": True,
    "Error": "",
    "RemoteManagers": [{"NodeID": "q1w2e3r4t5y6u7i8o9p0a1s2d", "Addr": "10.20.0.11:2377"}],
    "Nodes": 5,
    "Managers": 3,
    "Cluster": {
        "ID": "x9y8z7w6v5u4t3s2r1q0p9o8n",
        "Spec": {
            "Name": "default",
            "Orchestration": {"TaskHistoryRetentionLimit": 5},
            "Raft": {"SnapshotInterval": 10000, "KeepOldSnapshots": 0, "LogEntriesForSlowFollowers": 500},
            "Dispatcher": {"HeartbeatPeriod": 5000000000},
            "CAConfig": {"NodeCertExpiry": 7776000000000000},
            "TaskDefaults": {},
            "EncryptionConfig": {"AutoLockManagers": True},
        },
        "TLSInfo": {"TrustRoot": "-----BEGIN CERTIFICATE-----\n...\n-----END CERTIFICATE-----\n"},
        "RootRotationInProgress": False,
        "DataPathPort": 4789,
        "DefaultAddrPool": ["10.0.0.0/8"],
        "SubnetSize": 24,
    },
}
INGRESS = {
    "Name": "ingress",
    "Id": "l4k5j6h7g8f9d0s1a2p3o4i5u",
    "Scope": "swarm",
    "Driver": "overlay",
    "Ingress": True,
    "Options": {"com.docker.network.driver.overlay.vxlanid_list": "4096", "encrypted": ""},
}
SWARM = [
    rep("/engine/info/Swarm", SWARM_MANAGER),
    rep("/listeners", [{"address": "10.20.0.11", "port": 2377}, {"address": "10.20.0.11", "port": 7946}]),
    add("/engine/networks/-", INGRESS),
]

SELINUX_ON = rep("/host/selinux", {"mode": "enforcing", "source": "/sys/fs/selinux/enforce=1", "error": None})

# id -> (patch that makes the hardened host pass, or None when it passes already; patch that makes it fail)
CASES: dict[str, tuple[list[dict[str, Any]] | None, list[dict[str, Any]]]] = {
    "1.1.1": (None, [rep("/mounts", ["/", "/dev", "/proc", "/sys", "/run"])]),
    "1.1.2": (None, [rep("/docker_group/members", ["alice"])]),
    "1.1.3": (None, [without_rule("/usr/sbin/dockerd")]),
    "1.1.4": (None, [without_rule("/run/containerd")]),
    "1.1.5": (None, [without_rule("/var/lib/docker")]),
    "1.1.6": (None, [without_rule("/etc/docker")]),
    "1.1.7": (None, [without_rule("/lib/systemd/system/docker.service")]),
    "1.1.8": (None, [without_rule("/run/containerd/containerd.sock")]),
    "1.1.9": (None, [without_rule("/lib/systemd/system/docker.socket")]),
    "1.1.10": (None, [without_rule("/etc/default/docker")]),
    "1.1.11": (None, [without_rule("/etc/docker/daemon.json")]),
    "1.1.12": (None, [without_rule("/etc/containerd/config.toml")]),
    "1.1.13": (
        [rep(f"/paths/{SYSCONFIG}", stat("0644")), add("/audit/loaded/-", "-w /etc/sysconfig/docker -p wa -k docker")],
        [rep(f"/paths/{SYSCONFIG}", stat("0644"))],
    ),
    "1.1.14": (None, [without_rule("/usr/bin/containerd")]),
    "1.1.15": (None, [without_rule("/usr/bin/containerd-shim")]),
    "1.1.16": (None, [without_rule("/usr/bin/containerd-shim-runc-v1")]),
    "1.1.17": (None, [without_rule("/usr/bin/containerd-shim-runc-v2")]),
    "1.1.18": (None, [without_rule("/usr/sbin/runc")]),
    "2.2": (
        None,
        [
            rep("/daemon_json/content/icc", True),
            rep("/engine/networks/0/Options/com.docker.network.bridge.enable_icc", "true"),
        ],
    ),
    "2.3": (None, [rep("/daemon_json/content/log-level", "debug")]),
    "2.4": (None, [add("/daemon_json/content/iptables", False)]),
    "2.5": (
        None,
        [
            add("/daemon_json/content/insecure-registries", ["10.20.0.50:5000"]),
            add(
                "/engine/info/RegistryConfig/IndexConfigs/10.20.0.50:5000", {"Name": "10.20.0.50:5000", "Secure": False}
            ),
        ],
    ),
    "2.6": (None, [rep("/engine/info/Driver", "aufs")]),
    "2.7": (None, [rep("/daemon_json/content/tlsverify", False)]),
    "2.9": (None, [rep("/engine/info/SecurityOptions", ["name=apparmor", "name=seccomp,profile=builtin"])]),
    "2.10": (None, [add("/daemon_json/content/cgroup-parent", "/docker-parent")]),
    "2.11": (None, [add("/daemon_json/content/storage-opts", ["dm.basesize=50G"])]),
    "2.12": (None, [rep("/engine/info/Plugins/Authorization", None)]),
    "2.13": (None, [rep("/engine/info/LoggingDriver", "json-file")]),
    "2.14": (None, [rep("/daemon_json/content/no-new-privileges", False)]),
    "2.15": (None, [rep("/engine/info/LiveRestoreEnabled", False)]),
    "2.16": (None, [rep("/daemon_json/content/userland-proxy", True)]),
    "2.18": (None, [rep("/engine/info/ExperimentalBuild", True)]),
    "3.1": (None, powner("/lib/systemd/system/docker.service")),
    "3.2": (None, [pmode("/lib/systemd/system/docker.service", "0664")]),
    "3.3": (None, powner("/lib/systemd/system/docker.socket", uid=0, gid=1000)),
    "3.4": (None, [pmode("/lib/systemd/system/docker.socket", "0646")]),
    "3.5": (None, powner("/etc/docker")),
    "3.6": (None, [pmode("/etc/docker", "0775")]),
    "3.7": (None, powner("/etc/docker/certs.d/registry.example.internal:5000/ca.crt", uid=0, gid=1000)),
    "3.8": (None, [pmode("/etc/docker/certs.d/registry.example.internal:5000/ca.crt", "0644")]),
    "3.9": (None, powner("/etc/docker/tls/ca.pem")),
    "3.10": (None, [pmode("/etc/docker/tls/ca.pem", "0644")]),
    "3.11": (None, powner("/etc/docker/tls/server-cert.pem")),
    "3.12": (None, [pmode("/etc/docker/tls/server-cert.pem", "0464")]),
    "3.13": (None, powner("/etc/docker/tls/server-key.pem")),
    "3.14": (None, [pmode("/etc/docker/tls/server-key.pem", "0440")]),
    "3.15": (None, powner("/var/run/docker.sock", uid=0, gid=1000)),
    "3.16": (None, [pmode("/var/run/docker.sock", "0666")]),
    "3.17": (None, powner("/etc/docker/daemon.json")),
    "3.18": (None, [pmode("/etc/docker/daemon.json", "0477")]),
    "3.19": (None, powner("/etc/default/docker")),
    "3.20": (None, [pmode("/etc/default/docker", "0666")]),
    "3.21": ([rep(f"/paths/{SYSCONFIG}", stat("0640"))], [rep(f"/paths/{SYSCONFIG}", stat("0646"))]),
    "3.22": ([rep(f"/paths/{SYSCONFIG}", stat("0644"))], [rep(f"/paths/{SYSCONFIG}", stat("0644", uid=1000))]),
    "3.23": (None, powner("/run/containerd/containerd.sock", uid=0, gid=1000)),
    "3.24": (None, [pmode("/run/containerd/containerd.sock", "0666")]),
    "4.1": (None, [rep("/containers/0/Config/User", "root")]),
    "4.5": (None, [rep("/content_trust/~1etc~1profile.d~1docker-content-trust.sh", ["export DOCKER_CONTENT_TRUST=0"])]),
    "4.6": (None, [rm(f"/images/{IMG_WEB}/Config/Healthcheck")]),
    "5.1": (None, [rep("/engine/info/Swarm/LocalNodeState", "active")]),
    "5.2": (None, [rep("/containers/0/AppArmorProfile", "unconfined")]),
    "5.3": (
        [
            SELINUX_ON,
            add("/engine/info/SecurityOptions/-", "name=selinux"),
            rep("/containers/0/ProcessLabel", "system_u:system_r:container_t:s0:c123,c456"),
            rep("/containers/1/ProcessLabel", "system_u:system_r:container_t:s0:c77,c88"),
        ],
        [
            SELINUX_ON,
            add("/engine/info/SecurityOptions/-", "name=selinux"),
            rep("/containers/0/ProcessLabel", "system_u:system_r:container_t:s0:c123,c456"),
            rep("/containers/1/HostConfig/SecurityOpt", ["label=disable"]),
        ],
    ),
    "5.4": (None, [rep("/containers/0/HostConfig/CapAdd", ["NET_BIND_SERVICE", "SYS_ADMIN"])]),
    "5.5": (None, [rep("/containers/0/HostConfig/Privileged", True)]),
    "5.6": (
        None,
        [add("/containers/1/Mounts/-", {"Type": "bind", "Source": "/", "Destination": "/host", "RW": False})],
    ),
    "5.7": (None, [rep(f"/processes/{WEB}/comms", ["run", "sshd"])]),
    "5.8": (None, [rep("/containers/0/NetworkSettings/Ports/8080~1tcp/0/HostPort", "443")]),
    "5.10": (None, [rep("/containers/1/HostConfig/NetworkMode", "host")]),
    "5.11": (None, [rep("/containers/1/HostConfig/Memory", 0)]),
    "5.12": (None, [rep("/containers/1/HostConfig/CpuShares", 1024)]),
    "5.13": (None, [rep("/containers/1/HostConfig/ReadonlyRootfs", False)]),
    "5.14": (None, [rep("/containers/0/NetworkSettings/Ports/8080~1tcp/0/HostIp", "0.0.0.0")]),
    "5.15": (None, [rep("/containers/1/HostConfig/RestartPolicy", {"Name": "always", "MaximumRetryCount": 0})]),
    "5.16": (None, [rep("/containers/1/HostConfig/PidMode", "host")]),
    "5.17": (None, [rep("/containers/1/HostConfig/IpcMode", "host")]),
    "5.20": (None, [rep("/containers/0/Mounts/1/Propagation", "rshared")]),
    "5.21": (None, [rep("/containers/1/HostConfig/UTSMode", "host")]),
    "5.22": (None, [rep("/containers/0/HostConfig/SecurityOpt", ["seccomp=unconfined"])]),
    "5.23": (
        None,
        [
            rep("/containers/0/ExecIDs", ["0a1b2c3d4e5f60718293a4b5c6d7e8f9"]),
            add(
                "/execs/0a1b2c3d4e5f60718293a4b5c6d7e8f9",
                {"ID": "0a1b2c3d4e5f60718293a4b5c6d7e8f9", "ProcessConfig": {"entrypoint": "sh", "privileged": True}},
            ),
        ],
    ),
    "5.25": (None, [rep("/containers/1/HostConfig/CgroupParent", "/batch.slice")]),
    "5.26": (None, [rep(f"/processes/{WEB}/no_new_privs", 0)]),
    "5.27": (None, [rm("/containers/1/State/Health"), rm("/containers/1/Config/Healthcheck")]),
    "5.29": (None, [rep("/containers/1/HostConfig/PidsLimit", -1)]),
    "5.31": (None, [rep("/containers/1/HostConfig/UsernsMode", "host")]),
    "5.32": (
        None,
        [add("/containers/1/Mounts/-", {"Type": "bind", "Source": "/var/run/docker.sock", "Destination": "/d.sock"})],
    ),
    "7.1": (SWARM, [*SWARM, rep("/engine/info/Swarm/Managers", 2)]),
    "7.2": (SWARM, [*SWARM, rep("/listeners/0/address", "0.0.0.0")]),
    "7.3": (
        SWARM,
        [*SWARM, rep("/engine/networks/4/Options", {"com.docker.network.driver.overlay.vxlanid_list": "1"})],
    ),
    "7.5": (SWARM, [*SWARM, rep("/engine/info/Swarm/Cluster/Spec/EncryptionConfig/AutoLockManagers", False)]),
}

# Evidence that must name the offending object, for a few representative cases.
EVIDENCE = {
    "3.18": "/etc/docker/daemon.json has mode 0477, want 0644 or stricter",
    "4.1": 'container web (3f2a1b2c3d4e) Config.User="root"',
    "5.5": "container web (3f2a1b2c3d4e) HostConfig.Privileged=true",
    "5.10": "container worker (9b8c7d6e5f4a) HostConfig.NetworkMode=host",
    "5.14": "container web (3f2a1b2c3d4e) NetworkSettings.Ports 8080/tcp is published on all interfaces (0.0.0.0:8443)",
    "2.10": "daemon.json cgroup-parent=/docker-parent (/etc/docker/daemon.json)",
    "1.1.15": "no audit rule watches /usr/bin/containerd-shim",
    "5.23": "container web (3f2a1b2c3d4e) exec 0a1b2c3d4e5f ProcessConfig.privileged=true (sh)",
}


def test_every_automated_control_has_a_case():
    automated = {c.id for c in CATALOG if c.automated and c.section != "6"}
    assert automated == set(CASES)


@pytest.mark.parametrize("control_id", sorted(CASES, key=lambda i: [int(p) for p in i.split(".")]))
def test_pass_and_fail(control_id):
    pass_patch, fail_patch = CASES[control_id]
    passing = results(patch(HARDENED, pass_patch or []), ids=[control_id])[control_id]
    assert passing["status"] == "pass", passing
    failing = results(patch(HARDENED, fail_patch), ids=[control_id])[control_id]
    assert failing["status"] == "fail", failing
    assert failing["evidence"], failing
    if control_id in EVIDENCE:
        assert any(EVIDENCE[control_id] in line for line in failing["evidence"]), failing["evidence"]


def test_hardened_fixture_passes_or_does_not_apply():
    by_status: dict[str, set[str]] = {}
    for result in results(HARDENED).values():
        by_status.setdefault(result["status"], set()).add(result["id"])
    assert "fail" not in by_status and "error" not in by_status
    swarm = {"7.1", "7.2", "7.3", "7.4", "7.5", "7.6", "7.7", "7.8", "7.9"}
    assert by_status["not_applicable"] == {"1.1.13", "3.21", "3.22", "5.3"} | swarm


STOCK_FAIL = {
    *("1.1.1", "1.1.2", "1.1.3", "1.1.4", "1.1.5", "1.1.6", "1.1.7", "1.1.8", "1.1.9", "1.1.10"),
    *("1.1.14", "1.1.15", "1.1.16", "1.1.17", "1.1.18"),
    *("2.2", "2.9", "2.12", "2.13", "2.14", "2.15", "2.16", "3.16", "4.1", "4.5", "4.6"),
    *("5.2", "5.4", "5.5", "5.6", "5.7", "5.8", "5.10", "5.11", "5.12", "5.13", "5.14", "5.15", "5.16", "5.17"),
    *("5.20", "5.21", "5.22", "5.23", "5.25", "5.26", "5.27", "5.29", "5.31", "5.32"),
}
STOCK_PASS = {
    *("2.3", "2.4", "2.5", "2.6", "2.7", "2.10", "2.11", "2.18"),
    *("3.1", "3.2", "3.3", "3.4", "3.5", "3.6", "3.15", "3.19", "3.20", "3.23", "3.24", "5.1"),
}


def test_stock_insecure_host():
    got = results(load("stock"))
    automated = {i: r["status"] for i, r in got.items() if r["automated"]}
    assert {i for i, s in automated.items() if s == "fail"} == STOCK_FAIL
    assert {i for i, s in automated.items() if s == "pass"} == STOCK_PASS
    assert "error" not in automated.values()
    assert got["1.1.3"]["evidence"] == [
        "no audit rule watches /usr/sbin/dockerd: auditctl is not installed, and no rule file watches it"
    ]
    assert (
        "container dind (deadbeef0011) Mounts: Docker socket /var/run/docker.sock at /var/run/docker.sock"
        in (got["5.32"]["evidence"])
    )
    assert got["5.32"]["objects"] == ["container dind (deadbeef0011)"]
    assert got["5.7"]["evidence"] == [
        "container ssh-box (c0ffee001122) runs process sshd (host PID 23110 or a descendant)"
    ]


@pytest.mark.parametrize("name", ["hardened", "stock"])
def test_every_control_gets_a_status(name):
    got = evaluate(load(name), "1.6.0", Selection(), [], TODAY)["results"]
    assert [r["id"] for r in got] == [c.id for c in CATALOG]
    assert all(r["status"] in STATUSES for r in got)
    manual = {c.id for c in CATALOG if not c.automated}
    assert {r["status"] for r in got if r["id"] in manual} <= {"manual", "not_applicable"}


# -- edge cases ----------------------------------------------------------------------------------


def test_substring_audit_rule_does_not_satisfy_containerd():
    rules = ["-w /usr/bin/containerd-shim -p wa -k docker", "-w /usr/bin/containerd-shim-runc-v2 -p wa -k docker"]
    got = results(patch(HARDENED, [rep("/audit/loaded", rules)]), ids=["1.1.14", "1.1.15", "1.1.16", "1.1.17"])
    assert [got[i]["status"] for i in ("1.1.14", "1.1.15", "1.1.16", "1.1.17")] == ["fail", "pass", "fail", "pass"]


def test_audit_rule_without_write_permission_fails():
    state = patch(HARDENED, [rep("/audit/loaded/0", "-w /usr/sbin/dockerd -p x -k docker")])
    got = results(state, ids=["1.1.3"])["1.1.3"]
    assert got["status"] == "fail"
    assert "does not record 'wa'" in got["evidence"][0]


def test_audit_path_missing_is_not_applicable_with_the_path():
    state = patch(HARDENED, [rep("/paths/~1etc~1containerd~1config.toml", {"exists": False})])
    got = results(state, ids=["1.1.12"])["1.1.12"]
    assert got["status"] == "not_applicable"
    assert got["evidence"] == ["/etc/containerd/config.toml does not exist on this host"]


def test_binary_found_in_sbin_when_not_in_bin():
    got = results(HARDENED, ids=["1.1.18"])["1.1.18"]
    assert got["status"] == "pass" and got["objects"] == ["/usr/sbin/runc"]
    gone = patch(HARDENED, [rep("/paths/~1usr~1sbin~1runc", {"exists": False})])
    got = results(gone, ids=["1.1.18"])["1.1.18"]
    assert got["status"] == "not_applicable"
    assert "/usr/bin/runc" in got["evidence"][0] and "/usr/sbin/runc" in got["evidence"][0]


def test_rule_files_are_not_rules_in_force():
    # auditctl -l fails (in a container, or without root): a watch on disk is not verified in force.
    state = patch(
        HARDENED, [rep("/audit/loaded", None), rep("/audit/auditctl_error", "auditctl -l failed: permission")]
    )
    got = results(state, ids=["1.1.6"])["1.1.6"]
    assert got["status"] == "error"
    assert got["evidence"] == [
        "auditctl -l failed: permission; /etc/audit/rules.d/docker.rules has a watch for /etc/docker "
        "('-w /etc/docker -p wa -k docker'), which is not verified in force"
    ]
    # nothing on disk either: the benchmark's audit finds no rule
    unknown = results(patch(state, [rep("/audit/files", {})]), ids=["1.1.6"])["1.1.6"]
    assert unknown["status"] == "fail"
    assert unknown["evidence"] == [
        "no audit rule watches /etc/docker: auditctl -l failed: permission, and no rule file watches it"
    ]


def test_rule_files_that_cannot_be_read_leave_the_audit_rules_unknown():
    state = patch(
        HARDENED,
        [
            rep("/audit/loaded", None),
            rep("/audit/auditctl_error", "auditctl -l needs root"),
            rep("/audit/files", {}),
            add("/audit/unreadable", ["/etc/audit/rules.d (Permission denied)"]),
        ],
    )
    got = results(state, ids=["1.1.3"])["1.1.3"]
    assert got["status"] == "error"
    assert got["evidence"] == [
        "auditctl -l needs root, and the rule files /etc/audit/rules.d (Permission denied) cannot be read"
    ]
    readable = results(patch(state, [rep("/audit/unreadable", [])]), ids=["1.1.3"])["1.1.3"]
    assert readable["status"] == "fail", readable


def test_no_section_1_audit_control_passes_from_rule_files_alone():
    state = patch(HARDENED, [rep("/audit/loaded", None), rep("/audit/auditctl_error", "auditctl -l failed: EPERM")])
    audit_ids = [f"1.1.{n}" for n in range(3, 19)]
    got = results(state, ids=audit_ids)
    assert {got[i]["status"] for i in audit_ids} == {"error", "not_applicable"}
    assert [i for i in audit_ids if got[i]["status"] == "not_applicable"] == ["1.1.13"]


def test_loaded_rules_missing_a_rule_that_is_on_disk_say_so():
    got = results(patch(HARDENED, [without_rule("/etc/docker")]), ids=["1.1.6"])["1.1.6"]
    assert got["status"] == "fail"
    assert got["evidence"] == [
        "no audit rule watches /etc/docker (checked the loaded rules, auditctl -l)",
        "/etc/audit/rules.d/docker.rules has '-w /etc/docker -p wa -k docker', which is not loaded (augenrules --load)",
    ]


@pytest.mark.parametrize(
    ("rule", "status"),
    [
        ("-a always,exit -F path=/etc/docker -F perm=wa -F key=docker", "pass"),
        ("-a exit,always -F dir=/etc/docker -F perm=war -k docker", "pass"),
        ("-a always,exit -F arch=b64 -S openat -F dir=/etc/docker -F perm=wa -k docker", "fail"),
        ("-a always,exit -F dir=/etc/docker -F perm=wa -F auid>=1000 -k docker", "fail"),
        ("-a always,exit -F dir=/etc/docker -F perm=r -k docker", "fail"),
    ],
)
def test_loaded_rule_forms_for_etc_docker(rule, status):
    state = patch(HARDENED, [without_rule("/etc/docker"), add("/audit/loaded/-", rule)])
    got = results(state, ids=["1.1.6"])["1.1.6"]
    assert got["status"] == status, got
    if status == "fail":
        assert rule in got["evidence"][0]


CIS_170_DATA_ROOT = [
    "-a exit,always -F path=/var/lib/docker -F perm=war -k docker",
    "-a never,exit -F dir=/var/lib/docker/overlay2 -k docker",
    "-a never,exit -F dir=/var/lib/docker/volumes -k docker",
]


def test_data_root_in_the_cis_170_form_with_never_rules():
    state = patch(HARDENED, [without_rule("/var/lib/docker"), *(add("/audit/loaded/-", r) for r in CIS_170_DATA_ROOT)])
    assert results(state, ids=["1.1.5"])["1.1.5"]["status"] == "pass"
    never = patch(state, [add("/audit/loaded/0", "-a never,exit -F dir=/var/lib -k quiet")])
    got = results(never, ids=["1.1.5"])["1.1.5"]
    assert got["status"] == "fail"
    never_rule = "-a never,exit -F dir=/var/lib -k quiet"
    assert got["evidence"][0] == f"never-rule '{never_rule}' suppresses the events of /var/lib/docker"


@pytest.mark.parametrize("rule", ["-w /var/lib/docker/x -p wa -k docker", "-w /var/lib/dockerd -p wa -k docker"])
def test_a_rule_for_another_path_does_not_audit_the_data_root(rule):
    state = patch(HARDENED, [without_rule("/var/lib/docker"), add("/audit/loaded/-", rule)])
    assert results(state, ids=["1.1.5"])["1.1.5"]["status"] == "fail"


MANAGED_SOCK = "/var/run/docker/containerd/containerd.sock"


def _containerd_paths(system: bool, managed: bool) -> list[dict[str, Any]]:
    sock = stat("0660") | {"type": "socket"}
    return [
        rep("/paths/~1run~1containerd~1containerd.sock", sock if system else {"exists": False}),
        rep("/paths/~1run~1containerd", stat("0711") | {"type": "dir"} if system else {"exists": False}),
        add(f"/paths/{MANAGED_SOCK.replace('/', '~1')}", sock if managed else {"exists": False}),
        add("/paths/~1var~1run~1docker~1containerd", stat("0711") | {"type": "dir"} if managed else {"exists": False}),
    ]


NO_CONTAINERD_FLAG = rep("/dockerd/argv", ["/usr/sbin/dockerd", "-H", "fd://"])
MANAGED_RULES = [
    add("/audit/loaded/-", f"-w {MANAGED_SOCK} -p wa -k docker"),
    add("/audit/loaded/-", "-w /var/run/docker/containerd -p wa -k docker"),
]


def test_containerd_socket_from_the_containerd_flag():
    flag = rep("/dockerd/argv", ["/usr/sbin/dockerd", f"--containerd=unix://{MANAGED_SOCK}"])
    state = patch(HARDENED, [flag, *_containerd_paths(True, True)])
    got = results(state, ids=["1.1.4", "1.1.8", "3.23"])
    assert got["1.1.8"]["status"] == "fail" and MANAGED_SOCK in got["1.1.8"]["evidence"][0], got["1.1.8"]
    assert got["1.1.4"]["status"] == "fail" and "/var/run/docker/containerd " in got["1.1.4"]["evidence"][0]
    assert MANAGED_SOCK in got["3.23"]["evidence"][0], got["3.23"]
    got = results(patch(state, MANAGED_RULES), ids=["1.1.4", "1.1.8"])
    assert got["1.1.4"]["status"] == got["1.1.8"]["status"] == "pass", got
    assert "dockerd flag sets containerd=" in got["1.1.8"]["evidence"][1]


def test_containerd_socket_from_daemon_json():
    state = patch(
        HARDENED,
        [NO_CONTAINERD_FLAG, add("/daemon_json/content/containerd", MANAGED_SOCK), *_containerd_paths(True, True)],
    )
    got = results(state, ids=["1.1.8", "3.24"])
    assert got["1.1.8"]["status"] == "fail" and MANAGED_SOCK in got["1.1.8"]["evidence"][0], got["1.1.8"]
    assert MANAGED_SOCK in got["3.24"]["evidence"][0], got["3.24"]
    assert results(patch(state, MANAGED_RULES), ids=["1.1.8"])["1.1.8"]["status"] == "pass"


def test_containerd_socket_by_default_is_the_system_one_else_dockerds_own():
    system = patch(HARDENED, [NO_CONTAINERD_FLAG, *_containerd_paths(True, True)])
    got = results(system, ids=["1.1.8"])["1.1.8"]
    assert got["status"] == "pass" and got["objects"] == ["/run/containerd/containerd.sock"], got
    assert "dockerd uses the system containerd at /run/containerd/containerd.sock" in got["evidence"][1]
    managed = patch(HARDENED, [NO_CONTAINERD_FLAG, *_containerd_paths(False, True)])
    got = results(managed, ids=["1.1.4", "1.1.8", "3.23"])
    assert got["1.1.8"]["status"] == "fail" and MANAGED_SOCK in got["1.1.8"]["evidence"][0], got["1.1.8"]
    assert "/var/run/docker/containerd " in got["1.1.4"]["evidence"][0], got["1.1.4"]
    assert MANAGED_SOCK in got["3.23"]["evidence"][0]
    got = results(patch(managed, MANAGED_RULES), ids=["1.1.4", "1.1.8"])
    assert got["1.1.4"]["status"] == got["1.1.8"]["status"] == "pass", got
    assert "dockerd runs its own containerd" in got["1.1.8"]["evidence"][1]


def test_containerd_socket_unknown_without_dockerds_flags():
    state = patch(HARDENED, [rep("/dockerd", {"pid": None, "uid": None, "exe": None, "argv": None, "error": "gone"})])
    got = results(state, ids=["1.1.8"])["1.1.8"]
    assert got["status"] == "error" and "containerd" in got["evidence"][0], got


def test_cgroup_parent_from_daemon_json_and_from_flags():
    state = patch(HARDENED, [add("/daemon_json/content/cgroup-parent", "/docker.slice")])
    assert results(state, ids=["2.10"])["2.10"]["status"] == "fail"
    flags = patch(HARDENED, [add("/dockerd/argv/-", "--cgroup-parent=/docker.slice")])
    got = results(flags, ids=["2.10"])["2.10"]
    assert got["status"] == "fail"
    assert got["evidence"][0].startswith("dockerd flag sets cgroup-parent=/docker.slice")


def test_icc_configured_but_not_in_effect_fails():
    state = patch(HARDENED, [rep("/engine/networks/0/Options/com.docker.network.bridge.enable_icc", "true")])
    got = results(state, ids=["2.2"])["2.2"]
    assert got["status"] == "fail"
    assert "daemon.json icc=false (/etc/docker/daemon.json)" in got["evidence"]
    # The evidence says why: the running bridge predates the setting (live-restore kept it).
    assert any("predates it" in line for line in got["evidence"]), got["evidence"]


def test_tls_over_socket_activation_without_tls_fails():
    state = patch(
        HARDENED,
        [
            rm("/daemon_json/content/hosts"),
            rm("/daemon_json/content/tlsverify"),
            rep("/dockerd/argv", ["/usr/sbin/dockerd", "-H", "fd://"]),
            rep("/units/docker.socket/listen", ["/run/docker.sock (Stream)", "0.0.0.0:2375 (Stream)"]),
        ],
    )
    got = results(state, ids=["2.7", "3.9"])
    assert got["2.7"]["status"] == "fail"
    assert "0.0.0.0:2375 (Stream) (docker.socket)" in got["2.7"]["evidence"][0]
    assert got["3.9"]["status"] == "not_applicable"


def test_tls_key_file_missing_fails():
    state = patch(HARDENED, [rep("/paths/~1etc~1docker~1tls~1server-key.pem", {"exists": False})])
    got = results(state, ids=["2.7", "3.14"])
    assert got["2.7"]["status"] == "fail"
    assert got["2.7"]["evidence"][0] == "tlskey /etc/docker/tls/server-key.pem does not exist"
    assert got["3.14"]["status"] == "not_applicable"


def test_engine_unreachable_errors_engine_checks_and_runs_the_rest():
    reason = "connection refused on /var/run/docker.sock (dockerd is not running or not listening)"
    state = patch(
        HARDENED,
        [
            rep("/engine/error", reason),
            rep("/engine/info", None),
            rep("/engine/version", None),
            rep("/engine/networks", []),
            rep("/containers", []),
        ],
    )
    out = evaluate(state, "1.6.0", Selection(), [], TODAY)
    got = {r["id"]: r for r in out["results"]}
    assert out["host"]["docker_version"] is None
    for control_id in ("2.5", "2.6", "2.9", "2.12", "2.13", "2.15", "2.18", "4.1", "4.6", "5.1", "5.5", "5.32", "7.1"):
        assert got[control_id]["status"] == "error", control_id
        assert got[control_id]["evidence"] == [f"Docker Engine API unreachable at /var/run/docker.sock: {reason}"]
    for control_id in ("1.1.1", "1.1.3", "2.2", "2.14", "2.16", "3.1", "3.16", "3.18", "4.5"):
        assert got[control_id]["status"] == "pass", got[control_id]
    assert got["5.9"]["status"] == "manual"


def test_malformed_daemon_json_errors_dependent_checks_with_position():
    state = patch(
        HARDENED,
        [
            rep(
                "/daemon_json",
                {
                    "path": "/etc/docker/daemon.json",
                    "exists": True,
                    "content": None,
                    "error": "Expecting ',' delimiter",
                    "line": 3,
                    "column": 5,
                },
            )
        ],
    )
    got = results(state)
    expected = "/etc/docker/daemon.json is not valid JSON: line 3 column 5: Expecting ',' delimiter"
    for control_id in ("2.3", "2.7", "2.10", "2.16", "3.9", "3.14"):
        assert got[control_id]["status"] == "error", control_id
        assert got[control_id]["evidence"] == [expected]
    # What the running daemon reports decides these, whatever daemon.json now says.
    for control_id in ("2.2", "2.5", "2.6", "2.9", "2.15", "3.17", "3.18", "1.1.11", "5.5"):
        assert got[control_id]["status"] == "pass", control_id
    assert f"icc unknown: {expected}" in got["2.2"]["evidence"]


def test_rootless_daemon():
    state = patch(
        HARDENED,
        [
            rep("/rootless", {"enabled": True, "uid": 1000, "user": "alice", "home": "/home/alice"}),
            rep("/engine/socket", "/run/user/1000/docker.sock"),
            add("/engine/info/SecurityOptions/-", "name=rootless"),
            add(
                "/paths/~1run~1user~11000~1docker.sock", stat("0660", uid=1000, gid=1000, owner="alice", group="alice")
            ),
            rep("/docker_group/members", ["bob"]),
        ],
    )
    out = evaluate(state, "1.6.0", Selection(), [], TODAY)
    got = {r["id"]: r for r in out["results"]}
    assert out["host"]["rootless"] is True and out["host"]["socket"] == "/run/user/1000/docker.sock"
    assert got["2.1"]["status"] == "pass"
    assert got["2.9"]["status"] == "not_applicable"
    assert got["1.1.2"]["status"] == "pass"
    assert got["3.15"]["status"] == "pass"
    assert got["3.15"]["evidence"] == ["/run/user/1000/docker.sock is owned by alice:alice (1000:1000)"]
    root_owned = patch(state, [rep("/paths/~1run~1user~11000~1docker.sock/uid", 0)])
    assert results(root_owned, ids=["3.15"])["3.15"]["status"] == "fail"


def test_no_containers():
    got = results(patch(HARDENED, [rep("/containers", []), rep("/processes", {})]))
    for control_id in ("4.1", "5.2", "5.5", "5.7", "5.29", "5.32"):
        assert got[control_id]["status"] == "not_applicable", control_id
    # 4.6 judges the images on the host, used or not.
    assert got["4.6"]["status"] == "pass"
    assert results(patch(HARDENED, [rep("/containers", []), rep("/images", {})]), ids=["4.6"])["4.6"]["status"] == (
        "not_applicable"
    )


def test_process_list_missing_makes_5_7_an_error():
    got = results(patch(HARDENED, [rm(f"/processes/{WEB}")]), ids=["5.7"])["5.7"]
    assert got["status"] == "error"
    assert "container web (3f2a1b2c3d4e): its processes were not recorded" in got["evidence"][0]


def test_adding_a_default_capability_is_not_a_finding():
    state = patch(HARDENED, [rep("/containers/0/HostConfig/CapAdd", ["CAP_CHOWN", "net_bind_service"])])
    assert results(state, ids=["5.4"])["5.4"]["status"] == "pass"
    privileged = patch(HARDENED, [rep("/containers/0/HostConfig/Privileged", True)])
    assert results(privileged, ids=["5.4"])["5.4"]["status"] == "fail"


@pytest.mark.parametrize(
    ("policy", "status"),
    [
        ({"Name": "no", "MaximumRetryCount": 0}, "pass"),
        ({"Name": "", "MaximumRetryCount": 0}, "pass"),
        ({"Name": "on-failure", "MaximumRetryCount": 3}, "pass"),
        ({"Name": "on-failure", "MaximumRetryCount": 0}, "fail"),
        ({"Name": "on-failure", "MaximumRetryCount": 6}, "fail"),
        ({"Name": "unless-stopped", "MaximumRetryCount": 0}, "fail"),
    ],
)
def test_restart_policies(policy, status):
    state = patch(HARDENED, [rep("/containers/1/HostConfig/RestartPolicy", policy)])
    assert results(state, ids=["5.15"])["5.15"]["status"] == status


@pytest.mark.parametrize(
    ("source", "status"),
    [
        ("/run", "fail"),
        ("/var/run", "fail"),
        ("/run/docker.sock", "fail"),
        ("/srv/run/docker.sock", "fail"),
        ("/var", "pass"),  # /var/run is a symlink: binding /var does not expose /run
        ("/run/containerd", "pass"),
    ],
)
def test_docker_socket_mounts(source, status):
    mount = {"Type": "bind", "Source": source, "Destination": "/mnt", "RW": True}
    state = patch(HARDENED, [add("/containers/1/Mounts/-", mount)])
    assert results(state, ids=["5.32"])["5.32"]["status"] == status


@pytest.mark.parametrize(
    ("lines", "status"),
    [
        (["DOCKER_CONTENT_TRUST=1"], "pass"),
        (['export DOCKER_CONTENT_TRUST="1"  # sign everything'], "pass"),
        (["export DOCKER_CONTENT_TRUST=1", "export DOCKER_CONTENT_TRUST=false"], "fail"),
        (["export DOCKER_CONTENT_TRUST=1", "unset DOCKER_CONTENT_TRUST"], "fail"),
        (["# export DOCKER_CONTENT_TRUST=1"], "fail"),
        ([], "fail"),
    ],
)
def test_content_trust_lines(lines, status):
    state = patch(HARDENED, [rep("/content_trust/~1etc~1profile.d~1docker-content-trust.sh", lines)])
    assert results(state, ids=["4.5"])["4.5"]["status"] == status


def test_seccomp_seen_in_proc_and_in_daemon_default():
    proc = patch(HARDENED, [rep(f"/processes/{WEB}/seccomp", 0)])
    assert results(proc, ids=["5.22"])["5.22"]["status"] == "fail"
    unconfined = patch(HARDENED, [rep("/engine/info/SecurityOptions/1", "name=seccomp,profile=unconfined")])
    assert results(unconfined, ids=["5.22"])["5.22"]["status"] == "fail"


def test_insecure_registry_seen_only_in_info_fails():
    state = patch(HARDENED, [rep("/engine/info/RegistryConfig/InsecureRegistryCIDRs", ["10.99.0.0/16", "127.0.0.0/8"])])
    got = results(state, ids=["2.5"])["2.5"]
    assert got["status"] == "fail"
    assert got["evidence"] == ["insecure registry 10.99.0.0/16 (/info RegistryConfig.InsecureRegistryCIDRs)", LOOPBACK]


def test_userns_configured_but_not_active_fails():
    state = patch(HARDENED, [rep("/engine/info/SecurityOptions", ["name=apparmor", "name=seccomp,profile=builtin"])])
    got = results(state, ids=["2.9"])["2.9"]
    assert got["status"] == "fail"
    assert "daemon.json userns-remap=default (/etc/docker/daemon.json)" in got["evidence"]


def test_swarm_worker_skips_manager_controls():
    worker = {**SWARM_MANAGER, "ControlAvailable": False, "Managers": 0}
    state = patch(HARDENED, [*SWARM, rep("/engine/info/Swarm", worker)])
    got = results(state, ids=["7.1", "7.5", "7.3", "7.4"])
    assert got["7.1"]["status"] == "not_applicable" and got["7.5"]["status"] == "not_applicable"
    assert got["7.3"]["status"] == "pass"
    assert got["7.4"]["status"] == "manual"


def test_a_malformed_state_is_an_error_not_a_crash():
    state = patch(HARDENED, [rep("/containers/0/HostConfig", ["not", "a", "mapping"])])
    got = results(state)
    assert got["5.5"]["status"] == "error"
    assert "could not evaluate the host state" in got["5.5"]["evidence"][0]
    assert got["2.2"]["status"] == "pass"


def test_empty_state_still_gives_every_control_a_status():
    got = evaluate({}, "1.6.0", Selection(), [], TODAY)["results"]
    assert len(got) == len(CATALOG) == 117
    assert all(r["status"] in STATUSES for r in got)


# -- verdict fixes: each with a state that passes and one that fails --------------------------------

AUDITCTL_REFUSED = (
    "auditctl -l failed: Error sending rule list data request (Operation not permitted)\n"
    "There was an error while processing parameters\n"
)


def test_multi_line_tool_errors_become_single_evidence_lines():
    # A host state recorded by an older gatherer kept auditctl's error text as it was printed.
    state = patch(HARDENED, [rep("/audit/loaded", None), rep("/audit/auditctl_error", AUDITCTL_REFUSED)])
    on_disk = results(state, ids=["1.1.6"])["1.1.6"]
    assert on_disk["status"] == "error"
    assert on_disk["evidence"][0].startswith(
        "auditctl -l failed: Error sending rule list data request (Operation not permitted); "
        "There was an error while processing parameters; /etc/audit/rules.d/docker.rules has a watch for /etc/docker"
    )
    failing = results(patch(state, [rep("/audit/files", {"/etc/audit/audit.rules": ["-D"]})]), ids=["1.1.6"])["1.1.6"]
    assert failing["status"] == "fail"
    assert failing["evidence"] == [
        "no audit rule watches /etc/docker: auditctl -l failed: Error sending rule list data "
        "request (Operation not permitted); There was an error while processing parameters, and no rule file watches it"
    ]
    for result in evaluate(state, "1.6.0", Selection(), [], TODAY)["results"]:
        for line in result["evidence"] + result["objects"]:
            assert line == line.strip() and "\n" not in line, (result["id"], line)


@pytest.mark.parametrize(("enabled", "status"), [(1, "pass"), (2, "pass"), (None, "pass"), (0, "fail")])
def test_loaded_rules_do_not_count_while_kernel_auditing_is_disabled(enabled, status):
    got = results(patch(HARDENED, [add("/audit/enabled", enabled)]), ids=["1.1.3", "1.1.18"])
    assert got["1.1.3"]["status"] == got["1.1.18"]["status"] == status
    if status == "fail":
        assert got["1.1.3"]["evidence"] == [
            "/usr/sbin/dockerd is not audited: the kernel's auditing is disabled (auditctl -s: enabled 0), "
            "so no audit rule is in force"
        ]


UNKNOWN_FLAGS = [rep("/dockerd", {"pid": None, "uid": None, "exe": None, "argv": None, "error": "no dockerd running"})]


def test_settings_left_out_of_daemon_json_are_unknown_without_dockerd_flags():
    # A flag (--iptables=false) may set what daemon.json leaves out: without the flags, no default is assumed.
    got = results(patch(HARDENED, UNKNOWN_FLAGS), ids=["2.4", "2.7", "2.10", "2.16"])
    assert got["2.4"]["status"] == "error"
    assert got["2.4"]["evidence"] == [
        "iptables is not set in /etc/docker/daemon.json, and dockerd's flags, which may set it, are unknown "
        "(no dockerd running)"
    ]
    assert got["2.10"]["status"] == "error"
    # Keys daemon.json sets are known: dockerd refuses a flag that repeats one.
    assert got["2.7"]["status"] == "pass" and got["2.16"]["status"] == "pass"
    assert any("dockerd's flags are unknown" in line for line in got["2.16"]["evidence"])
    set_in_json = patch(HARDENED, [*UNKNOWN_FLAGS, add("/daemon_json/content/iptables", True)])
    assert results(set_in_json, ids=["2.4"])["2.4"]["status"] == "pass"
    off_in_json = patch(HARDENED, [*UNKNOWN_FLAGS, add("/daemon_json/content/iptables", False)])
    assert results(off_in_json, ids=["2.4"])["2.4"]["status"] == "fail"


def test_info_decides_when_the_configuration_is_unknown():
    unknown = patch(HARDENED, [*UNKNOWN_FLAGS, rm("/daemon_json/content/icc"), rm("/daemon_json/content/log-level")])
    got = results(unknown, ids=["2.2", "2.3"])
    assert got["2.2"]["status"] == "pass"  # the default bridge really has enable_icc=false
    assert got["2.3"]["status"] == "error"
    open_bridge = patch(unknown, [rep("/engine/networks/0/Options/com.docker.network.bridge.enable_icc", "true")])
    assert results(open_bridge, ids=["2.2"])["2.2"]["status"] == "fail"
    debugging = patch(unknown, [rep("/engine/info/Debug", True)])
    got = results(debugging, ids=["2.3"])["2.3"]
    assert got["status"] == "fail" and got["evidence"][0] == "/info reports Debug=true"


def test_no_new_privileges_reported_by_info_passes_without_readable_config():
    broken = patch(HARDENED, [rep("/daemon_json/content", None), rep("/daemon_json/error", "Expecting value")])
    assert results(broken, ids=["2.14"])["2.14"]["status"] == "error"
    reported = patch(broken, [add("/engine/info/SecurityOptions/-", "name=no-new-privileges")])
    got = results(reported, ids=["2.14"])["2.14"]
    assert got["status"] == "pass"
    assert got["evidence"][0] == "/info SecurityOptions includes name=no-new-privileges"


def test_an_image_that_could_not_be_inspected_is_not_a_silent_pass():
    other_image = next(i for i in HARDENED["images"] if i != IMG_WEB)
    missing = patch(HARDENED, [rep("/images", {IMG_WEB: HARDENED["images"][IMG_WEB]})])
    got = results(missing, ids=["4.6"])["4.6"]
    assert got["status"] == "error"
    assert got["evidence"][0].startswith("image ") and "could not be inspected" in got["evidence"][0]
    assert results(HARDENED, ids=["4.6"])["4.6"]["status"] == "pass"
    failing = patch(missing, [rm(f"/images/{IMG_WEB}/Config/Healthcheck")])
    got = results(failing, ids=["4.6"])["4.6"]
    assert got["status"] == "fail"
    assert any(short in line for line in got["evidence"] for short in [other_image.split(":")[1][:12]])


def test_one_reason_shared_by_many_containers_is_one_short_line():
    web = HARDENED["containers"][0]
    many = [{**web, "Id": f"{i:064x}", "Name": f"/web{i}"} for i in range(200)]
    state = patch(HARDENED, [rep("/containers", many), rep("/processes", {})])
    got = results(state, ids=["5.7"])["5.7"]
    assert got["status"] == "error"
    assert got["evidence"] == [
        "container web0 (000000000000), container web1 (000000000000), container web2 (000000000000) "
        "and 197 more: its processes were not recorded"
    ]
    sshd = patch(state, [add(f"/processes/{1:064x}", {"pid": 4242, "comms": ["sshd"], "error": None})])
    got = results(sshd, ids=["5.7"])["5.7"]
    assert got["status"] == "fail"
    assert got["evidence"][0] == "container web1 (000000000000) runs process sshd (host PID 4242 or a descendant)"


@pytest.mark.parametrize(
    ("control_id", "path"), [("3.16", "/var/run/docker.sock"), ("3.24", "/run/containerd/containerd.sock")]
)
def test_socket_modes_accept_the_sticky_bit_but_not_wider_permissions(control_id, path):
    # Rootless dockerd sets the sticky bit on its sockets in XDG_RUNTIME_DIR; it grants no access.
    sticky = results(patch(HARDENED, [pmode(path, "1660")]), ids=[control_id])[control_id]
    assert sticky["status"] == "pass", sticky
    wider = results(patch(HARDENED, [pmode(path, "1666")]), ids=[control_id])[control_id]
    assert wider["status"] == "fail", wider
    assert any("extra bits 0006" in line for line in wider["evidence"]), wider["evidence"]


def test_setuid_on_daemon_json_still_counts_as_wider():
    result = results(patch(HARDENED, [pmode("/etc/docker/daemon.json", "4644")]), ids=["3.18"])["3.18"]
    assert result["status"] == "fail", result


def test_rootless_daemon_is_judged_by_its_own_unit_and_containerd_socket():
    home_unit = "/home/alice/.config/systemd/user/docker.service"
    sock = "/run/user/1000/docker/containerd/containerd.sock"
    alice = {"uid": 1000, "gid": 1000, "owner": "alice", "group": "alice"}
    state = patch(
        HARDENED,
        [
            rep("/rootless", {"enabled": True, "uid": 1000, "user": "alice", "home": "/home/alice"}),
            add("/engine/info/SecurityOptions/-", "name=rootless"),
            add(f"/paths/{home_unit.replace('/', '~1')}", stat("0644", **alice)),
            add("/paths/~1home~1alice~1.config~1systemd~1user~1docker.socket", {"exists": False}),
            add(f"/paths/{sock.replace('/', '~1')}", stat("1660", **alice)),
            add("/paths/~1run~1user~11000~1containerd~1containerd.sock", {"exists": False}),
            # dockerd-rootless.sh starts dockerd without --containerd
            rep("/dockerd/argv", ["dockerd"]),
        ],
    )
    got = results(state, ids=["3.1", "3.2", "3.3", "3.4", "3.23", "3.24"])
    assert got["3.1"]["status"] == "pass" and home_unit in got["3.1"]["evidence"][0], got["3.1"]
    assert got["3.2"]["status"] == "pass", got["3.2"]
    assert {got["3.3"]["status"], got["3.4"]["status"]} == {"not_applicable"}, (got["3.3"], got["3.4"])
    assert got["3.23"]["status"] == "pass" and sock in got["3.23"]["evidence"][0], got["3.23"]
    assert got["3.24"]["status"] == "pass", got["3.24"]
    # A unit the user could not have written is a finding: root must not own it either way.
    loose = patch(state, [rep(f"/paths/{home_unit.replace('/', '~1')}/mode", "0666")])
    assert results(loose, ids=["3.2"])["3.2"]["status"] == "fail"


def test_rootless_daemon_gathers_its_own_unit_and_containerd_socket():
    from ansible_collections.hardened.docker.plugins.module_utils._context import AuditContext

    ctx = AuditContext({"rootless": {"enabled": True, "uid": 1000, "home": "/home/alice"}, "units": {}})
    wanted = ctx.wanted_paths()
    assert "/home/alice/.config/systemd/user/docker.service" in wanted
    # both sockets dockerd may use, and their directories (1.1.4)
    for path in ("/run/user/1000/docker/containerd/containerd.sock", "/run/user/1000/containerd/containerd.sock"):
        assert path in wanted and path.rsplit("/", 1)[0] in wanted
    assert "/run/containerd/containerd.sock" not in wanted


# -- TLS as dockerd decides it (cmd/dockerd/daemon.go loadDaemonCliConfig) --------------------------

TLS_IDS = ["2.7", "3.9", "3.10", "3.11", "3.12", "3.13", "3.14"]
NO_TLSVERIFY = rm("/daemon_json/content/tlsverify")


def tls_results(ops: list[dict[str, Any]]) -> dict[str, str]:
    return {i: r["status"] for i, r in results(patch(HARDENED, ops), ids=TLS_IDS).items() if i in TLS_IDS}


def test_tls_without_tlsverify_verifies_clients():
    got = tls_results([NO_TLSVERIFY, add("/daemon_json/content/tls", True)])
    assert set(got.values()) == {"pass"}, got
    bad_key = tls_results(
        [NO_TLSVERIFY, add("/daemon_json/content/tls", True), pmode("/etc/docker/tls/server-key.pem", "0640")]
    )
    assert bad_key["3.14"] == "fail" and bad_key["2.7"] == "pass"


def test_tlsverify_false_still_turns_tls_on_for_the_file_checks():
    got = tls_results([rep("/daemon_json/content/tlsverify", False)])
    assert got == {"2.7": "fail", **{i: "pass" for i in TLS_IDS[1:]}}
    bad_ca = tls_results([rep("/daemon_json/content/tlsverify", False), pmode("/etc/docker/tls/ca.pem", "0666")])
    assert bad_ca["3.10"] == "fail"
    evidence = results(patch(HARDENED, [rep("/daemon_json/content/tlsverify", False)]), ids=["2.7"])["2.7"]["evidence"]
    assert "daemon.json tlsverify=false (/etc/docker/daemon.json): TLS on, client certificates NOT verified" in evidence


def test_tls_false_is_plain_tcp():
    got = tls_results([NO_TLSVERIFY, add("/daemon_json/content/tls", False)])
    assert got == {"2.7": "fail", **{i: "not_applicable" for i in TLS_IDS[1:]}}


CERT_DIR = "/etc/docker/pki"
DEFAULT_FILES = [
    rep(f"/paths/{CERT_DIR.replace('/', '~1')}~1{name}", stat(mode))
    for name, mode in (("ca.pem", "0444"), ("cert.pem", "0444"), ("key.pem", "0400"))
]
FLAG_TLS = [
    rm("/daemon_json/content/tlsverify"),
    rm("/daemon_json/content/tlscacert"),
    rm("/daemon_json/content/tlscert"),
    rm("/daemon_json/content/tlskey"),
    add("/dockerd/argv/-", "--tlsverify"),
    *DEFAULT_FILES,
]


def test_docker_cert_path_moves_the_default_files():
    env = add("/dockerd/env", {"DOCKER_CERT_PATH": CERT_DIR})
    got = tls_results([*FLAG_TLS, env])
    assert set(got.values()) == {"pass"}, got
    objects = results(patch(HARDENED, [*FLAG_TLS, env]), ids=["3.13"])["3.13"]["objects"]
    assert objects == [f"{CERT_DIR}/key.pem"]
    loose = tls_results([*FLAG_TLS, env, pmode(f"{CERT_DIR}/key.pem", "0644")])
    assert loose["3.14"] == "fail"
    # From the unit's Environment= when /proc/PID/environ could not be read.
    unit_env = add("/units/docker.service/environment", {"DOCKER_CERT_PATH": CERT_DIR})
    assert set(tls_results([*FLAG_TLS, add("/dockerd/env_error", "permission denied"), unit_env]).values()) == {"pass"}


def test_default_tls_files_are_an_error_while_dockerd_environment_is_unknown():
    got = results(patch(HARDENED, [*FLAG_TLS, add("/dockerd/env_error", "cannot read /proc/812/environ")]), ids=TLS_IDS)
    assert {got[i]["status"] for i in TLS_IDS} == {"error"}
    assert "cannot read /proc/812/environ" in got["3.9"]["evidence"][0]


def test_docker_tls_verify_keeps_tls_on_against_tls_false_flag():
    ops = [*FLAG_TLS[:4], add("/dockerd/argv/-", "--tls=false"), *DEFAULT_FILES]
    assert tls_results([*ops, add("/dockerd/env", {})])["2.7"] == "fail"
    got = tls_results([*ops, add("/dockerd/env", {"DOCKER_TLS_VERIFY": "1", "DOCKER_CERT_PATH": CERT_DIR})])
    assert set(got.values()) == {"pass"}, got


def test_tls_on_only_through_daemon_json_uses_no_default_files():
    ops = [rm("/daemon_json/content/tlscacert"), add("/dockerd/env", {"DOCKER_CERT_PATH": CERT_DIR}), *DEFAULT_FILES]
    got = results(patch(HARDENED, ops), ids=TLS_IDS)
    assert got["2.7"]["status"] == "fail"
    assert got["2.7"]["evidence"][0] == "TLS is on, but dockerd uses no tlscacert file"
    assert got["3.9"]["status"] == "not_applicable" and got["3.11"]["status"] == "pass"


# -- 5.3: the host's own SELinux decides whether the control applies ---------------------------------


def test_selinux_on_the_host_without_selinux_enabled_in_dockerd_fails():
    got = results(patch(HARDENED, [SELINUX_ON]), ids=["5.3"])["5.3"]
    assert got["status"] == "fail"
    assert got["evidence"][0] == (
        "SELinux is enforcing on this host, but dockerd does not label containers (no selinux-enabled)"
    )
    permissive = rep("/host/selinux", {"mode": "permissive", "source": "/sys/fs/selinux/enforce=0", "error": None})
    assert results(patch(HARDENED, [permissive]), ids=["5.3"])["5.3"]["status"] == "fail"


def test_selinux_not_applicable_only_without_selinux_on_the_host():
    got = results(HARDENED, ids=["5.3"])["5.3"]
    assert got["status"] == "not_applicable"
    assert got["evidence"] == ["the host does not run SELinux (/sys/fs/selinux/enforce does not exist)"]
    unreadable = {"mode": None, "source": "/sys/fs/selinux/enforce", "error": "cannot read it: Permission denied"}
    for state in (patch(HARDENED, [rep("/host/selinux", unreadable)]), patch(HARDENED, [rm("/host/selinux")])):
        assert results(state, ids=["5.3"])["5.3"]["status"] == "error"


# -- 2.13: logs that stay on the host do not pass ---------------------------------------------------


@pytest.mark.parametrize(
    ("driver", "address", "status"),
    [
        ("syslog", "udp://logs.example.internal:514", "pass"),
        ("syslog", "tcp+tls://logs.example.internal:6514", "pass"),
        ("syslog", "unix:///dev/log", "fail"),
        ("syslog", None, "fail"),
        ("journald", None, "manual"),
        ("gelf", None, "pass"),
        ("local", None, "fail"),
    ],
)
def test_remote_logging(driver, address, status):
    ops = [rep("/engine/info/LoggingDriver", driver), rep("/daemon_json/content/log-driver", driver)]
    ops.append(
        rm("/daemon_json/content/log-opts/syslog-address")
        if address is None
        else rep("/daemon_json/content/log-opts/syslog-address", address)
    )
    got = results(patch(HARDENED, ops), ids=["2.13"])["2.13"]
    assert got["status"] == status, got
    if driver == "journald":
        assert any("confirm that it is forwarded" in line for line in got["evidence"])


def test_remote_logging_unknown_inputs_are_errors():
    missing = results(patch(HARDENED, [rm("/engine/info/LoggingDriver")]), ids=["2.13"])["2.13"]
    assert missing["status"] == "error" and missing["evidence"] == ["/info has no LoggingDriver field"]
    unreadable = rep(
        "/daemon_json",
        {"path": "/etc/docker/daemon.json", "exists": True, "content": None, "error": "Permission denied"},
    )
    assert results(patch(HARDENED, [unreadable]), ids=["2.13"])["2.13"]["status"] == "error"


# -- a probe that failed is an error, never a pass or not_applicable --------------------------------


@pytest.mark.parametrize(
    ("control_id", "field"),
    [
        ("2.5", "RegistryConfig"),
        ("2.6", "Driver"),
        ("2.9", "SecurityOptions"),
        ("2.12", "Plugins"),
        ("2.15", "LiveRestoreEnabled"),
        ("2.18", "ExperimentalBuild"),
    ],
)
def test_missing_info_fields_are_errors(control_id, field):
    got = results(patch(HARDENED, [rm(f"/engine/info/{field}")]), ids=[control_id])[control_id]
    assert got["status"] == "error" and got["evidence"] == [f"/info has no {field} field"], got


def test_authorization_plugins_missing_list_is_an_error_and_null_a_fail():
    assert (
        results(patch(HARDENED, [rm("/engine/info/Plugins/Authorization")]), ids=["2.12"])["2.12"]["status"] == "error"
    )
    assert (
        results(patch(HARDENED, [rep("/engine/info/Plugins/Authorization", None)]), ids=["2.12"])["2.12"]["status"]
        == "fail"
    )


SWARM_IDS = ["7.1", "7.2", "7.3", "7.5"]


def swarm_statuses(ops: list[dict[str, Any]]) -> dict[str, str]:
    got = results(patch(HARDENED, [*SWARM, *ops]), ids=[*SWARM_IDS, "7.4"])
    return {i: got[i]["status"] for i in [*SWARM_IDS, "7.4"]}


def test_swarm_state_unreadable_is_an_error():
    assert swarm_statuses([]) == {"7.1": "pass", "7.2": "pass", "7.3": "pass", "7.5": "pass", "7.4": "manual"}
    for ops in (
        [rm("/engine/info/Swarm/LocalNodeState")],
        [rm("/engine/info/Swarm")],
        [rep("/engine/info/Swarm/LocalNodeState", "locked")],
    ):
        got = swarm_statuses(ops)
        assert {got[i] for i in SWARM_IDS} == {"error"}, (ops, got)
        assert got["7.4"] == "manual"  # a manual control stays manual, with the reason
    assert swarm_statuses([rm("/engine/info/Swarm/ControlAvailable")])["7.1"] == "error"


def test_swarm_manager_count_missing_is_not_zero():
    got = results(patch(HARDENED, [*SWARM, rm("/engine/info/Swarm/Managers")]), ids=["7.1"])["7.1"]
    assert got["status"] == "error" and got["evidence"] == ["/info Swarm has no Managers field"]


def test_swarm_autolock_unreadable_is_an_error():
    ops = [*SWARM, rm("/engine/info/Swarm/Cluster/Spec/EncryptionConfig")]
    assert results(patch(HARDENED, ops), ids=["7.5"])["7.5"]["status"] == "error"


@pytest.mark.parametrize("listeners", [[], None], ids=["none-found", "not-read"])
def test_swarm_bind_without_recorded_listener_is_an_error(listeners):
    got = results(patch(HARDENED, [*SWARM, rep("/listeners", listeners)]), ids=["7.2"])["7.2"]
    assert got["status"] == "error", got


def test_failed_systemctl_is_an_error_and_no_systemd_not_applicable():
    failed_show = rep("/units/docker.service", {"path": None, "listen": [], "error": "Failed to connect to bus"})
    got = results(patch(HARDENED, [failed_show]), ids=["3.1", "3.2"])
    assert got["3.1"]["status"] == got["3.2"]["status"] == "error"
    assert got["3.1"]["evidence"] == ["systemctl show docker.service failed: Failed to connect to bus"]
    no_systemd = rep("/units", {"error": "systemctl not found (not a systemd host?)", "systemd": False})
    assert results(patch(HARDENED, [no_systemd]), ids=["3.1"])["3.1"]["status"] == "not_applicable"


def test_unrecorded_mount_table_is_an_error_for_1_1_1():
    got = results(patch(HARDENED, [rep("/mounts", None)]), ids=["1.1.1"])["1.1.1"]
    assert got["status"] == "error" and "/proc/self/mountinfo" in got["evidence"][0]


def test_failed_systemctl_is_an_error_for_the_unit_audit_rules_too():
    failed_show = rep("/units/docker.service", {"path": None, "listen": [], "error": "Failed to connect to bus"})
    got = results(patch(HARDENED, [failed_show]), ids=["1.1.7"])["1.1.7"]
    assert got["status"] == "error"
    assert got["evidence"][0] == "systemctl show docker.service failed: Failed to connect to bus"
    no_systemd = rep("/units", {"error": "systemctl not found (not a systemd host?)", "systemd": False})
    assert results(patch(HARDENED, [no_systemd]), ids=["1.1.7"])["1.1.7"]["status"] == "not_applicable"


def test_socket_activation_with_unreadable_docker_socket_is_an_error():
    ops = [
        rm("/daemon_json/content/hosts"),
        rep("/dockerd/argv", ["/usr/sbin/dockerd", "-H", "fd://"]),
        rep("/units/docker.socket", {"path": None, "listen": [], "error": "Access denied"}),
    ]
    got = results(patch(HARDENED, ops), ids=["2.7"])["2.7"]
    assert got["status"] == "error" and "docker.socket could not be read: Access denied" in got["evidence"][0]


def test_unreadable_certs_d_is_an_error_not_not_applicable():
    unreadable = rep("/registry_certs", {"dir": "/etc/docker/certs.d", "files": [], "error": "Permission denied"})
    got = results(patch(HARDENED, [unreadable]), ids=["3.7", "3.8"])
    assert got["3.7"]["status"] == got["3.8"]["status"] == "error"
    assert got["3.7"]["evidence"] == ["cannot list /etc/docker/certs.d: Permission denied"]
    empty = rep("/registry_certs", {"dir": "/etc/docker/certs.d", "files": [], "error": None})
    assert results(patch(HARDENED, [empty]), ids=["3.7"])["3.7"]["status"] == "not_applicable"


def test_rootless_daemon_audits_its_own_unit_and_containerd_socket():
    home_unit = "/home/alice/.config/systemd/user/docker.service"
    sock = "/run/user/1000/docker/containerd/containerd.sock"
    state = patch(
        HARDENED,
        [
            rep("/rootless", {"enabled": True, "uid": 1000, "user": "alice", "home": "/home/alice"}),
            add("/engine/info/SecurityOptions/-", "name=rootless"),
            add(f"/paths/{home_unit.replace('/', '~1')}", stat("0644")),
            add("/paths/~1home~1alice~1.config~1systemd~1user~1docker.socket", {"exists": False}),
            add(f"/paths/{sock.replace('/', '~1')}", stat("0660")),
            add("/paths/~1run~1user~11000~1docker~1containerd", stat("0700")),
            add("/paths/~1run~1user~11000~1containerd~1containerd.sock", {"exists": False}),
            rep("/dockerd/argv", ["dockerd"]),
        ],
    )
    ids = ["1.1.4", "1.1.7", "1.1.8", "1.1.9"]
    got = results(state, ids=ids)
    assert [got[i]["status"] for i in ids] == ["fail", "fail", "fail", "not_applicable"], got
    assert "/run/user/1000/docker/containerd " in got["1.1.4"]["evidence"][0]
    assert home_unit in got["1.1.7"]["evidence"][0] and sock in got["1.1.8"]["evidence"][0]
    assert "the rootless daemon has no docker.socket user unit" in got["1.1.9"]["evidence"][0]
    rules = [f"-w {p} -p wa -k docker" for p in (home_unit, sock, "/run/user/1000/docker/containerd")]
    got = results(patch(state, [add("/audit/loaded/-", r) for r in rules]), ids=ids)
    assert [got[i]["status"] for i in ids] == ["pass", "pass", "pass", "not_applicable"], got


# The containerd image store (Engine 29's default) keeps images under containerd's root, not the data root.
CONTAINERD_STORE = [
    rep("/engine/info/Driver", "overlayfs"),
    rep("/engine/info/DriverStatus", [["driver-type", "io.containerd.snapshotter.v1"]]),
]


@pytest.mark.parametrize(
    "ops, store",
    [([], "graph driver overlay2"), (CONTAINERD_STORE, "containerd image store (snapshotter overlayfs)")],
)
def test_1_1_1_and_2_6_evidence_name_the_image_store(ops, store):
    got = results(patch(HARDENED, ops), ids=["1.1.1", "2.6"])
    assert got["1.1.1"]["status"] == got["2.6"]["status"] == "pass"
    assert store in got["1.1.1"]["evidence"]
    assert store in got["2.6"]["evidence"]
    unmounted = results(patch(HARDENED, [*ops, rep("/mounts", ["/", "/proc"])]), ids=["1.1.1"])["1.1.1"]
    assert unmounted["status"] == "fail" and store in unmounted["evidence"]


def test_1_1_1_evidence_says_the_image_store_is_unknown_without_the_engine():
    state = patch(HARDENED, [rep("/engine/error", "connection refused"), rep("/engine/info", None)])
    got = results(state, ids=["1.1.1"])["1.1.1"]
    assert got["status"] == "pass"
    assert "image store unknown (Engine API unreachable: connection refused)" in got["evidence"]
    no_driver = results(patch(HARDENED, [rm("/engine/info/Driver")]), ids=["1.1.1"])["1.1.1"]
    assert "image store unknown (/info has no Driver)" in no_driver["evidence"]


STALE_ICC = [rep("/engine/networks/0/Options/com.docker.network.bridge.enable_icc", "true")]


def test_2_2_a_stale_bridge_names_the_restart_that_brings_icc_into_force():
    got = results(patch(HARDENED, STALE_ICC), ids=["2.2"])["2.2"]
    assert got["status"] == "fail"
    assert got["pending"] == "stop the 2 running container(s) (web, worker), restart dockerd, start them again"


def test_2_2_with_no_container_running_the_pending_action_is_a_plain_restart():
    idle = patch(
        HARDENED, [*STALE_ICC, rep("/containers/0/State/Running", False), rep("/containers/1/State/Running", False)]
    )
    assert results(idle, ids=["2.2"])["2.2"]["pending"] == "restart dockerd (no container runs now)"


def test_2_2_icc_not_configured_is_a_plain_failure_with_nothing_pending():
    got = results(patch(HARDENED, [*STALE_ICC, rep("/daemon_json/content/icc", True)]), ids=["2.2"])["2.2"]
    assert got["status"] == "fail"
    assert "pending" not in got
