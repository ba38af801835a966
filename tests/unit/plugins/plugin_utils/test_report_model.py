"""The fleet document: host entries from registered results, scores, comparison with a baseline."""

from __future__ import annotations

import copy

import pytest

from ansible_collections.hardened.docker.plugins.module_utils._results import score
from ansible_collections.hardened.docker.plugins.plugin_utils import _report_model as model
from ansible_collections.hardened.docker.tests.fixtures.reports import sample


def test_clean_text_keeps_evidence_visible_and_encodable():
    assert model.clean_text(b"daemon.json \xff\xfe") == "daemon.json \\xff\\xfe"
    assert model.clean_text("bad byte \udcff") == "bad byte \\xff"
    assert model.clean_text("lone \ud800 surrogate") == "lone \ufffd surrogate"
    assert model.clean_text("esc \x1b[31m bell \x07") == "esc \\x1b[31m bell \\x07"
    assert model.clean_text("tab\tnew\nline\r") == "tab\tnew\nline\r"
    assert model.clean_text(None) == ""
    assert model.clean_text(2.1) == "2.1"
    for text in (model.clean_text(b"\xc3\x28"), model.clean_text("\udc80")):
        text.encode("utf-8")  # never raises


def test_score_follows_the_contract():
    assert score(0, 0) == 100.0
    assert score(2, 1) == 66.7
    assert score(0, 3) == 0.0


def test_audited_host_entry():
    fleet = sample.fleet()
    web1 = fleet["hosts"][0]
    assert web1["name"] == "web1"
    assert web1["status"] == "audited"
    assert web1["host"] == {
        "hostname": "web1.example.internal",
        "docker_version": "27.5.1",
        "rootless": False,
        "socket": "/run/docker.sock",
    }
    assert web1["summary"] == {
        "pass": 2,
        "fail": 5,
        "manual": 2,
        "not_applicable": 0,
        "skipped": 1,
        "waived": 1,
        "error": 1,
        "total": 12,
        "score": 28.6,
    }
    assert [r["id"] for r in web1["results"]][:4] == ["1.1.1", "1.1.3", "2.2", "2.10"]
    assert web1["sections"]["2"]["fail"] == 2 and web1["sections"]["2"]["score"] == 33.3
    # a section with nothing scored (only manual/skipped controls) has no score
    assert web1["sections"]["6"]["score"] is None
    assert web1["results"][9]["waiver"] == {
        "reason": "memory limits rolled out in Q1",
        "expires": "2020-01-31",
        "expired": True,
    }


@pytest.mark.parametrize(
    ("registered", "status", "message"),
    [
        (None, "unreachable", "left the play"),
        ({"unreachable": True, "msg": "ssh: timed out"}, "unreachable", "ssh: timed out"),
        ({"failed": True, "msg": "cannot reach the Engine API"}, "failed", "cannot reach the Engine API"),
        (
            {"failed": True, "msg": "MODULE FAILURE", "module_stderr": "Traceback...\nKeyError: 'x'\n"},
            "failed",
            "MODULE FAILURE | KeyError: 'x'",
        ),
        ({"skipped": True, "skip_reason": "Conditional result was False"}, "failed", "skipped"),
        ({"changed": False, "msg": "no results key"}, "failed", "no results key"),
    ],
)
def test_hosts_that_were_not_audited_are_kept(registered, status, message):
    entry = model.build_host("db1", registered)
    assert entry["status"] == status
    assert message in entry["message"]
    assert entry["results"] == [] and entry["summary"] is None


def test_unknown_status_and_bad_result_become_errors():
    entry = model.build_host(
        "h",
        {"results": [{"id": "2.2", "status": "maybe", "evidence": "one line"}, "garbage"], "host": {}},
    )
    first, second = entry["results"]
    assert first["status"] == "error" and first["evidence"] == [
        "one line",
        "cis_audit reported an unknown status 'maybe'",
    ]
    assert first["section"] == "2"
    assert second["status"] == "error" and second["id"] == "?"


def test_fleet_summary_counts_every_host():
    summary = sample.fleet()["summary"]
    assert summary["hosts"] == 5
    assert (summary["audited"], summary["unreachable"], summary["failed"]) == (2, 2, 1)
    assert summary["fail"] == 6 and summary["total"] == 24
    assert summary["score"] == 62.5


def test_fleet_header():
    fleet = sample.fleet()
    assert fleet["schema_version"] == model.SCHEMA_VERSION == 1
    assert fleet["kind"] == "fleet"
    assert fleet["generated_at"] == "2026-03-01T12:00:00Z"
    assert fleet["run"] == "after"
    assert fleet["benchmark_version"] == "1.6.0"
    assert fleet["waivers"][1] == {
        "id": "5.10",
        "container": None,
        "image": None,
        "reason": "memory limits rolled out in Q1",
        "expires": "2020-01-31",
        "expired": True,
    }
    assert fleet["waivers"][0]["expired"] is False


def test_default_run_name_is_the_utc_time():
    fleet = model.build_fleet({}, generated_at=sample.GENERATED_AT)
    assert fleet["run"] == "20260301T120000Z"
    assert fleet["summary"]["hosts"] == 0 and fleet["summary"]["score"] == 100.0


def test_comparison_per_host_and_control():
    comparison = sample.fleet()["comparison"]
    assert comparison["baseline"] == {
        "path": "reports/before/fleet.json",
        "generated_at": "2026-02-01T09:30:00Z",
        "run": "before",
    }
    assert comparison["summary"] == {
        "improved": 3,
        "regressed": 2,
        "changed": 1,
        "score_before": 66.7,
        "score_after": 62.5,
    }
    web1 = comparison["hosts"]["web1"]
    assert [(c["id"], c["before"], c["after"]) for c in web1["improved"]] == [
        ("2.14", "fail", "pass"),
        ("3.1", "fail", "pass"),
    ]
    assert [(c["id"], c["before"], c["after"]) for c in web1["regressed"]] == [("5.10", "waived", "fail")]
    assert [(c["id"], c["before"], c["after"]) for c in web1["changed"]] == [("5.4", "fail", "waived")]
    assert (web1["score_before"], web1["score_after"], web1["score_delta"]) == (0.0, 28.6, 28.6)
    assert web1["improved"][0]["title"] == "Daemon defaults containers to no-new-privileges"
    # a host that was audited before and is unreachable now: its status tells, no per-control noise
    db1 = comparison["hosts"]["db1"]
    assert (db1["status_before"], db1["status_after"]) == ("audited", "unreachable")
    assert db1["improved"] == db1["regressed"] == db1["changed"] == []
    # hosts only in one of the runs
    assert comparison["hosts"]["old1"]["status_after"] == "absent"
    assert comparison["hosts"]["build1"]["status_before"] == "absent"


def test_check_baseline_rejects_other_documents():
    good = sample.baseline()
    assert model.check_baseline(copy.deepcopy(good), "compliance_baseline")["kind"] == "fleet"
    with pytest.raises(
        model.ReportInputError, match=r"compliance_baseline has schema_version 0; .* reads schema_version 1"
    ):
        model.check_baseline({**good, "schema_version": 0}, "compliance_baseline")
    with pytest.raises(model.ReportInputError, match="not a compliance fleet report"):
        model.check_baseline({**good, "kind": "host"}, "compliance_baseline")
    with pytest.raises(model.ReportInputError, match="not a compliance fleet report"):
        model.check_baseline([1, 2], "compliance_baseline")
    with pytest.raises(model.ReportInputError, match="'hosts' must be a list"):
        model.check_baseline({**good, "hosts": {"web1": {}}}, "compliance_baseline")
    broken = copy.deepcopy(good)
    broken["hosts"][0]["results"][0].pop("status")
    with pytest.raises(model.ReportInputError, match="host web1 has results without"):
        model.check_baseline(broken, "compliance_baseline")


def test_minimal_baseline_gets_defaults():
    doc = {"schema_version": 1, "kind": "fleet", "hosts": [{"name": "a", "results": [{"id": "2.2", "status": "fail"}]}]}
    checked = model.check_baseline(doc, "b")
    result = checked["hosts"][0]["results"][0]
    assert result["section"] == "2" and result["automated"] is True
    fleet = model.build_fleet(
        {"a": {"results": [{"id": "2.2", "status": "pass", "title": "t", "section": "2", "level": 1}], "host": {}}},
        generated_at=sample.GENERATED_AT,
        baseline=checked,
    )
    assert fleet["comparison"]["hosts"]["a"]["improved"][0]["id"] == "2.2"


def test_controls_are_listed_once_in_catalog_order():
    ids = [c["id"] for c in model.controls(sample.fleet())]
    assert ids == ["1.1.1", "1.1.3", "2.2", "2.10", "2.14", "3.1", "4.1", "4.5", "5.4", "5.10", "6.1", "7.1"]


def test_a_result_keeps_its_key_version_ids_and_label():
    raw = {
        "id": "2.17",
        "key": "userland_proxy",
        "benchmark_version": "1.8.0",
        "ids": {"1.6.0": "2.16", "1.7.0": "2.16", "1.8.0": "2.17"},
        "cis_label": "Manual",
        "status": "pass",
    }
    [result] = model.build_host("h", {"results": [raw], "host": {}})["results"]
    assert {k: result[k] for k in ("id", "key", "benchmark_version", "ids", "cis_label")} == {
        k: raw[k] for k in ("id", "key", "benchmark_version", "ids", "cis_label")
    }
    [older] = model.build_host("h", {"results": [{"id": "2.16", "status": "pass"}], "host": {}})["results"]
    assert not {"key", "benchmark_version", "ids", "cis_label"} & set(older)
