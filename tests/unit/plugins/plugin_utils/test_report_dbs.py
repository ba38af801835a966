"""The docker-bench-security export: its shape against real DBS logs, and how each of our statuses maps."""

from __future__ import annotations

import copy
import json
import re
from pathlib import Path
from typing import Any

import pytest

from ansible_collections.hardened.docker.plugins.plugin_utils import _report_dbs, _report_files
from ansible_collections.hardened.docker.tests.fixtures.reports import sample

REAL_LOGS = sorted((Path(__file__).resolve().parents[3] / "fixtures" / "dbs").glob("*.json"))
SECTION_ID = re.compile(r"^[0-9]+$")
RESULT_ID = re.compile(r"^[0-9]+(\.[0-9]+)+$")


def real_logs() -> list[Any]:
    return [json.loads(path.read_text(encoding="utf-8")) for path in REAL_LOGS]


# A schema inferred from examples: for a mapping, each key's schema and whether every example had it;
# for a list, the schema of its elements; for a scalar, the JSON types seen.
def infer(examples: list[Any]) -> dict:
    kinds = {type(e).__name__ for e in examples}
    if kinds == {"dict"}:
        keys: dict[str, list[Any]] = {}
        for example in examples:
            for key, value in example.items():
                keys.setdefault(key, []).append(value)
        return {
            "kind": "dict",
            "keys": {k: infer(v) for k, v in keys.items()},
            "required": {k for k in keys if all(k in e for e in examples)},
            "order": list(dict.fromkeys(k for e in examples for k in e)),
        }
    if kinds == {"list"}:
        elements = [item for example in examples for item in example]
        return {"kind": "list", "element": infer(elements) if elements else None}
    assert "dict" not in kinds and "list" not in kinds, f"mixed containers in the real log: {kinds}"
    return {"kind": "scalar", "types": kinds}


def assert_fits(value: Any, schema: dict | None, path: str = "$") -> None:
    """Fail unless ``value`` has the keys, nesting and value types that the real logs have (recursively)."""
    assert schema is not None, f"{path}: the real logs have no element here to compare with"
    if schema["kind"] == "dict":
        assert isinstance(value, dict), f"{path}: {type(value).__name__}, the real logs have an object"
        assert set(value) <= set(schema["keys"]), f"{path}: keys {set(value) - set(schema['keys'])} are not DBS keys"
        assert schema["required"] <= set(value), f"{path}: missing {schema['required'] - set(value)}"
        order = [k for k in schema["order"] if k in value]
        assert list(value) == order, f"{path}: keys in order {list(value)}, DBS writes {order}"
        for key, item in value.items():
            assert_fits(item, schema["keys"][key], f"{path}.{key}")
    elif schema["kind"] == "list":
        assert isinstance(value, list), f"{path}: {type(value).__name__}, the real logs have an array"
        for index, item in enumerate(value):
            assert_fits(item, schema["element"], f"{path}[{index}]")
    else:
        assert type(value).__name__ in schema["types"], f"{path}: {type(value).__name__}, DBS has {schema['types']}"


def results(log: dict) -> list[dict]:
    return [result for test in log["tests"] for result in test["results"]]


def logs_of_sample_fleet() -> list[dict]:
    fleet = sample.fleet()
    return [_report_dbs.host_log(fleet, host) for host in fleet["hosts"]]


def by_id(log: dict) -> dict[str, dict]:
    return {r["id"]: r for r in results(log)}


def test_the_real_logs_are_what_the_shape_test_relies_on():
    logs = real_logs()
    assert len(logs) == 2 and all(log["dockerbenchsecurity"] == "1.6.0" for log in logs)
    assert {r["result"] for log in logs for r in results(log)} == {"PASS", "WARN", "INFO", "NOTE"}
    assert all(log["checks"] == len(results(log)) == 117 for log in logs)
    # One real log has remediation text (run with -p), so every key DBS can write is in the examples.
    keys = {key for log in logs for r in results(log) for key in r}
    assert keys == {"id", "desc", "result", "details", "items", "remediation", "remediation-impact"}


@pytest.mark.parametrize(
    "break_it",
    [
        lambda log: log.update(host="web1"),  # a key DBS does not write
        lambda log: log.update(end=str(log["end"])),  # a string where DBS writes a number
        lambda log: log["tests"][0]["results"][0].pop("result"),  # a key every DBS result has
        lambda log: log["tests"][0]["results"][0].update(items="a b"),  # a string where DBS writes a list
        lambda log: log["tests"][0].update(results={}),  # an object where DBS writes an array
    ],
)
def test_the_shape_comparison_sees_a_difference(break_it):
    schema = infer(real_logs())
    ours = _report_dbs.host_log(sample.fleet(), sample.fleet()["hosts"][0])
    assert_fits(ours, schema)
    break_it(ours)
    with pytest.raises(AssertionError):
        assert_fits(ours, schema)


@pytest.mark.parametrize("host", ["web1", "web2", "db1", "build1", "lost1"])
def test_export_has_the_shape_of_a_real_log(host):
    fleet = sample.fleet()
    entry = next(h for h in fleet["hosts"] if h["name"] == host)
    ours = json.loads(_report_dbs.render_host(fleet, entry))
    assert_fits(ours, infer(real_logs()))


def test_values_and_ids_are_as_dbs_writes_them():
    allowed = {r["result"] for log in real_logs() for r in results(log)}
    for log in real_logs() + logs_of_sample_fleet():
        for test in log["tests"]:
            assert SECTION_ID.match(test["id"]), test["id"]
            for result in test["results"]:
                assert result["result"] in allowed
                assert RESULT_ID.match(result["id"]) and result["id"].startswith(test["id"] + "."), result["id"]
                # DBS writes items only with details, remediation-impact only with remediation.
                assert "details" in result or "items" not in result
                assert "remediation" in result or "remediation-impact" not in result
        assert log["checks"] == len(results(log))
        assert log["start"] <= log["end"]


def test_ids_and_section_titles_are_those_of_the_real_log():
    real = real_logs()[0]
    ours = _report_dbs.host_log(sample.fleet(), sample.fleet()["hosts"][2])  # db1: every control
    assert [(t["id"], t["desc"]) for t in ours["tests"]] == [(t["id"], t["desc"]) for t in real["tests"]]
    assert [r["id"] for r in results(ours)] == [r["id"] for r in results(real)]


def test_fields_defectdojo_reads_are_there():
    # DefectDojo's dojo/tools/dockerbench/parser.py reads tests[].results[] with result, desc, id, details,
    # remediation, remediation-impact, and the top-level end as an int epoch; "(Manual)" in desc drops a result.
    for log in logs_of_sample_fleet():
        assert isinstance(log["end"], int)
        for result in results(log):
            assert isinstance(result["result"], str) and isinstance(result["desc"], str) and result["id"]
            assert result["desc"].endswith(("(Automated)", "(Manual)"))


@pytest.mark.parametrize(
    ("status", "expected", "prefix"),
    [
        ("pass", "PASS", ""),
        ("fail", "WARN", ""),
        ("error", "WARN", "Could not be checked: "),
        ("manual", "NOTE", "Needs a manual review: "),
        ("not_applicable", "INFO", "Not applicable: "),
        ("skipped", "INFO", "Not audited: "),
        ("waived", "INFO", "Waived failure: "),
    ],
)
def test_each_status_maps_to_a_dbs_result(status, expected, prefix):
    fleet = sample.fleet()
    host = copy.deepcopy(next(h for h in fleet["hosts"] if h["status"] == "audited"))
    result = dict(host["results"][0], status=status, evidence=["seen: x"], objects=["web"], automated=True)
    host["results"] = [result]
    log = _report_dbs.host_log(fleet, host)
    (entry,) = results(log)
    assert entry["result"] == expected
    assert entry["details"] == prefix + "seen: x"
    if status == "pass":
        assert "items" not in entry and "remediation" not in entry
        assert log["score"] == 1
    else:
        assert entry["items"] == ["web"] and entry["remediation"] == result["remediation"]
        assert log["score"] == (-1 if expected == "WARN" else 0)


def test_an_error_is_never_a_pass_even_without_evidence():
    fleet = sample.fleet()
    host = copy.deepcopy(next(h for h in fleet["hosts"] if h["status"] == "audited"))
    host["results"] = [dict(host["results"][0], status="error", evidence=[], objects=[])]
    (entry,) = results(_report_dbs.host_log(fleet, host))
    assert entry["result"] == "WARN" and entry["details"] == "Could not be checked: no evidence recorded"


def test_the_sample_hosts_statuses_in_dbs_terms():
    log = next(log for log in logs_of_sample_fleet())  # web1 has every status
    entries = by_id(log)
    web1 = sample.fleet()["hosts"][0]
    for result in web1["results"]:
        assert entries[result["id"]]["result"] == _report_dbs.RESULTS[result["status"]]
    waived = next(r for r in web1["results"] if r["status"] == "waived")
    assert entries[waived["id"]]["details"] == (
        "Waived failure (until 2099-12-31: CI agent builds images with docker-in-docker; ticket SEC-142): "
        "container ci-agent (9b8c7d6e5f4a) HostConfig.Privileged=true"
    )


def test_a_waiver_without_expiry_replaces_the_engine_line():
    fleet = sample.fleet()
    host = copy.deepcopy(fleet["hosts"][0])
    waiver = {"reason": "legacy", "expires": None, "expired": False}
    evidence = ["container a HostConfig.Privileged=true", "waived without expiry: legacy"]
    host["results"] = [dict(host["results"][0], status="waived", evidence=evidence, waiver=waiver)]
    (entry,) = results(_report_dbs.host_log(fleet, host))
    assert entry["details"] == "Waived failure (without expiry: legacy): container a HostConfig.Privileged=true"


@pytest.mark.parametrize("host", ["db1", "build1", "lost1"])
def test_a_host_that_was_not_audited_is_all_warnings(host):
    fleet = sample.fleet()
    entry = next(h for h in fleet["hosts"] if h["name"] == host)
    log = _report_dbs.host_log(fleet, entry)
    found = results(log)
    assert len(found) == 117 and log["checks"] == 117
    skipped = [r for r in found if r["result"] == "INFO"]
    # The sample selection excludes 4.5: that one is "not audited", every other control could not be checked.
    assert [r["id"] for r in skipped] == ["4.5"] and skipped[0]["details"].startswith("Not audited: excluded")
    warned = [r for r in found if r["result"] == "WARN"]
    assert len(warned) == 116 and log["score"] == -116
    assert all(r["details"] == f"Could not be checked: host {entry['status']}: {entry['message']}" for r in warned)
    assert not any(r["result"] == "PASS" for r in found)


def test_dbs_is_opt_in_and_writes_one_log_per_host(tmp_path):
    fleet = sample.fleet()
    default = _report_files.plan_reports(fleet, str(tmp_path))
    assert "dbs" not in default.files
    written = _report_files.write_reports(fleet, str(tmp_path), formats=["dbs"], latest_link=False)
    paths = written["files"]["dbs"]
    assert set(paths) == {h["name"] for h in fleet["hosts"]}
    assert paths["web1"] == str(tmp_path / "after" / "dbs" / "web1.json")
    for host in fleet["hosts"]:
        log = json.loads(Path(paths[host["name"]]).read_text(encoding="utf-8"))
        assert log == _report_dbs.host_log(fleet, host)
