from __future__ import annotations

import datetime
import json
from pathlib import Path

import pytest

from ansible_collections.hardened.docker.plugins.module_utils import _audit_job
from ansible_collections.hardened.docker.plugins.modules import cis_audit

FIXTURES = Path(__file__).resolve().parents[3] / "fixtures" / "host_state"
HARDENED = FIXTURES / "hardened.json"
# Recorded on the lab's Debian sid host (Docker 28.5.2, API 1.51, containerd 2.1.9, runc 1.3.6, cgroup v2) with the
# lab's insecure containers: cis_audit return_state=true.
SID_STOCK = FIXTURES / "sid-stock.json"


@pytest.fixture(autouse=True)
def never_gather(monkeypatch):
    """No test reads this machine, unless it says so."""

    def refuse(*args, **kwargs):
        raise AssertionError("gather() must not run")

    monkeypatch.setattr(_audit_job, "gather", refuse)


@pytest.fixture()
def run(module_runner):
    return module_runner(cis_audit)


def test_audit_a_recorded_state(run):
    result = run(state_file=str(HARDENED))
    assert result["changed"] is False
    assert result["benchmark_version"] == "1.6.0"
    assert result["host"] == {
        "hostname": "lab-1",
        "docker_version": "26.1.5+dfsg1",
        "rootless": False,
        "socket": "/var/run/docker.sock",
    }
    assert len(result["results"]) == 117
    assert result["summary"]["fail"] == 0 and result["summary"]["total"] == 117
    assert set(result["timings"]) == {"gather", "evaluate"}
    assert all(isinstance(v, float) for v in result["timings"].values())
    assert "state" not in result


def test_check_mode_gives_the_same_verdicts(run):
    normal = run(state_file=str(HARDENED))
    checked = run(state_file=str(HARDENED), check_mode=True)
    assert checked["changed"] is False
    assert [r["status"] for r in checked["results"]] == [r["status"] for r in normal["results"]]


def test_return_state(run):
    result = run(state_file=str(HARDENED), return_state=True)
    assert result["state"] == json.loads(HARDENED.read_text())


def test_selection_waivers_and_level(run):
    result = run(
        state_file=str(FIXTURES / "stock.json"),
        sections=["5", 2],
        level=1,
        exclude=["5.9"],
        waivers=[{"id": "5.5", "container": "dind", "reason": "CI runner", "expires": "2099-01-01"}],
    )
    got = {r["id"]: r for r in result["results"]}
    assert got["5.5"]["status"] == "waived"
    assert got["5.5"]["waiver"] == {"reason": "CI runner", "expires": "2099-01-01", "expired": False}
    assert got["5.9"]["status"] == "skipped"
    assert got["5.3"]["status"] == "skipped"  # level 2
    assert got["3.1"]["status"] == "skipped"
    assert got["2.2"]["status"] == "fail"


def test_waiver_expiry_is_decided_on_the_given_run_date(run):
    waiver = {"id": "5.5", "container": "dind", "reason": "CI runner", "expires": "2026-12-02"}
    args = {"state_file": str(FIXTURES / "stock.json"), "ids": ["5.5"], "waivers": [waiver]}
    # The last day of the waiver still waives; the day after (in UTC, whatever the target's clock says) does not.
    assert {r["id"]: r for r in run(today="2026-12-02", **args)["results"]}["5.5"]["status"] == "waived"
    late = {r["id"]: r for r in run(today="2026-12-03", **args)["results"]}["5.5"]
    assert late["status"] == "fail" and late["waiver"]["expired"] is True


def test_run_date_defaults_to_the_utc_date(monkeypatch):
    class Clock(datetime.datetime):
        @classmethod
        def now(cls, tz=None):
            # 23:30 on 1 December in UTC is already 2 December at UTC+1.
            return datetime.datetime(2026, 12, 1, 23, 30, tzinfo=datetime.timezone.utc).astimezone(tz)

    monkeypatch.setattr(_audit_job.datetime, "datetime", Clock)
    assert _audit_job.run_date(None) == datetime.date(2026, 12, 1)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ({"ids": ["9.9"]}, "ids[0]: unknown control id '9.9'"),
        ({"ids": [2.1]}, "ids[0]: control id 2.1 must be a string"),
        ({"exclude": ["2.2", "x"]}, "exclude[1]: unknown control id 'x'"),
        ({"waivers": [{"id": "2.2"}]}, "waivers[0] (id '2.2'): reason is required"),
        ({"waivers": [{"id": "2.2", "reason": "r", "expires": "2026-02-30"}]}, "expires '2026-02-30' is not a date"),
        ({"waivers": [{"id": "7.77", "reason": "r"}]}, "unknown control id '7.77'"),
        ({"sections": ["9"]}, "sections[0]: unknown section '9'"),
        ({"today": "02/12/2026"}, "today '02/12/2026' is not a date; use YYYY-MM-DD"),
        ({"docker_host": "tcp://10.0.0.1:2376"}, "docker_host 'tcp://10.0.0.1:2376' is not a unix socket"),
    ],
)
def test_bad_input_fails_before_gathering(run, args, message):
    result = run(**args)  # gather() would raise: the autouse fixture proves nothing was read
    assert result["failed"] is True
    assert message in result["msg"]


@pytest.mark.parametrize(("version", "count"), [("1.6.0", 117), ("1.7.0", 117), ("1.8.0", 118)])
def test_every_benchmark_version_audits_a_recorded_state(run, version, count):
    result = run(state_file=str(HARDENED), benchmark_version=version)
    assert result["benchmark_version"] == version
    assert len(result["results"]) == result["summary"]["total"] == count
    proxy = next(r for r in result["results"] if r["key"] == "userland_proxy")
    assert proxy["id"] == proxy["ids"][version] and proxy["benchmark_version"] == version


def test_unknown_benchmark_version_is_refused_by_choices(run):
    result = run(state_file=str(HARDENED), benchmark_version="1.9.0")
    assert result["failed"] is True and "benchmark_version" in result["msg"]


def test_state_file_problems(run, tmp_path):
    broken = tmp_path / "broken.json"
    broken.write_text('{"schema": 1,\n "engine": }\n')
    result = run(state_file=str(broken))
    assert result["failed"] is True
    assert result["msg"].startswith(f"state_file {broken} is not valid JSON: line 2 column 12")
    result = run(state_file=str(tmp_path / "missing.json"))
    assert result["failed"] is True and "cannot read state_file" in result["msg"]
    listed = tmp_path / "list.json"
    listed.write_text("[]")
    assert "must hold a JSON object" in run(state_file=str(listed))["msg"]


def test_state_file_and_docker_host_are_exclusive(run):
    result = run(state_file=str(HARDENED), docker_host="/var/run/docker.sock")
    assert result["failed"] is True and "mutually exclusive" in result["msg"]


def test_gathering_uses_the_resolved_socket_and_options(run, monkeypatch):
    seen = {}

    def fake_gather(socket_path, runner, daemon_json=None, api_timeout=10.0):
        seen.update(socket=socket_path, daemon_json=daemon_json, api_timeout=api_timeout, runner=runner)
        return json.loads(HARDENED.read_text())

    monkeypatch.setattr(_audit_job, "gather", fake_gather)
    result = run(docker_host="unix:///run/user/1000/docker.sock", daemon_json="/srv/daemon.json", api_timeout=3)
    assert result["summary"]["total"] == 117
    assert seen["socket"] == "/run/user/1000/docker.sock"
    assert seen["daemon_json"] == "/srv/daemon.json" and seen["api_timeout"] == 3.0
    assert callable(seen["runner"])


@pytest.mark.parametrize(
    ("option", "environ", "expected"),
    [
        (None, {}, "/var/run/docker.sock"),
        (None, {"DOCKER_HOST": "unix:///run/user/1000/docker.sock"}, "/run/user/1000/docker.sock"),
        (None, {"DOCKER_HOST": "tcp://10.0.0.1:2376"}, "/var/run/docker.sock"),
        ("/run/docker.sock", {"DOCKER_HOST": "unix:///elsewhere.sock"}, "/run/docker.sock"),
    ],
)
def test_resolve_socket(option, environ, expected):
    assert _audit_job.resolve_socket(option, environ) == expected


def test_a_stock_docker_28_host_gets_a_verdict_for_every_control(run):
    result = run(state_file=str(SID_STOCK))
    got = {r["id"]: r for r in result["results"]}
    assert result["host"]["docker_version"] == "28.5.2+dfsg4"
    assert len(got) == 117
    assert result["summary"]["error"] == 0, [r for r in got.values() if r["status"] == "error"]
    # The stock daemon settings and the lab's insecure containers fail as on the older engines.
    for control in ("2.2", "2.14", "2.15", "2.16", "5.4", "5.10", "5.26", "5.32"):
        assert got[control]["status"] == "fail", got[control]
    assert "published ports are served by docker-proxy processes" in got["2.16"]["evidence"]


def test_containerd_2_has_no_v1_shims_to_audit(run):
    # containerd 2.0 removed the v1 runtime and its shims (containerd-shim, containerd-shim-runc-v1);
    # only containerd-shim-runc-v2 is installed on sid, so 1.1.15 and 1.1.16 do not apply there.
    sid = {r["id"]: r for r in run(state_file=str(SID_STOCK))["results"]}
    for control, binary in (("1.1.15", "containerd-shim"), ("1.1.16", "containerd-shim-runc-v1")):
        assert sid[control]["status"] == "not_applicable", sid[control]
        assert sid[control]["evidence"][0].startswith(f"{binary} is not installed"), sid[control]
    assert sid["1.1.17"]["status"] == "fail", sid["1.1.17"]  # the v2 shim is there, with no audit rule
    # Where containerd 1.x installs them (Docker 26.1 on Debian 13) and a rule watches each, they pass.
    trixie = {r["id"]: r for r in run(state_file=str(HARDENED))["results"]}
    assert [trixie[c]["status"] for c in ("1.1.15", "1.1.16", "1.1.17")] == ["pass", "pass", "pass"]
