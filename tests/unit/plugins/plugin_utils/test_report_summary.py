"""The console summary printed at the end of the play."""

from __future__ import annotations

from ansible_collections.hardened.docker.plugins.plugin_utils import _report_summary
from ansible_collections.hardened.docker.plugins.plugin_utils._report_model import build_fleet
from ansible_collections.hardened.docker.tests.fixtures.reports import sample


def test_summary_golden():
    text = "\n".join(_report_summary.lines(sample.fleet(), report_dir="reports/after")) + "\n"
    sample.check_golden("summary.txt", text)


def test_table_of_hosts_and_statuses():
    lines = _report_summary.lines(sample.fleet(with_baseline=False, gates=[]))
    assert (
        lines[0]
        == "CIS Docker Benchmark 1.6.0 | run after | 5 hosts: 2 audited, 2 unreachable, 1 failed | fleet score 62.5"
    )
    assert lines[1].split() == ["HOST", "STATUS", "SCORE", "PASS", "FAIL", "MANUAL", "WAIVED", "N/A", "ERROR"]
    assert lines[2].split() == ["web1", "audited", "28.6", "2", "5", "2", "1", "0", "1"]
    assert lines[4].split() == ["db1", "unreachable", "-", "-", "-", "-", "-", "-", "-"]
    assert len({len(line) for line in lines[1:4]}) == 1  # aligned columns
    assert any(line.startswith("! build1 failed: cis_audit: cannot reach the Docker Engine API") for line in lines)
    assert not any(line.startswith("Gate") or line.startswith("Since") for line in lines)


def test_worst_failures_level1_first_then_by_hosts():
    worst = _report_summary.worst_failures(sample.fleet(), top=10)
    assert [(c["id"], c["hosts"]) for c in worst] == [
        ("5.10", ["web1", "web2"]),
        ("1.1.1", ["web1"]),
        ("2.2", ["web1"]),
        ("4.1", ["web1"]),
        ("2.10", ["web1"]),
    ]
    assert len(_report_summary.worst_failures(sample.fleet(), top=2)) == 2


def test_delta_changes_and_gate_lines():
    lines = _report_summary.lines(sample.fleet(), report_dir="/r/after")
    assert "DELTA" in lines[1].split() and "+28.6" in lines[2].split()
    assert "Since baseline before: 3 improved, 2 regressed, 1 other changes (fleet score 66.7 -> 62.5)" in lines
    assert "  web1: improved 2.14, 3.1; regressed 5.10" in lines
    assert lines[-2] == "Gate (level1, score_below=80, unreachable, regressed): TRIPPED"
    assert lines[-1] == "Reports: /r/after"


def test_no_failures_and_long_host_lists():
    assert "No failures." in _report_summary.lines(build_fleet({}, generated_at=sample.GENERATED_AT))
    assert _report_summary._names(["a", "b", "c", "d", "e"]) == "a, b, c +2 more"


def _with_pending(action: str, status: str = "fail") -> dict:
    audits = sample.load("audits.json")
    result = next(r for r in audits["web1"]["results"] if r["id"] == "2.2")
    result.update(status=status, pending=action)
    return build_fleet(audits, generated_at=sample.GENERATED_AT)


def test_pending_actions_are_listed_per_host_with_the_exact_action():
    action = "stop the 2 running container(s) (web, worker), restart dockerd, start them again"
    lines = _report_summary.lines(_with_pending(action))
    at = lines.index("Configured, not yet in force:")
    assert lines[at + 1].split(None, 2) == ["web1", "2.2", f"configured; in force after: {action}"]


def test_no_pending_section_without_pending_failures():
    assert "Configured, not yet in force:" not in _report_summary.lines(sample.fleet())
    # Only a failure can be pending: a waived result keeps no pending action.
    waived = _with_pending("restart dockerd (no container runs now)", status="waived")
    assert "Configured, not yet in force:" not in _report_summary.lines(waived)
