"""cis_audit against a real stock dockerd with deliberately insecure containers."""

from __future__ import annotations

import json
import time

import pytest


def audit(host, **args):
    result = host.ansible("hardened.docker.cis_audit", json.dumps(args) if args else None, check=False)
    assert not result.get("failed"), result.get("msg")
    assert result["changed"] is False
    return {r["id"]: r for r in result["results"]}, result


@pytest.fixture(scope="module")
def stock(host):
    return audit(host)


def test_every_control_has_a_verdict(stock):
    results, raw = stock
    assert len(results) == 117
    assert raw["benchmark_version"] == "1.6.0"
    assert raw["summary"]["error"] == 0, [r for r in results.values() if r["status"] == "error"]


@pytest.mark.parametrize("control", ["2.2", "2.14", "2.15", "2.16"])
def test_stock_daemon_settings_fail(stock, control):
    results, _ = stock
    assert results[control]["status"] == "fail", results[control]


@pytest.mark.parametrize(
    ("control", "container"),
    [
        ("5.4", "priv"),  # capabilities added
        ("5.10", "hostnet"),  # host network namespace
        ("5.11", "web"),  # no memory limit
        ("5.14", "web"),  # port published on 0.0.0.0
        ("5.32", "docker-sock"),  # Docker socket mounted
    ],
)
def test_insecure_containers_are_named(stock, control, container):
    results, _ = stock
    result = results[control]
    assert result["status"] == "fail", result
    text = " ".join(result["evidence"] + result["objects"])
    assert f"container {container} (" in text, result


def test_clean_containers_are_not_blamed(stock):
    results, _ = stock
    # Only docker-sock mounts the socket; only hostnet shares the host network.
    assert all("docker-sock" in line for line in results["5.32"]["evidence"])
    assert all("hostnet" in line for line in results["5.10"]["evidence"])


def test_no_privileged_container_passes(stock):
    results, _ = stock
    # The lab cannot run --privileged (see README), so 5.5 has nothing to find.
    assert results["5.5"]["status"] == "pass", results["5.5"]


def test_fixing_a_setting_by_hand_flips_it_to_pass(host):
    # Near the end on purpose: the restart stops the lab's containers (no live-restore yet).
    host.run_expect([0], "printf '{\"icc\": false}\\n' > /etc/docker/daemon.json")
    host.run_expect([0], "systemctl restart docker")
    for _ in range(60):
        if host.run("docker info").rc == 0:
            break
        time.sleep(1)
    results, _ = audit(host, ids=["2.2"])
    assert results["2.2"]["status"] == "pass", results["2.2"]
    assert results["2.14"]["status"] == "skipped"


def _restart_docker(host, between: str) -> None:
    host.run_expect([0], "systemctl stop docker.socket docker.service")
    host.run_expect([0], between)
    host.run_expect([0], "systemctl start docker.service")
    for _ in range(60):
        if host.run("docker info").rc == 0:
            return
        time.sleep(1)
    raise AssertionError("dockerd did not answer after its restart")


def test_stopped_and_created_containers_are_judged_as_the_benchmark_does(host):
    # After the restart above the lab's containers have exited; the benchmark audits `docker ps --all`.
    img = host.check_output("lab-image")
    host.run("docker rm -f job init")
    host.run_expect([0], f"docker run --name job {img} true")
    host.run_expect([0], f"docker create --name init --privileged {img} true")
    # The lab cannot start a privileged container (no CAP_SYS_RESOURCE), so job is given the configuration
    # of a privileged container that ran and exited: dockerd reads hostconfig.json when it starts.
    job = host.check_output("docker inspect -f '{{.Id}}' job")
    root = host.check_output("docker info -f '{{.DockerRootDir}}'")
    config = f"{root}/containers/{job}/hostconfig.json"
    edit = "import json,sys; p=sys.argv[1]; d=json.load(open(p)); d['Privileged']=True; json.dump(d, open(p, 'w'))"
    _restart_docker(host, f'python3 -c "{edit}" {config}')
    assert host.check_output("docker inspect -f '{{.State.Status}} {{.HostConfig.Privileged}}' job") == "exited true"

    results, raw = audit(host, ids=["4.1", "5.4", "5.5", "5.7"])
    assert raw["summary"]["error"] == 0, [r for r in results.values() if r["status"] == "error"]
    privileged = results["5.5"]
    assert privileged["status"] == "fail", privileged
    assert f"container job ({job[:12]}) (exited) HostConfig.Privileged=true" in privileged["evidence"], privileged
    assert any(
        line.startswith("container init (") and "(created) HostConfig.Privileged=true" in line
        for line in privileged["evidence"]
    ), privileged
    # The seeded workloads stopped with the daemon, and are still judged on their configuration.
    assert any(
        line.startswith("container priv (") and ") (exited) HostConfig.CapAdd=" in line
        for line in results["5.4"]["evidence"]
    ), results["5.4"]
    assert results["4.1"]["status"] == "fail"
    # sshd is looked for in running processes only: nothing runs now.
    assert results["5.7"]["status"] in ("pass", "not_applicable"), results["5.7"]
    host.run("docker rm -f job init")


@pytest.fixture(scope="module")
def by_version(host):
    """The host audited under every benchmark version one after the other (tests above change it), by key."""
    audits = {v: audit(host, benchmark_version=v)[1] for v in ("1.6.0", "1.7.0", "1.8.0")}
    return {v: {r["key"]: r for r in raw["results"]} for v, raw in audits.items()}


def test_every_version_has_its_controls_and_names_their_ids(by_version):
    assert {v: len(results) for v, results in by_version.items()} == {"1.6.0": 117, "1.7.0": 117, "1.8.0": 118}
    proxy = by_version["1.8.0"]["userland_proxy"]
    assert proxy["id"] == "2.17" and proxy["ids"] == {"1.6.0": "2.16", "1.7.0": "2.16", "1.8.0": "2.17"}
    assert by_version["1.8.0"]["no_devicemapper"]["status"] == "pass"  # the lab's dockerd runs overlay2


def test_a_control_keeps_its_verdict_across_versions_unless_the_version_changed_it(by_version):
    # 1.1.9 audits another path from 1.7.0 on, and 5.6 counts /lib64: their verdicts may differ.
    changed = {"audit_docker_socket", "sensitive_mounts"}
    differs = {
        key: [by_version[v][key]["status"] for v in by_version]
        for key in by_version["1.6.0"]
        if key not in changed and len({by_version[v][key]["status"] for v in by_version}) > 1
    }
    assert differs == {}
