"""The compliance_report action plugin: input checks, check mode, and one run of reports."""

from __future__ import annotations

import datetime
import json
import os
from unittest.mock import MagicMock

import pytest
import yaml
from ansible.errors import AnsibleActionFail

from ansible_collections.hardened.docker.plugins.action import compliance_report
from ansible_collections.hardened.docker.plugins.modules import compliance_report as docs
from ansible_collections.hardened.docker.tests.fixtures.reports import sample

MOMENT = datetime.datetime(2026, 12, 2, 23, 59, 59, tzinfo=datetime.timezone.utc)


def run(check_mode=False, task_vars=None, **args):
    """Run the plugin as Ansible would, on a task with these arguments; a failure comes back as failed/msg."""
    task = MagicMock(args=args, check_mode=check_mode, async_val=0)
    action = compliance_report.ActionModule(task, MagicMock(), MagicMock(), MagicMock(), MagicMock(), MagicMock())
    try:
        return action.run(task_vars=task_vars or {})
    except AnsibleActionFail as exc:
        return {"failed": True, "msg": exc.message}


@pytest.fixture
def baseline_file(tmp_path):
    path = tmp_path / "before" / "fleet.json"
    path.parent.mkdir()
    path.write_text(json.dumps(sample.baseline()), encoding="utf-8")
    return str(path)


def test_check_mode_merges_waivers_and_writes_nothing(tmp_path):
    reports = tmp_path / "reports"
    result = run(
        check_mode=True,
        audits={},
        report_dir=str(reports),
        run_name="r1",
        waivers=[{"id": "2.2", "reason": "legacy bridge"}],
        waivers_file=str(sample.HERE / "waivers.yml"),
        fail_on=["level1", {"section": 5}, {"score_below": 80}],
    )
    assert result["changed"] is True
    assert result["msg"] == f"check mode: wrote nothing; would write 5 files under {reports / 'r1'}"
    assert result["files"]["json"] == str(reports / "r1" / "fleet.json") and result["files"]["hosts"] == {}
    assert set(result["files"]) == {"json", "hosts", "junit", "sarif", "html", "summary"}
    assert result["waivers"] == [
        {"id": "2.2", "reason": "legacy bridge"},
        {"id": "5.4", "reason": "CI agent builds images with docker-in-docker; ticket SEC-142", "container": "ci-agent",
         "expires": "2099-12-31"},
        {"id": "5.10", "reason": "memory limits rolled out in Q1", "expires": "2020-01-31"},
    ]  # fmt: skip
    # The file's waivers apply to every host; each host adds its own compliance_waivers.
    assert result["file_waivers"] == result["waivers"][1:]
    assert result["fail_on"] == ["level1", "section=5", "score_below=80"]
    assert not reports.exists()
    assert result["today"] == datetime.datetime.now(datetime.timezone.utc).date().isoformat()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ({"fail_on": ["level1", "levle2"]}, "fail_on[1]: unknown gate keyword 'levle2'"),
        ({"waivers": [{"id": 5.1, "reason": "x"}]}, "waivers[0] (id 5.1): control id 5.1 must be a string"),
        (
            {"waivers_file": "waivers-malformed.txt"},
            "waivers_file: waivers file {fixtures}/waivers-malformed.txt is not valid YAML",
        ),
        (
            {"waivers_file": "waivers-unquoted-id.yml"},
            "waivers_file: waivers file {fixtures}/waivers-unquoted-id.yml: waivers[0] (id 5.1): control id 5.1",
        ),
        (
            {"waivers_file": "missing.yml"},
            "waivers_file: waivers file {fixtures}/missing.yml cannot be read",
        ),
        (
            {"baseline": "baseline-v0.json"},
            "baseline ({fixtures}/baseline-v0.json) has schema_version 0; this collection reads schema_version 1",
        ),
        ({"run_name": "latest"}, "run_name: 'latest' is not a usable directory name"),
    ],
)
def test_bad_input_fails_with_the_variable_named(tmp_path, args, message):
    for key in ("waivers_file", "baseline"):
        if key in args:
            args[key] = str(sample.HERE / args[key])
    result = run(check_mode=True, audits={}, report_dir=str(tmp_path), **args)
    assert result["failed"] is True
    assert result["msg"].startswith(message.format(fixtures=sample.HERE)), result["msg"]


def test_report_dir_that_is_not_writable(tmp_path):
    (tmp_path / "file").write_text("x")
    result = run(check_mode=True, audits={}, report_dir=str(tmp_path / "file" / "reports"))
    assert result["failed"] is True
    assert result["msg"] == f"report_dir: {tmp_path}/file/reports is not a writable directory: Not a directory"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ({}, "missing required arguments: audits"),
        (
            {"audits": {}, "formats": ["pdf"]},
            "value of formats must be one or more of: json, junit, sarif, html, dbs, prometheus",
        ),
        ({"audits": {}, "validate_only": True}, "Unsupported parameters"),
    ],
)
def test_arguments_are_checked_against_the_documented_options(tmp_path, args, message):
    result = run(report_dir=str(tmp_path), **args)
    assert result["failed"] is True and message in result["msg"], result["msg"]
    assert os.listdir(tmp_path) == []


def test_writes_a_run_and_returns_the_verdict(tmp_path, baseline_file):
    reports = tmp_path / "reports"
    result = run(
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


def test_check_mode_computes_everything_and_writes_nothing(tmp_path):
    args = dict(audits=sample.load("audits.json"), report_dir=str(tmp_path / "reports"), fail_on=["level1"])
    checked = run(check_mode=True, run_name="r", **args)
    assert not (tmp_path / "reports").exists()
    written = run(run_name="r", **args)
    for key in ("report_dir", "files", "summary_lines", "summary", "comparison", "gate", "waivers", "fail_on"):
        assert checked[key] == written[key], key
    paths = [written["files"][f] for f in ("json", "junit", "sarif", "html", "summary")]
    assert all(os.path.isfile(p) for p in paths + list(written["files"]["hosts"].values()))
    assert checked["msg"].startswith(f"check mode: wrote nothing; would write {len(paths) + 5} files under ")
    assert os.readlink(tmp_path / "reports" / "latest") == "r"


def test_formats_and_no_latest_link(tmp_path):
    result = run(
        audits={"web2": sample.load("audits.json")["web2"]},
        report_dir=str(tmp_path),
        formats=["json", "html"],
        latest_link=False,
    )
    assert result["gate"] == {"rules": [], "tripped": False, "reasons": [], "message": "compliance gates passed"}
    assert set(result["files"]) == {"json", "hosts", "html", "summary"}
    assert os.path.isfile(result["files"]["html"])
    assert not os.path.lexists(tmp_path / "latest")


@pytest.mark.parametrize(("today", "expired"), [("2026-12-02", False), ("2026-12-03", True)])
def test_waivers_expire_on_the_given_run_date(tmp_path, today, expired):
    waiver = {"id": "5.10", "reason": "r", "expires": "2026-12-02"}
    result = run(audits={}, report_dir=str(tmp_path), waivers=[waiver], today=today, formats=["json"])
    assert result["today"] == today and result["waivers"] == [waiver]
    with open(result["files"]["json"], encoding="utf-8") as handle:
        fleet = json.load(handle)
    assert fleet["waivers"][0]["expired"] is expired


def test_run_date_defaults_to_the_utc_date_of_the_run(tmp_path):
    # Just before midnight UTC: the date is already tomorrow east of Greenwich, but the run's date is UTC's.
    params = {key: spec.get("default") for key, spec in compliance_report.ARGUMENT_SPEC.items()}
    params.update(audits={}, report_dir=str(tmp_path))
    assert compliance_report.report(params, True, MOMENT)["today"] == "2026-12-02"


def test_bad_run_date():
    result = run(audits={}, report_dir="/tmp", today="3 Dec", check_mode=True)
    assert (
        result["failed"] is True and result["msg"] == "today '3 Dec' is not a date; use YYYY-MM-DD, e.g. '2026-12-31'"
    )


def test_no_host_audited_still_reports(tmp_path):
    result = run(audits={"db1": None}, report_dir=str(tmp_path), fail_on=["unreachable"], benchmark_version="1.6.0")
    assert result["summary"]["unreachable"] == 1
    assert result["gate"]["tripped"] is True
    assert "lost" not in result["gate"]["message"] and "db1 (unreachable: no audit result" in result["gate"]["message"]


@pytest.mark.parametrize(
    ("spec", "labels"),
    [("[]", []), ("level1", ["level1"]), ("[level1, {score_below: 50}]", ["level1", "score_below=50"])],
)
def test_gates_given_as_a_string_on_the_command_line(tmp_path, spec, labels):
    result = run(check_mode=True, audits={}, report_dir=str(tmp_path), fail_on=spec)
    assert result["fail_on"] == labels


def test_gates_string_that_is_not_yaml(tmp_path):
    result = run(check_mode=True, audits={}, report_dir=str(tmp_path), fail_on="[level1,")
    assert result["failed"] is True
    assert result["msg"].startswith("fail_on: '[level1,' is not a list of gates; on the command line use -e")


def test_documented_options_are_the_argument_spec():
    options = yaml.safe_load(docs.DOCUMENTATION)["options"]
    spec = compliance_report.ARGUMENT_SPEC
    assert sorted(options) == sorted(spec)
    for name, option in options.items():
        for key in ("type", "default", "required", "choices", "elements"):
            assert option.get(key) == spec[name].get(key), (name, key)


def test_sarif_locations_come_from_the_play_inventory(tmp_path):
    """inventory_file/inventory_dir per host and playbook_dir, as the play has them; no option needed."""
    repo = tmp_path / "repo"
    (repo / ".git").mkdir(parents=True)
    inventory = repo / "inventories" / "prod"
    (inventory / "host_vars").mkdir(parents=True)
    (inventory / "hosts.ini").write_text("[web]\nweb1\nweb2 ansible_host=192.0.2.2\n", encoding="utf-8")
    (inventory / "host_vars" / "web1.yaml").write_text("---\n", encoding="utf-8")
    own = {"inventory_dir": str(inventory), "inventory_file": str(inventory / "hosts.ini")}
    task_vars = {"hostvars": {"web1": own, "web2": own}, "playbook_dir": str(tmp_path / "playbooks")}
    args = dict(
        audits=sample.load("audits.json"), report_dir=str(tmp_path / "reports"), run_name="r1", formats=["sarif"]
    )

    run(task_vars=task_vars, **args)
    doc = json.loads((tmp_path / "reports" / "r1" / "compliance.sarif").read_text())
    where = {r["properties"]["host"]: r["locations"][0]["physicalLocation"] for r in doc["runs"][0]["results"]}
    assert where["web1"]["artifactLocation"]["uri"] == "inventories/prod/host_vars/web1.yaml"
    assert where["web2"] == {
        "artifactLocation": {"uri": "inventories/prod/hosts.ini", "uriBaseId": "%SRCROOT%"},
        "region": {"startLine": 3},
    }
    assert doc["runs"][0]["automationDetails"]["id"] == "hardened.docker/compliance/"

    run(task_vars=task_vars, repository_root=str(inventory), sarif_category="prod", **{**args, "run_name": "r2"})
    doc = json.loads((tmp_path / "reports" / "r2" / "compliance.sarif").read_text())
    uris = {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in doc["runs"][0]["results"]}
    assert uris == {"host_vars/web1.yaml", "hosts.ini"}
    assert doc["runs"][0]["automationDetails"]["id"] == "prod/"


def test_sarif_over_githubs_result_limit_warns(tmp_path, monkeypatch):
    monkeypatch.setattr(compliance_report, "github_limit_warning", lambda fleet, category: "too many")
    args = dict(audits=sample.load("audits.json"), report_dir=str(tmp_path), run_name="r")
    assert run(**args)["warnings"] == ["too many"]
    assert "warnings" not in run(**{**args, "formats": ["json"], "run_name": "r2"})


def test_prometheus_is_opt_in(tmp_path):
    default = run(audits={}, report_dir=str(tmp_path / "a"), run_name="r")
    assert "prometheus" not in default["files"]
    result = run(
        audits=sample.load("audits.json"), report_dir=str(tmp_path / "b"), run_name="r", formats=["prometheus"]
    )
    assert set(result["files"]) == {"prometheus", "summary"}
    assert result["files"]["prometheus"] == str(tmp_path / "b" / "r" / "compliance.prom")
    with open(result["files"]["prometheus"], encoding="utf-8") as handle:
        assert 'hardened_docker_audit_success{host="web1"} 1' in handle.read()
