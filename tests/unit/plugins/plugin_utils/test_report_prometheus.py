"""The fleet's compliance.prom: every host, the report's time, no verdicts for hosts that were not audited."""

from __future__ import annotations

import calendar

from prometheus_client.parser import text_string_to_metric_families

from ansible_collections.hardened.docker.plugins.plugin_utils import _report_prometheus
from ansible_collections.hardened.docker.tests.fixtures.reports import sample


def parse(text):
    return {f.name: f for f in text_string_to_metric_families(text)}


def test_prometheus_golden():
    sample.check_golden("compliance.prom", _report_prometheus.render(sample.fleet()))


def test_every_host_with_its_status():
    fleet = sample.fleet()
    families = parse(_report_prometheus.render(fleet))
    success = {s.labels["host"]: s.value for s in families["hardened_docker_audit_success"].samples}
    assert success == {h["name"]: int(h["status"] == "audited") for h in fleet["hosts"]}
    stamp = calendar.timegm(sample.GENERATED_AT.utctimetuple())
    assert {s.value for s in families["hardened_docker_audit_timestamp_seconds"].samples} == {stamp}
    scores = {s.labels["host"]: s.value for s in families["hardened_docker_cis_score"].samples}
    assert scores == {h["name"]: h["summary"]["score"] for h in fleet["hosts"] if h["status"] == "audited"}
    audited = [h for h in fleet["hosts"] if h["status"] == "audited"]
    controls = families["hardened_docker_cis_control_status"].samples
    assert len(controls) == sum(len(h["results"]) for h in audited)
    for host in audited:
        mine = {s.labels["control"]: s.labels["status"] for s in controls if s.labels["host"] == host["name"]}
        assert mine == {r["id"]: r["status"] for r in host["results"]}
