"""JSON reports: the fleet document and the per-host documents."""

from __future__ import annotations

import json

from ansible_collections.hardened.docker.plugins.plugin_utils import _report_json
from ansible_collections.hardened.docker.tests.fixtures.reports import sample

NASTY_LINE = (
    'container evil (3f2a1b2c3d4e) Config.User="" label=<script>alert("x")</script> & [brackets] ]]> </script>'
    "\nsecond line with a byte that is not UTF-8: \\xff and an escape \\x1b[31m"
)


def test_fleet_json_golden():
    sample.check_golden("fleet.json", _report_json.render_fleet(sample.fleet()))


def test_host_json_golden():
    fleet = sample.fleet()
    for host in fleet["hosts"]:
        if host["name"] in ("web1", "db1"):
            sample.check_golden(f"hosts/{host['name']}.json", _report_json.render_host(fleet, host))


def test_fleet_json_round_trips():
    fleet = sample.fleet()
    text = _report_json.render_fleet(fleet)
    assert json.loads(text) == fleet
    assert list(json.loads(text))[:4] == ["schema_version", "kind", "generator", "generated_at"]


def test_host_document_is_self_contained():
    fleet = sample.fleet()
    doc = json.loads(_report_json.render_host(fleet, fleet["hosts"][0]))
    assert doc["schema_version"] == 1 and doc["kind"] == "host" and doc["name"] == "web1"
    assert doc["benchmark_version"] == "1.6.0" and doc["generated_at"] == "2026-03-01T12:00:00Z"
    assert len(doc["results"]) == 12 and doc["summary"]["fail"] == 5
    assert doc["comparison"]["baseline"]["run"] == "before"
    assert [c["id"] for c in doc["comparison"]["regressed"]] == ["5.10"]
    assert doc["gate"]["tripped"] is True
    assert {r["host"] for r in doc["gate"]["reasons"]} == {"web1"}
    unreachable = json.loads(_report_json.render_host(fleet, fleet["hosts"][2]))
    assert unreachable["status"] == "unreachable" and unreachable["results"] == []
    assert unreachable["gate"]["reasons"][0]["gate"] == "unreachable"


def test_host_document_without_baseline_or_gate():
    fleet = sample.fleet(with_baseline=False)
    fleet["gate"] = None
    doc = _report_json.host_document(fleet, fleet["hosts"][0])
    assert doc["comparison"] is None and doc["gate"] is None


def test_evidence_is_escaped_in_json():
    text = _report_json.render_fleet(sample.fleet())
    text.encode("utf-8", errors="strict")
    assert '\\"x\\")</script>' in text  # quotes escaped by JSON, the rest kept as text
    assert "\\n" in text and "\x1b" not in text
    evidence = json.loads(text)["hosts"][0]["results"][6]["evidence"][0]
    assert evidence == NASTY_LINE
