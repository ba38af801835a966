"""The Prometheus text-format writer: escaping, every status, hosts whose audit did not run."""

from __future__ import annotations

import datetime
import json
import re
from pathlib import Path

import pytest
from prometheus_client.parser import text_string_to_metric_families

from ansible_collections.hardened.docker.plugins.module_utils import _prometheus
from ansible_collections.hardened.docker.plugins.module_utils._evaluate import Selection, evaluate
from ansible_collections.hardened.docker.plugins.module_utils._prometheus import HostMetrics, render
from ansible_collections.hardened.docker.plugins.module_utils._results import STATUSES

FIXTURES = Path(__file__).resolve().parents[3] / "fixtures" / "host_state"
TODAY = datetime.date(2026, 12, 4)
MOMENT = 1796352000.7


def audit(name: str = "stock.json", **selection) -> dict:
    state = json.loads((FIXTURES / name).read_text())
    return evaluate(state, "1.6.0", Selection(**selection), [], TODAY)


def families(text: str) -> dict:
    return {f.name: f for f in text_string_to_metric_families(text)}


def test_a_host_audit_as_metrics():
    result = audit()
    text = render([HostMetrics("lab-1", MOMENT, result)])
    parsed = families(text)
    assert list(parsed) == ["hardened_docker_" + key for key in _prometheus.FAMILIES]
    assert all(f.type == "gauge" for f in parsed.values())
    (success,) = parsed["hardened_docker_audit_success"].samples
    assert success.labels == {"host": "lab-1"} and success.value == 1
    (stamp,) = parsed["hardened_docker_audit_timestamp_seconds"].samples
    assert stamp.value == 1796352000  # whole seconds
    (score,) = parsed["hardened_docker_cis_score"].samples
    assert score.value == result["summary"]["score"]  # the engine's score, not recomputed
    counts = {s.labels["status"]: s.value for s in parsed["hardened_docker_cis_controls"].samples}
    assert counts == {status: result["summary"][status] for status in STATUSES}
    controls = parsed["hardened_docker_cis_control_status"].samples
    assert [s.labels["control"] for s in controls] == [r["id"] for r in result["results"]]
    first = controls[0]
    assert first.labels == {"host": "lab-1", "control": "1.1.1", "level": "1", "section": "1", "status": "fail"}
    assert {s.value for s in controls} == {1}
    (info,) = parsed["hardened_docker_audit_info"].samples
    assert info.labels == {"host": "lab-1", "benchmark_version": "1.6.0", "docker_version": "20.10.24+dfsg1"}


def test_the_file_follows_the_text_format_rules():
    text = render([HostMetrics("a", MOMENT, audit()), HostMetrics("b", MOMENT, None)])
    assert text.endswith("\n") and "\r" not in text
    helps = [line.split()[2] for line in text.splitlines() if line.startswith("# HELP ")]
    assert len(helps) == len(set(helps))  # one HELP per family
    current = None
    for line in text.splitlines():
        if line.startswith("# HELP "):
            current = line.split()[2]
        elif line.startswith("# TYPE "):
            assert line == f"# TYPE {current} gauge"
        else:
            # Every sample sits in its family's block and has no timestamp (node_exporter refuses those).
            assert line.split("{")[0] == current
            assert re.fullmatch(r"[a-z_]+\{.*\} -?[0-9.]+", line), line


def test_every_status_is_counted_even_when_zero():
    result = audit(ids=frozenset({"2.2"}), sections=frozenset())
    parsed = families(render([HostMetrics("h", MOMENT, result)]))
    counts = {s.labels["status"]: s.value for s in parsed["hardened_docker_cis_controls"].samples}
    assert set(counts) == set(STATUSES)
    assert counts["skipped"] == 116 and counts["fail"] == 1
    statuses = {s.labels["control"]: s.labels["status"] for s in parsed["hardened_docker_cis_control_status"].samples}
    assert statuses["2.2"] == "fail" and statuses["5.5"] == "skipped"


@pytest.mark.parametrize("status", STATUSES)
def test_each_status_is_written_as_is(status):
    result = audit()
    result["results"][0]["status"] = status
    parsed = families(render([HostMetrics("h", MOMENT, result)]))
    assert parsed["hardened_docker_cis_control_status"].samples[0].labels["status"] == status


def test_a_host_whose_audit_did_not_run_has_no_verdicts():
    text = render([HostMetrics("down", MOMENT, None)])
    parsed = families(text)
    assert list(parsed) == ["hardened_docker_audit_success", "hardened_docker_audit_timestamp_seconds"]
    assert parsed["hardened_docker_audit_success"].samples[0].value == 0
    assert not [line for line in text.splitlines() if line.startswith("hardened_docker_cis")]  # never stale


def test_hosts_share_each_family_block():
    text = render([HostMetrics("a", MOMENT, audit()), HostMetrics("b", MOMENT, audit("hardened.json"))])
    parsed = families(text)
    assert [s.labels["host"] for s in parsed["hardened_docker_audit_success"].samples] == ["a", "b"]
    assert len(parsed["hardened_docker_cis_control_status"].samples) == 2 * 117
    assert text.count("# HELP hardened_docker_cis_control_status ") == 1


@pytest.mark.parametrize(
    ("raw", "written"),
    [
        ("plain", "plain"),
        ('say "hi"', 'say \\"hi\\"'),
        ("back\\slash", "back\\\\slash"),
        ("two\nlines", "two\\nlines"),
        ("not utf-8 \udcff", "not utf-8 \\\\udcff"),
        ("ünïcode", "ünïcode"),
        (None, ""),
        (2, "2"),
    ],
)
def test_label_values_are_escaped(raw, written):
    assert _prometheus.escape_label_value(raw) == written


def test_escaped_labels_read_back_as_written():
    name = 'web "1"\\prod\nnext'
    parsed = families(render([HostMetrics(name, MOMENT, None)]))
    assert parsed["hardened_docker_audit_success"].samples[0].labels["host"] == name


def test_help_text_is_escaped():
    assert _prometheus.escape_help("a\\b\nc") == "a\\\\b\\nc"


@pytest.mark.parametrize(("value", "text"), [(1, "1"), (True, "1"), (87.5, "87.5"), (100.0, "100"), (0, "0")])
def test_values(value, text):
    assert _prometheus.format_value(value) == text


@pytest.mark.parametrize(("name", "labels"), [("9bad", {}), ("ok", {"bad-label": "x"}), ("ok", {"__reserved": "x"})])
def test_invalid_names_are_refused(name, labels):
    with pytest.raises(ValueError, match="invalid"):
        _prometheus.sample(name, labels, 1)


def test_no_hosts_is_an_empty_file():
    assert render([]) == "\n"
