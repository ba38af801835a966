"""Verdicts per benchmark version: the controls whose check or data a version changed, each with pass and fail."""

from __future__ import annotations

import copy
import datetime
import json
from pathlib import Path
from typing import Any

import pytest

from ansible_collections.hardened.docker.plugins.module_utils._catalog import CATALOGS, VERSIONS
from ansible_collections.hardened.docker.plugins.module_utils._checks_daemon import LOOPBACK_NOTE
from ansible_collections.hardened.docker.plugins.module_utils._checks_images import DCT_RETIRED
from ansible_collections.hardened.docker.plugins.module_utils._evaluate import Selection, evaluate
from ansible_collections.hardened.docker.plugins.module_utils._host_info import describe

FIXTURES = Path(__file__).resolve().parents[3] / "fixtures" / "host_state"
TODAY = datetime.date(2026, 11, 22)
LATER = ("1.7.0", "1.8.0")
SOCKET_RULE = "-w /var/run/docker.sock -p wa -k docker"
NOISE = (
    "/var/lib/docker/overlay2",
    "/var/lib/docker/volumes",
    "/var/lib/docker/100000.100000/overlay2",
    "/var/lib/docker/100000.100000/volumes",
)
DIR = {"exists": True, "type": "dir", "mode": "0710", "uid": 0, "gid": 0}


def load(name: str) -> dict[str, Any]:
    return json.loads((FIXTURES / f"{name}.json").read_text())


HARDENED = load("hardened")
STOCK = load("stock")


def by_key(state: dict[str, Any], version: str, *keys: str) -> dict[str, dict[str, Any]]:
    ids = [c.id for c in CATALOGS[version] if c.key in keys] if keys else []
    out = evaluate(state, version, Selection(ids=frozenset(ids)), [], TODAY)
    return {r["key"]: r for r in out["results"] if r["status"] != "skipped"}


def one(state: dict[str, Any], version: str, key: str) -> dict[str, Any]:
    return by_key(state, version, key)[key]


def with_rules(*lines: str, state: dict[str, Any] = HARDENED, noise: bool = True) -> dict[str, Any]:
    state = copy.deepcopy(state)
    state["audit"]["loaded"] = [*state["audit"]["loaded"], *lines]
    if noise:
        state["paths"].update({path: dict(DIR) for path in NOISE})
        state["audit"]["resolved"].update({path: path for path in NOISE})
    return state


# -- every result names its key, the run's version and its ids in all versions ---------------------


@pytest.mark.parametrize("version, count", [("1.6.0", 117), ("1.7.0", 117), ("1.8.0", 118)])
@pytest.mark.parametrize("state", [HARDENED, STOCK], ids=["hardened", "stock"])
def test_every_version_gives_one_result_per_control_with_its_key_and_ids(state, version, count):
    out = evaluate(state, version, Selection(), [], TODAY)
    assert out["benchmark_version"] == version
    assert len(out["results"]) == out["summary"]["total"] == count
    for result in out["results"]:
        assert result["benchmark_version"] == version
        assert result["ids"][version] == result["id"]
        assert result["key"] and result["cis_label"] in ("Automated", "Manual", "unknown")
    proxy = next(r for r in out["results"] if r["key"] == "userland_proxy")
    assert proxy["ids"] == {"1.6.0": "2.16", "1.7.0": "2.16", "1.8.0": "2.17"}


def test_a_renumbered_control_gives_the_same_verdict_under_its_new_id():
    old = {r["key"]: r for r in evaluate(HARDENED, "1.7.0", Selection(), [], TODAY)["results"]}
    new = {r["key"]: r for r in evaluate(HARDENED, "1.8.0", Selection(), [], TODAY)["results"]}
    moved = [k for k in old if old[k]["id"] != new[k]["id"]]
    assert len(moved) == 12
    assert all(old[k]["status"] == new[k]["status"] and old[k]["evidence"] == new[k]["evidence"] for k in moved)


# -- 1.1.9: the docker.socket unit file (1.6.0), the Docker socket itself (1.7.0 on) ----------------


def test_1_1_9_under_1_6_0_audits_the_docker_socket_unit_file():
    got = one(HARDENED, "1.6.0", "audit_docker_socket")
    assert got["status"] == "pass"
    assert got["evidence"] == [
        "/lib/systemd/system/docker.socket is audited by "
        "'-w /lib/systemd/system/docker.socket -p wa -k docker' (auditctl -l)"
    ]
    assert one(with_rules(SOCKET_RULE), "1.6.0", "audit_docker_socket")["status"] == "pass"


@pytest.mark.parametrize("version", LATER)
def test_1_1_9_from_1_7_0_fails_without_a_rule_for_the_socket_itself(version):
    got = one(HARDENED, version, "audit_docker_socket")
    assert (got["id"], got["status"]) == ("1.1.9", "fail")
    assert got["evidence"] == ["no audit rule watches /var/run/docker.sock (checked the loaded rules, auditctl -l)"]
    assert got["title"] == "Docker socket (docker.sock) is audited"


@pytest.mark.parametrize("version", LATER)
def test_1_1_9_from_1_7_0_passes_with_a_rule_for_the_socket(version):
    got = one(with_rules(SOCKET_RULE), version, "audit_docker_socket")
    assert got["status"] == "pass"
    assert got["evidence"] == [f"/var/run/docker.sock is audited by '{SOCKET_RULE}' (auditctl -l)"]


@pytest.mark.parametrize("version", LATER)
def test_1_1_9_from_1_7_0_follows_the_socket_through_its_real_path(version):
    state = with_rules("-w /run/docker.sock -p wa -k docker")
    state["audit"]["resolved"].update(
        {"/var/run/docker.sock": "/run/docker.sock", "/run/docker.sock": "/run/docker.sock"}
    )
    assert one(state, version, "audit_docker_socket")["status"] == "pass"


@pytest.mark.parametrize("version", LATER)
def test_1_1_9_from_1_7_0_is_not_applicable_without_a_socket_and_an_error_when_unseen(version):
    gone = copy.deepcopy(HARDENED)
    gone["paths"]["/var/run/docker.sock"] = {"exists": False}
    got = one(gone, version, "audit_docker_socket")
    assert got["status"] == "not_applicable"
    assert got["evidence"] == ["the Docker socket /var/run/docker.sock does not exist on this host"]
    unseen = copy.deepcopy(HARDENED)
    unseen["paths"]["/var/run/docker.sock"] = {"error": "Permission denied"}
    assert one(unseen, version, "audit_docker_socket")["status"] == "error"


# -- 1.1.5: the exclusion form from 1.7.0 on ----------------------------------------------------------

NEVER = tuple(f"-a never,exit -S all -F dir={path} -F key=docker" for path in NOISE)


@pytest.mark.parametrize("version", LATER)
def test_1_1_5_from_1_7_0_passes_with_the_exclusion_form_and_says_so(version):
    state = copy.deepcopy(with_rules(*NEVER))
    # The benchmark's form: never-rules first, then the data root as a syscall rule.
    state["audit"]["loaded"] = [*NEVER, *(r for r in state["audit"]["loaded"] if r not in NEVER)]
    got = one(state, version, "audit_data_root")
    assert got["status"] == "pass"
    assert got["evidence"] == [
        "/var/lib/docker is audited by '-w /var/lib/docker -p wa -k docker' (auditctl -l)",
        f"never-rules keep {', '.join(NOISE)} out of the audit log",
    ]


@pytest.mark.parametrize("version", LATER)
def test_1_1_5_from_1_7_0_passes_without_the_exclusions_and_names_them(version):
    got = one(with_rules(), version, "audit_data_root")
    assert got["status"] == "pass"
    assert got["evidence"][1] == (
        f"no never-rule keeps {', '.join(NOISE)} out of the audit log (the remediation adds one)"
    )


def test_1_1_5_under_1_6_0_says_nothing_about_exclusions():
    got = one(with_rules(*NEVER), "1.6.0", "audit_data_root")
    assert got["status"] == "pass" and len(got["evidence"]) == 1


@pytest.mark.parametrize("version", VERSIONS)
def test_1_1_5_fails_when_a_never_rule_drops_the_data_root_itself(version):
    never = "-A never,exit -S all -F dir=/var/lib/docker -F key=docker"
    got = one(with_rules(never), version, "audit_data_root")
    assert got["status"] == "fail"
    assert f"never-rule '{never}' suppresses the events of /var/lib/docker" in got["evidence"]


@pytest.mark.parametrize("version", LATER)
def test_1_1_5_from_1_7_0_fails_without_a_rule_for_the_data_root(version):
    state = with_rules()
    state["audit"]["loaded"].remove("-w /var/lib/docker -p wa -k docker")
    got = one(state, version, "audit_data_root")
    assert got["status"] == "fail"
    assert got["evidence"][0] == "no audit rule watches /var/lib/docker (checked the loaded rules, auditctl -l)"


def test_host_info_gives_1_7_0_s_rule_lines_for_1_1_5_and_1_1_9():
    state = with_rules()
    host = describe(state, CATALOGS["1.7.0"], {"/etc/subuid": [], "/etc/subgid": []})
    [entry] = host["audit"]["audit_data_root"]
    assert entry["rules"] == [
        *(f"-a never,exit -F dir={path} -k docker" for path in NOISE),
        "-a exit,always -F path=/var/lib/docker -F perm=rwa -k docker",
    ]
    assert entry["loaded"] == [*NEVER, "-w /var/lib/docker -p rwa -k docker"]
    assert host["audit"]["audit_docker_socket"][0]["rules"] == ["-w /var/run/docker.sock -p rwxa -k docker"]


def test_host_info_writes_never_rules_only_for_directories_that_exist():
    host = describe(HARDENED, CATALOGS["1.7.0"], {"/etc/subuid": [], "/etc/subgid": []})
    assert host["audit"]["audit_data_root"][0]["rules"] == [
        "-a exit,always -F path=/var/lib/docker -F perm=rwa -k docker"
    ]


def test_host_info_keeps_1_6_0_s_rule_lines():
    host = describe(with_rules(), CATALOGS["1.6.0"], {"/etc/subuid": [], "/etc/subgid": []})
    assert host["audit"]["audit_data_root"][0]["rules"] == ["-w /var/lib/docker -p rwxa -k docker"]
    assert host["audit"]["audit_docker_socket"][0]["rules"] == [
        "-w /lib/systemd/system/docker.socket -p rwxa -k docker"
    ]


def test_the_rules_host_info_writes_for_1_7_0_make_its_checks_pass():
    state = with_rules(state=HARDENED)
    host = describe(state, CATALOGS["1.7.0"], {"/etc/subuid": [], "/etc/subgid": []})
    state["audit"]["loaded"] = [
        line for key in ("audit_data_root", "audit_docker_socket") for e in host["audit"][key] for line in e["loaded"]
    ]
    got = by_key(state, "1.7.0", "audit_data_root", "audit_docker_socket")
    assert got["audit_data_root"]["status"] == got["audit_docker_socket"]["status"] == "pass"


# -- 5.6: /lib64 is sensitive from 1.7.0 on -----------------------------------------------------------

LIB64 = {"Type": "bind", "Source": "/lib64", "Destination": "/lib64", "RW": False}


def with_mount(mount: dict[str, Any]) -> dict[str, Any]:
    state = copy.deepcopy(HARDENED)
    state["containers"][1]["Mounts"].append(mount)
    return state


def test_5_6_under_1_6_0_does_not_count_lib64():
    assert one(with_mount(LIB64), "1.6.0", "sensitive_mounts")["status"] == "pass"


@pytest.mark.parametrize("version", LATER)
def test_5_6_from_1_7_0_fails_on_a_lib64_bind_mount(version):
    got = one(with_mount(LIB64), version, "sensitive_mounts")
    assert got["status"] == "fail"
    assert got["evidence"] == ["container worker (9b8c7d6e5f4a) Mounts: host /lib64 at /lib64 (ro)"]


@pytest.mark.parametrize("version", VERSIONS)
def test_5_6_passes_on_the_hardened_host_and_fails_on_etc_in_every_version(version):
    assert one(HARDENED, version, "sensitive_mounts")["status"] == "pass"
    etc = {"Type": "bind", "Source": "/etc", "Destination": "/host-etc", "RW": True}
    assert one(with_mount(etc), version, "sensitive_mounts")["status"] == "fail"


# -- 2.7 (1.8.0): devicemapper ------------------------------------------------------------------------


def with_driver(driver: str) -> dict[str, Any]:
    state = copy.deepcopy(HARDENED)
    state["engine"]["info"]["Driver"] = driver
    return state


def test_2_7_devicemapper_passes_on_overlay2():
    got = one(HARDENED, "1.8.0", "no_devicemapper")
    assert (got["id"], got["status"]) == ("2.7", "pass")
    assert got["evidence"][0] == "/info Driver=overlay2"


def test_2_7_devicemapper_fails_on_devicemapper_and_aufs_stays_2_6():
    got = by_key(with_driver("devicemapper"), "1.8.0", "no_devicemapper", "no_aufs")
    assert got["no_devicemapper"]["status"] == "fail"
    assert "the devicemapper storage driver is in use" in got["no_devicemapper"]["evidence"]
    assert (got["no_aufs"]["id"], got["no_aufs"]["status"]) == ("2.6", "pass")
    assert one(with_driver("aufs"), "1.8.0", "no_aufs")["status"] == "fail"


def test_2_7_devicemapper_is_an_error_when_info_is_unreadable():
    state = copy.deepcopy(HARDENED)
    state["engine"]["error"] = "connection refused"
    got = one(state, "1.8.0", "no_devicemapper")
    assert got["status"] == "error"
    del state["engine"]["error"]
    del state["engine"]["info"]["Driver"]
    assert one(state, "1.8.0", "no_devicemapper")["evidence"] == ["/info has no Driver field"]


def test_2_7_under_1_7_0_is_still_tls():
    assert one(HARDENED, "1.7.0", "tls")["id"] == "2.7"
    assert one(HARDENED, "1.8.0", "tls")["id"] == "2.8"


# -- 2.5: the loopback note; 4.5: Docker Content Trust's retirement ------------------------------------


@pytest.mark.parametrize("version", VERSIONS)
def test_2_5_notes_that_the_loopback_ranges_are_always_insecure(version):
    got = one(HARDENED, version, "insecure_registries")
    assert got["status"] == "pass" and LOOPBACK_NOTE in got["evidence"]
    state = copy.deepcopy(HARDENED)
    state["engine"]["info"]["RegistryConfig"]["InsecureRegistryCIDRs"].append("10.1.0.0/16")
    got = one(state, version, "insecure_registries")
    assert got["status"] == "fail" and LOOPBACK_NOTE in got["evidence"]


@pytest.mark.parametrize("version", VERSIONS)
def test_4_5_notes_the_retirement_of_content_trust_and_keeps_its_verdict(version):
    got = one(HARDENED, version, "content_trust")
    assert got["status"] == "pass" and DCT_RETIRED in got["evidence"]
    assert "cosign" in DCT_RETIRED and "notation" in DCT_RETIRED and "2026-12-08" in DCT_RETIRED
    state = copy.deepcopy(HARDENED)
    state["content_trust"]["/etc/profile.d/docker-content-trust.sh"] = []
    got = one(state, version, "content_trust")
    assert got["status"] == "fail" and DCT_RETIRED in got["evidence"]
