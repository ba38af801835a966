"""End to end: the harden playbook fixed what its roles can fix and reported the rest."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from testinfra.utils.ansible_runner import AnsibleRunner

REPORTS = Path(os.environ["MOLECULE_EPHEMERAL_DIRECTORY"]) / "reports"
# Every lab host of the scenario (one per platform of .config/molecule/config.yml).
HOSTS = set(AnsibleRunner(os.environ["MOLECULE_INVENTORY_FILE"]).get_hosts("lab"))

# What the daemon and auditd roles fix with their defaults (tls and rootless are
# off by default); level-2 opt-ins such as 2.9 and 2.13 are not in this list.
# 1.1.3 to 1.1.18 are not: a container cannot load audit rules (see AUDIT_RULES).
FIXED_BY_DEFAULT = [
    *("2.2", "2.3", "2.4", "2.5", "2.6", "2.14", "2.15", "2.16", "2.18"),
    *(f"3.{n}" for n in (*range(1, 9), *range(15, 25))),
]
AUDIT_RULES = [f"1.1.{n}" for n in range(3, 19)]
# The lab's insecure containers: the operator's to fix, never the host's.
WORKLOAD_FAILURES = {"5.4": "priv", "5.10": "hostnet", "5.32": "docker-sock"}


def _by_id(host: dict) -> dict[str, dict]:
    return {r["id"]: r for r in host["results"]}


@pytest.fixture(scope="module")
def after() -> dict:
    return json.loads((REPORTS / "latest" / "fleet.json").read_text())


@pytest.fixture(scope="module")
def before() -> dict:
    runs = sorted(REPORTS.glob("*-before"))
    assert runs, f"no audit before hardening in {REPORTS}"
    # The first run (molecule's check step) audited the stock hosts; later ones saw them hardened.
    return json.loads((runs[0] / "fleet.json").read_text())


def test_both_hosts_were_audited_after_and_compared(after):
    assert {h["name"] for h in after["hosts"]} == HOSTS
    assert all(h["status"] == "audited" for h in after["hosts"])
    assert after["comparison"]["baseline"]["path"], "the audit after hardening names its baseline"
    assert set(after["comparison"]["hosts"]) == HOSTS


IN_FORCE = "trixie-default"  # harden_in_force: true (molecule.yml); the other hosts leave it pending
WORKLOADS = {"priv", "hostnet", "docker-sock", "web"}


def _pending(result: dict) -> bool:
    """2.2: live-restore keeps the running default bridge (icc on) until dockerd restarts with no container."""
    return result["id"] == "2.2" and any("predates it" in line for line in result["evidence"])


def _hostname(host) -> str:
    return host.backend.get_hostname()


def test_every_control_the_roles_fix_passes_after(after):
    for host in after["hosts"]:
        results = _by_id(host)
        wrong = {
            cid: (results[cid]["status"], results[cid]["evidence"][:2])
            for cid in FIXED_BY_DEFAULT
            if results[cid]["status"] not in ("pass", "not_applicable") and not _pending(results[cid])
        }
        assert not wrong, f"{host['name']}: {wrong}"


def _written_not_verified(result: dict) -> bool:
    return result["status"] == "error" and "which is not verified in force" in result["evidence"][0]


def test_audit_rules_are_written_but_never_pass_from_the_files_in_a_container(after):
    # auditctl -l cannot read the kernel's list here: rules on disk are not rules in force.
    for host in after["hosts"]:
        results = _by_id(host)
        wrong = {
            cid: (results[cid]["status"], results[cid]["evidence"][:1])
            for cid in AUDIT_RULES
            if results[cid]["status"] != "not_applicable" and not _written_not_verified(results[cid])
        }
        assert not wrong, f"{host['name']}: {wrong}"
        assert results["1.1.3"]["status"] == "error", results["1.1.3"]


def test_the_stock_hosts_failed_those_controls_before(before):
    for host in before["hosts"]:
        results = _by_id(host)
        for cid in ("2.2", "2.14", "2.15", "2.16", "1.1.3"):
            assert results[cid]["status"] == "fail", f"{host['name']} {cid} before: {results[cid]['status']}"


def test_score_went_up_and_nothing_regressed_on_every_host(before, after):
    stock = {h["name"]: h for h in before["hosts"]}
    for host in after["hosts"]:
        old = stock[host["name"]]
        assert host["summary"]["score"] > old["summary"]["score"], host["name"]
        was, now = _by_id(old), _by_id(host)
        regressed = [cid for cid, r in was.items() if r["status"] == "pass" and now[cid]["status"] == "fail"]
        assert not regressed, f"{host['name']} regressed: {regressed}"


def test_container_findings_remain_and_name_the_container(after):
    for host in after["hosts"]:
        results = _by_id(host)
        for cid, container in WORKLOAD_FAILURES.items():
            assert results[cid]["status"] == "fail", f"{host['name']} {cid}"
            assert any(o.startswith(f"container {container} (") for o in results[cid]["objects"]), results[cid]


def test_workloads_kept_running_through_the_restart(host):
    running = set(host.check_output("docker ps --format '{{.Names}}'").split())
    assert running >= WORKLOADS


def test_without_the_opt_in_the_report_names_the_pending_restart(after):
    results = {h["name"]: _by_id(h) for h in after["hosts"]}
    for name in HOSTS - {IN_FORCE}:
        pending = results[name]["2.2"]
        assert pending["status"] == "fail", (name, pending)
        assert pending["pending"].startswith(f"stop the {len(WORKLOADS)} running container(s) ("), (name, pending)
        assert pending["pending"].endswith("), restart dockerd, start them again"), (name, pending)
    assert results[IN_FORCE]["2.2"]["status"] == "pass", results[IN_FORCE]["2.2"]
    assert "pending" not in results[IN_FORCE]["2.2"]


def test_existing_containers_are_listed_as_pending_a_recreate_for_no_new_privileges(after):
    for host in after["hosts"]:
        nnp = _by_id(host)["5.26"]
        assert nnp["status"] == "fail", nnp
        assert nnp["pending"].startswith("recreate "), nnp
        assert {"priv", "web"} <= set(nnp["pending"].split(" (", 1)[0].removeprefix("recreate ").split(", "))


def _web(host, field: str) -> str:
    return host.check_output(f"docker inspect -f '{{{{{field}}}}}' web")


# busybox httpd in web serves files from /, so its /etc/hostname answers who replied. (Bookworm's
# static busybox wget crashes with SIGSEGV, so the request goes through nc.)
ASK = "printf 'GET /etc/hostname HTTP/1.0\\r\\n\\r\\n' | nc -w 3 {ip} 80"


def test_icc_blocks_traffic_on_the_default_bridge_only_once_in_force(host):
    # web (httpd on the default bridge) was started before hardening; a new container on the same bridge asks it.
    ask = host.run(f'docker run --rm lab/busybox sh -c "{ASK.format(ip=_web(host, ".NetworkSettings.IPAddress"))}"')
    web = _web(host, ".Config.Hostname")
    if _hostname(host) == IN_FORCE:
        assert web not in ask.stdout, f"icc is in force: the bridge must drop container-to-container traffic ({ask})"
    else:
        assert ask.rc == 0 and web in ask.stdout, f"icc is only configured here: the old bridge still forwards ({ask})"
    # The published port still answers from the host: the workload serves, only icc is closed.
    assert web in host.check_output("curl -s -m 3 http://127.0.0.1:8080/etc/hostname")


def test_with_the_opt_in_the_workloads_were_restarted_after_dockerd_and_run(host):
    started = host.check_output("docker inspect -f '{{.State.StartedAt}}' web")
    since = host.check_output("systemctl show -p ActiveEnterTimestamp --value docker.service")
    epoch = int(host.check_output(f"date -d '{started}' +%s"))
    daemon_epoch = int(host.check_output(f"date -d '{since}' +%s"))
    if _hostname(host) == IN_FORCE:
        assert epoch >= daemon_epoch, "harden_in_force stopped web and started it again after dockerd restarted"
    else:
        assert epoch < daemon_epoch, "without the opt-in live-restore kept web running through the restart"


def test_with_userland_proxy_off_no_docker_proxy_serves_a_published_port(host):
    assert host.run("pgrep -x docker-proxy").rc == 1, host.run("ps -eo pid,args").stdout


def test_new_containers_get_the_log_limits(host):
    config = host.check_output(
        "docker run --rm -d lab/busybox sleep 30 | xargs docker inspect -f '{{json .HostConfig.LogConfig}}'"
    )
    assert json.loads(config) == {"Type": "json-file", "Config": {"max-file": "3", "max-size": "10m"}}


def test_a_new_container_cannot_gain_privileges(host):
    out = host.check_output("docker run --rm lab/busybox grep NoNewPrivs /proc/self/status")
    assert out.split() == ["NoNewPrivs:", "1"]


def test_the_running_daemon_reports_the_settings_harden_wrote(host):
    info = json.loads(host.check_output("docker info --format '{{json .}}'"))
    assert info["LiveRestoreEnabled"] is True  # 2.15
    assert info["Debug"] is False  # 2.3
    assert info["ExperimentalBuild"] is False  # 2.18
    # 2.5: only the loopback ranges the engine always treats as insecure
    assert set(info["RegistryConfig"]["InsecureRegistryCIDRs"]) <= {"127.0.0.0/8", "::1/128"}
    # 2.4: dockerd still manages iptables: the port published before hardening is NATed
    assert "8080" in host.check_output("iptables -t nat -S DOCKER")
