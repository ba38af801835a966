"""The compliance_report module: input checks before any host is touched, and one run of reports."""

from __future__ import annotations

import json
import os

import pytest
from ansible.module_utils.testing import patch_module_args

from ansible_collections.hardened.docker.plugins.modules import compliance_report
from ansible_collections.hardened.docker.tests.fixtures.reports import sample


def run(capsys, **args):
    with patch_module_args(args), pytest.raises(SystemExit) as exited:
        compliance_report.main()
    result = json.loads(capsys.readouterr().out)
    assert (exited.value.code == 0) == (not result.get("failed")), result
    return result


@pytest.fixture
def baseline_file(tmp_path):
    path = tmp_path / "before" / "fleet.json"
    path.parent.mkdir()
    path.write_text(json.dumps(sample.baseline()), encoding="utf-8")
    return str(path)


def test_validate_only_merges_waivers_and_writes_nothing(capsys, tmp_path):
    reports = tmp_path / "reports"
    result = run(
        capsys,
        validate_only=True,
        report_dir=str(reports),
        waivers=[{"id": "2.2", "reason": "legacy bridge"}],
        waivers_file=str(sample.HERE / "waivers.yml"),
        fail_on=["level1", {"section": 5}, {"score_below": 80}],
    )
    assert result["changed"] is False
    assert result["waivers"] == [
        {"id": "2.2", "reason": "legacy bridge"},
        {"id": "5.4", "reason": "CI agent builds images with docker-in-docker; ticket SEC-142", "container": "ci-agent",
         "expires": "2099-12-31"},
        {"id": "5.10", "reason": "memory limits rolled out in Q1", "expires": "2020-01-31"},
    ]  # fmt: skip
    # The file's waivers apply to every host; each host adds its own compliance_waivers.
    assert result["file_waivers"] == result["waivers"][1:]
    assert result["fail_on"] == ["level1", "section=5", "score_below=80"]
    assert reports.is_dir() and os.listdir(reports) == []
    assert "report_dir" not in result


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ({"fail_on": ["level1", "levle2"]}, "compliance_fail_on[1]: unknown gate keyword 'levle2'"),
        ({"waivers": [{"id": 5.1, "reason": "x"}]}, "compliance_waivers[0]: id must be a quoted string"),
        (
            {"waivers_file": "waivers-malformed.txt"},
            "compliance_waivers_file: waivers file {fixtures}/waivers-malformed.txt is not valid YAML",
        ),
        (
            {"waivers_file": "waivers-unquoted-id.yml"},
            "compliance_waivers_file: waivers file {fixtures}/waivers-unquoted-id.yml: waivers[0]: id must be a quoted",
        ),
        (
            {"waivers_file": "missing.yml"},
            "compliance_waivers_file: waivers file {fixtures}/missing.yml cannot be read",
        ),
        (
            {"baseline": "baseline-v0.json"},
            "compliance_baseline ({fixtures}/baseline-v0.json) has schema_version 0; "
            "this collection reads schema_version 1",
        ),
        ({"run_name": "latest"}, "compliance_report_run_name: 'latest' is not a usable directory name"),
    ],
)
def test_bad_input_fails_with_the_variable_named(capsys, tmp_path, args, message):
    for key in ("waivers_file", "baseline"):
        if key in args:
            args[key] = str(sample.HERE / args[key])
    result = run(capsys, validate_only=True, report_dir=str(tmp_path), **args)
    assert result["failed"] is True
    assert result["msg"].startswith(message.format(fixtures=sample.HERE)), result["msg"]


def test_report_dir_that_is_not_writable(capsys, tmp_path):
    (tmp_path / "file").write_text("x")
    result = run(capsys, validate_only=True, report_dir=str(tmp_path / "file" / "reports"))
    assert result["failed"] is True
    assert (
        result["msg"] == f"compliance_report_dir: {tmp_path}/file/reports is not a writable directory: Not a directory"
    )


def test_audits_are_required_to_write(capsys, tmp_path):
    result = run(capsys, report_dir=str(tmp_path))
    assert result["failed"] is True and "audits" in result["msg"]


def test_writes_a_run_and_returns_the_verdict(capsys, tmp_path, baseline_file):
    reports = tmp_path / "reports"
    result = run(
        capsys,
        audits=sample.load("audits.json"),
        report_dir=str(reports),
        run_name="after",
        baseline=baseline_file,
        fail_on=["level1", "unreachable"],
        waivers_file=str(sample.HERE / "waivers.yml"),
        selection={"sections": ["2"], "level": 2},
        summary_top=3,
    )
    assert result["changed"] is True
    assert result["report_dir"] == str(reports / "after")
    assert sorted(os.listdir(reports / "after")) == sorted(
        ["compliance.sarif", "fleet.json", "hosts", "junit.xml", "report.html", "summary.txt"]
    )
    assert os.readlink(reports / "latest") == "after"
    assert result["summary"]["hosts"] == 5 and result["summary"]["fail"] == 6
    assert result["comparison"]["summary"]["regressed"] == 2
    gate = result["gate"]
    assert gate["tripped"] is True and gate["rules"] == ["level1", "unreachable"]
    assert [(r["gate"], r["host"]) for r in gate["reasons"]] == [
        ("level1", "web1"),
        ("level1", "web2"),
        ("unreachable", "db1"),
        ("unreachable", "build1"),
        ("unreachable", "lost1"),
    ]
    assert gate["message"].startswith(
        "compliance gate tripped (compliance_fail_on) on 5 host(s): level1 -> web1 (1.1.1"
    )
    assert gate["message"].endswith(f" | reports: {reports / 'after'}")
    assert result["summary_lines"][-1] == f"Reports: {reports / 'after'}"
    assert sum(1 for line in result["summary_lines"] if line.startswith("  ") and " L" in line) == 3
    fleet = json.loads((reports / "after" / "fleet.json").read_text())
    assert fleet["schema_version"] == 1 and fleet["selection"] == {"sections": ["2"], "level": 2}
    assert [w["id"] for w in fleet["waivers"]] == ["5.4", "5.10"]
    assert fleet["gate"]["tripped"] is True


def test_reports_are_written_in_check_mode(capsys, tmp_path):
    result = run(
        capsys,
        _ansible_check_mode=True,
        audits={"web2": sample.load("audits.json")["web2"]},
        report_dir=str(tmp_path),
        formats=["json", "html"],
        latest_link=False,
    )
    assert result["gate"] == {"rules": [], "tripped": False, "reasons": [], "message": "compliance gates passed"}
    assert set(result["files"]) == {"json", "hosts", "html", "summary"}
    assert os.path.isfile(result["files"]["html"])
    assert not os.path.lexists(tmp_path / "latest")


def test_no_host_audited_still_reports(capsys, tmp_path):
    result = run(
        capsys, audits={"db1": None}, report_dir=str(tmp_path), fail_on=["unreachable"], benchmark_version="1.6.0"
    )
    assert result["summary"]["unreachable"] == 1
    assert result["gate"]["tripped"] is True
    assert "lost" not in result["gate"]["message"] and "db1 (unreachable: no audit result" in result["gate"]["message"]


@pytest.mark.parametrize(
    ("spec", "labels"),
    [("[]", []), ("level1", ["level1"]), ("[level1, {score_below: 50}]", ["level1", "score_below=50"])],
)
def test_gates_given_as_a_string_on_the_command_line(capsys, tmp_path, spec, labels):
    result = run(capsys, validate_only=True, report_dir=str(tmp_path), fail_on=spec)
    assert result["fail_on"] == labels


def test_gates_string_that_is_not_yaml(capsys, tmp_path):
    result = run(capsys, validate_only=True, report_dir=str(tmp_path), fail_on="[level1,")
    assert result["failed"] is True
    assert result["msg"].startswith("compliance_fail_on: '[level1,' is not a list of gates; on the command line use -e")
