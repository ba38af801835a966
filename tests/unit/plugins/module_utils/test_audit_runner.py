"""The audit timer's runner, on recorded host states: the files it writes, and every way a run can fail."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import pytest
from prometheus_client.parser import text_string_to_metric_families

from ansible_collections.hardened.docker.plugins.module_utils import _audit_job, _audit_runner

FIXTURES = Path(__file__).resolve().parents[3] / "fixtures" / "host_state"
MOMENT = 1796352000.0  # 2026-12-04T02:40:00Z
ENGINE = "ansible_collections.hardened.docker.plugins.module_utils._audit_job"


def refuse(argv):
    raise AssertionError(f"no command may run here: {argv}")


@pytest.fixture()
def paths(tmp_path):
    return {"config": tmp_path / "audit.json", "textfile": tmp_path / "hd.prom", "report": tmp_path / "report.json"}


def run(paths, config=None):
    if config is not None:
        paths["config"].write_text(json.dumps(config) if not isinstance(config, str) else config)
    argv = [f"--{key}={path}" for key, path in paths.items()]
    return _audit_runner.main(argv, runner=refuse, clock=lambda: MOMENT)


def metrics(paths):
    return {f.name: f for f in text_string_to_metric_families(paths["textfile"].read_text())}


def value(families, name, **labels):
    (found,) = [s.value for s in families[name].samples if all(s.labels[k] == v for k, v in labels.items())]
    return found


def test_a_run_writes_the_metrics_and_the_report(paths, capsys):
    assert run(paths, {"host": "lab-1", "state_file": str(FIXTURES / "hardened.json")}) == 0
    report = json.loads(paths["report"].read_text())
    assert report["success"] is True and report["error"] is None
    assert report["host"] == "lab-1" and report["audited_at"] == "2026-12-04T02:40:00Z"
    # The same result cis_audit gives for that state (one engine: _audit_job.run).
    expected = _audit_job.run({"state_file": str(FIXTURES / "hardened.json"), "today": "2026-12-04"}, refuse)
    assert report["audit"]["results"] == expected["results"]
    assert report["audit"]["summary"] == expected["summary"]
    families = metrics(paths)
    assert value(families, "hardened_docker_audit_success", host="lab-1") == 1
    assert value(families, "hardened_docker_audit_timestamp_seconds") == MOMENT
    assert value(families, "hardened_docker_cis_score") == expected["summary"]["score"]
    statuses = {s.labels["control"]: s.labels["status"] for s in families["hardened_docker_cis_control_status"].samples}
    assert statuses == {r["id"]: r["status"] for r in expected["results"]}
    assert "lab-1: score" in capsys.readouterr().out
    assert not [p for p in os.listdir(paths["textfile"].parent) if p.startswith(".tmp-")]


def test_the_options_and_waivers_of_the_config_apply(paths):
    config = {
        "state_file": str(FIXTURES / "stock.json"),
        "level": 1,
        "exclude": ["2.2"],
        "waivers": [{"id": "5.4", "reason": "CI agent (SEC-1)", "expires": "2099-12-31"}],
    }
    assert run(paths, config) == 0
    results = {r["id"]: r for r in json.loads(paths["report"].read_text())["audit"]["results"]}
    assert results["2.2"]["status"] == "skipped"
    assert results["5.4"]["status"] == "waived"
    assert results["2.9"]["status"] == "skipped"  # level 2 control


def test_waivers_expire_on_the_utc_date_of_the_run(paths):
    waiver = {"id": "5.4", "reason": "until yesterday", "expires": "2026-12-03"}
    assert run(paths, {"state_file": str(FIXTURES / "stock.json"), "waivers": [waiver]}) == 0
    results = {r["id"]: r for r in json.loads(paths["report"].read_text())["audit"]["results"]}
    assert results["5.4"]["status"] == "fail" and results["5.4"]["waiver"]["expired"] is True


def test_the_host_label_defaults_to_the_hostname(paths, monkeypatch):
    monkeypatch.setattr(_audit_runner.socket, "gethostname", lambda: "node-7")
    assert run(paths, {"state_file": str(FIXTURES / "stock.json")}) == 0
    assert value(metrics(paths), "hardened_docker_audit_success", host="node-7") == 1


@pytest.mark.parametrize(
    ("config", "message"),
    [
        (None, "cannot read the config file"),
        ('{"level": ', "is not valid JSON: line 1"),
        ("[]", "must hold a JSON object, not list"),
        ({"levels": 2}, "unknown key(s) levels; valid keys: host,"),
        ({"level": 3}, "level: 3 is not a profile level"),
        ({"ids": ["9.9"]}, "ids[0]: unknown control id '9.9'"),
        ({"waivers": [{"id": "5.4"}]}, "reason is required"),
        ({"benchmark_version": "9.0.0"}, "unknown benchmark_version '9.0.0'"),
        ({"docker_host": "tcp://10.0.0.1:2376"}, "is not a unix socket"),
        ({"state_file": "/nonexistent/state.json"}, "cannot read state_file"),
    ],
)
def test_a_failed_run_is_reported_in_the_metrics(paths, capsys, config, message):
    # An earlier good run left verdicts behind: they must not survive a failed run.
    assert run(dict(paths), {"state_file": str(FIXTURES / "stock.json")}) == 0
    if config is None:
        paths["config"].unlink()
    assert run(paths, config) == 1
    families = metrics(paths)
    assert value(families, "hardened_docker_audit_success") == 0
    assert value(families, "hardened_docker_audit_timestamp_seconds") == MOMENT
    assert set(families) == {"hardened_docker_audit_success", "hardened_docker_audit_timestamp_seconds"}
    report = json.loads(paths["report"].read_text())
    assert report["success"] is False and report["audit"] is None
    assert message in report["error"]
    assert message in capsys.readouterr().err


def test_an_engine_that_cannot_load_is_reported_in_the_metrics(paths, monkeypatch):
    # As if the installed engine were broken: importing it fails.
    monkeypatch.setitem(sys.modules, ENGINE, None)
    monkeypatch.delattr(sys.modules[ENGINE.rsplit(".", 1)[0]], "_audit_job")
    assert run(paths, {"state_file": str(FIXTURES / "stock.json")}) == 1
    assert value(metrics(paths), "hardened_docker_audit_success") == 0
    assert "_audit_job" in json.loads(paths["report"].read_text())["error"]


def test_a_check_that_crashes_is_a_verdict_not_a_failed_run(paths, tmp_path):
    state = json.loads((FIXTURES / "stock.json").read_text())
    state["paths"] = "not a mapping"
    broken = tmp_path / "broken-state.json"
    broken.write_text(json.dumps(state))
    assert run(paths, {"state_file": str(broken)}) == 0
    families = metrics(paths)
    assert value(families, "hardened_docker_audit_success") == 1
    assert value(families, "hardened_docker_cis_controls", status="error") > 0


def test_an_unwritable_textfile_dir_fails_the_run(paths, tmp_path, capsys):
    paths["textfile"] = tmp_path / "missing" / "hd.prom"
    assert run(paths, {"state_file": str(FIXTURES / "stock.json")}) == 2
    assert "cannot write" in capsys.readouterr().err


def test_commands_run_as_cis_audit_runs_them():
    rc, out, err = _audit_runner.run_command([sys.executable, "-c", "import os; print(os.environ['LC_ALL'])"])
    assert (rc, out, err) == (0, "C\n", "")
    rc, out, err = _audit_runner.run_command(["/nonexistent/auditctl", "-l"])
    assert rc == 127 and out == "" and "/nonexistent/auditctl" in err
