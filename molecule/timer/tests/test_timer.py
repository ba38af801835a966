"""The audit timer on real systemd hosts: it fires, writes valid metrics, and they follow the host."""

from __future__ import annotations

import json
import re
import shlex
import time

import pytest
from prometheus_client.parser import text_string_to_metric_families

TIMER = "hardened-docker-audit.timer"
SERVICE = "hardened-docker-audit.service"
PROM = "/var/lib/prometheus/node-exporter/hardened_docker.prom"
REPORT = "/var/lib/hardened-docker/audit.json"
CONFIG = "/etc/hardened-docker/audit.json"
WAIT = 90  # seconds: the timer fires every 15 s here
SAMPLE = re.compile(r'[a-zA-Z_:][a-zA-Z0-9_:]*\{(?:[a-zA-Z_][a-zA-Z0-9_]*="(?:[^"\\\n]|\\[\\"n])*",?)*\} \S+')


def show(host, unit, prop):
    return host.check_output(f"systemctl show -P {prop} {unit}")


def unix(host, unit, prop):
    """A timestamp property in unix seconds, 0 when never (systemd 252 ignores --timestamp=unix for timers)."""
    value = show(host, unit, prop)
    if not value or value == "n/a":
        return 0
    return int(host.check_output(f"date -d {shlex.quote(value)} +%s"))


def next_run(host, after):
    """Wait until the timer has fired at or after ``after`` and the service run it started has finished."""
    deadline = time.time() + WAIT
    while time.time() < deadline:
        triggered = unix(host, TIMER, "LastTriggerUSec")
        started = unix(host, SERVICE, "ExecMainStartTimestamp")
        finished = unix(host, SERVICE, "ExecMainExitTimestamp")
        if triggered >= after and started >= triggered and finished >= started and finished:
            return triggered
        time.sleep(2)
    raise AssertionError(f"{TIMER} did not fire and finish a run within {WAIT} s after {after}")


def strict_parse(text):
    """The file as node_exporter reads it, checked more strictly than its parser does."""
    assert text.endswith("\n")
    seen, current = [], None
    for line in text.splitlines():
        if line.startswith("# HELP "):
            current = line.split(" ")[2]
            assert current not in seen, f"family {current} appears twice"
            seen.append(current)
        elif line.startswith("# TYPE "):
            assert line == f"# TYPE {current} gauge", line
        else:
            assert SAMPLE.fullmatch(line), f"not a sample without timestamp: {line!r}"
            assert line.split("{")[0] == current, f"sample outside its family: {line!r}"
    families = {f.name: f for f in text_string_to_metric_families(text)}
    assert list(families) == seen
    return families


def metrics(host):
    return strict_parse(host.file(PROM).content_string)


def statuses(families):
    return {s.labels["control"]: s.labels["status"] for s in families["hardened_docker_cis_control_status"].samples}


def value(families, name, **labels):
    (found,) = [s.value for s in families[name].samples if all(s.labels[k] == v for k, v in labels.items())]
    return found


def test_timer_is_enabled_active_and_persistent(host):
    timer = host.service(TIMER)
    assert timer.is_enabled and timer.is_running
    assert show(host, TIMER, "Persistent") == "yes"
    assert show(host, SERVICE, "Type") == "oneshot"
    assert show(host, SERVICE, "NoNewPrivileges") == "yes"
    assert show(host, SERVICE, "ProtectSystem") == "strict"


def test_the_timer_fires_and_writes_valid_metrics(host):
    now = int(host.check_output("date +%s"))
    next_run(host, now)
    assert show(host, SERVICE, "Result") == "success"
    families = metrics(host)
    name = host.backend.get_hostname()
    assert value(families, "hardened_docker_audit_success", host=name) == 1
    assert value(families, "hardened_docker_audit_timestamp_seconds", host=name) >= now
    controls = statuses(families)
    assert len(controls) == 117
    assert sum(value(families, "hardened_docker_cis_controls", status=s) for s in set(controls.values())) == 117
    prom = host.file(PROM)
    assert prom.user == "root" and prom.mode == 0o644
    assert host.file(REPORT).mode == 0o644 and host.file("/var/lib/hardened-docker").mode == 0o700


def test_the_timer_audits_as_cis_audit_does(host):
    """Same engine, options and waivers: the timer's verdicts are the module's (sandboxing hides nothing)."""
    config = json.loads(host.file(CONFIG).content_string)
    module = host.ansible(
        "hardened.docker.cis_audit", json.dumps({"waivers": config["waivers"]}), check=False, become=True
    )
    report = json.loads(host.file(REPORT).content_string)
    assert report["success"] is True and report["error"] is None
    timer = {r["id"]: r["status"] for r in report["audit"]["results"]}
    assert timer == {r["id"]: r["status"] for r in module["results"]}
    assert statuses(metrics(host)) == timer
    if config["waivers"]:
        assert timer["5.10"] == "waived"
    assert report["audit"]["summary"]["error"] == 0


@pytest.fixture()
def loose_etc_docker(host):
    mode = host.file("/etc/docker").mode
    host.run_expect([0], "chmod 0777 /etc/docker")
    yield
    host.run_expect([0], f"chmod {mode:o} /etc/docker")


def test_metrics_follow_a_control_broken_on_the_host(host, loose_etc_docker):
    before = metrics(host)
    assert statuses(before)["3.6"] == "pass"
    broken_at = int(host.check_output("date +%s")) + 1
    next_run(host, broken_at)
    after = metrics(host)
    assert statuses(after)["3.6"] == "fail"
    assert value(after, "hardened_docker_cis_controls", status="fail") == (
        value(before, "hardened_docker_cis_controls", status="fail") + 1
    )
    assert value(after, "hardened_docker_cis_score") < value(before, "hardened_docker_cis_score")


@pytest.fixture()
def broken_config(host):
    host.run_expect([0], f"cp -p {CONFIG} {CONFIG}.orig && printf '{{\"level\": 3}}' > {CONFIG}")
    yield
    host.run_expect([0], f"mv {CONFIG}.orig {CONFIG}")


def test_a_failed_run_is_a_metric_not_stale_verdicts(host, broken_config):
    next_run(host, int(host.check_output("date +%s")) + 1)
    assert show(host, SERVICE, "Result") == "exit-code"
    families = metrics(host)
    assert value(families, "hardened_docker_audit_success") == 0
    assert "hardened_docker_cis_control_status" not in families
    assert "hardened_docker_cis_score" not in families
    report = json.loads(host.file(REPORT).content_string)
    assert report["success"] is False and "level" in report["error"]
