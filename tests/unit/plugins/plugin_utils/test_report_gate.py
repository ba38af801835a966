"""Gates (compliance_fail_on): syntax, errors that name the item, and verdicts."""

from __future__ import annotations

import pytest

from ansible_collections.hardened.docker.plugins.plugin_utils._report_gate import evaluate, parse_gates
from ansible_collections.hardened.docker.plugins.plugin_utils._report_model import ReportInputError
from ansible_collections.hardened.docker.tests.fixtures.reports import sample


def verdict(gates, with_baseline=True):
    return evaluate(parse_gates(gates), sample.fleet(with_baseline=with_baseline, gates=[]))


def tripped(gates, with_baseline=True):
    return [(r["host"], r["controls"]) for r in verdict(gates, with_baseline)["reasons"]]


def test_labels():
    keywords = ["fail", "level1", "level2", "error", "unreachable", "regressed"]
    mappings = [{"section": ["2", 5]}, {"id": "5.10", "level": 1}, {"score_below": 80}, {"score_below": 72.5}]
    gates = parse_gates(keywords + mappings)
    assert [g["label"] for g in gates] == [
        "fail",
        "level1",
        "level2",
        "error",
        "unreachable",
        "regressed",
        "section=2,5",
        "id=5.10 level<=1",
        "score_below=80",
        "score_below=72.5",
    ]


def test_empty_and_none_never_trip():
    assert parse_gates(None) == [] and parse_gates([]) == []
    result = verdict([])
    assert result == {"rules": [], "tripped": False, "reasons": [], "message": "compliance gates passed"}


def test_any_failure():
    assert tripped(["fail"]) == [("web1", ["1.1.1", "2.2", "2.10", "4.1", "5.10"]), ("web2", ["5.10"])]


def test_level1_leaves_level2_controls_out():
    assert tripped(["level1"]) == [("web1", ["1.1.1", "2.2", "4.1", "5.10"]), ("web2", ["5.10"])]
    assert tripped(["level2"]) == tripped(["fail"])


def test_sections_ids_and_level_combine():
    assert tripped([{"section": "2"}]) == [("web1", ["2.2", "2.10"])]
    assert tripped([{"section": "2", "level": 1}]) == [("web1", ["2.2"])]
    assert tripped([{"section": ["1", "4"]}]) == [("web1", ["1.1.1", "4.1"])]
    assert tripped([{"id": ["5.10"]}]) == [("web1", ["5.10"]), ("web2", ["5.10"])]
    # a subsection covers the controls under it, and "2.1" does not cover "2.10"
    assert tripped([{"id": "1.1"}]) == [("web1", ["1.1.1"])]
    assert tripped([{"id": "2.1"}]) == []
    # waived and passing controls never trip a failure gate
    assert tripped([{"id": ["5.4", "2.14"]}]) == []


def test_score_below():
    assert [(r["host"], r["detail"]) for r in verdict([{"score_below": 80}])["reasons"]] == [("web1", "score 28.6")]
    assert tripped([{"score_below": 20}]) == []


def test_error_unreachable_and_regressed():
    assert tripped(["error"]) == [("web1", ["1.1.3"])]
    assert [r["host"] for r in verdict(["unreachable"])["reasons"]] == ["db1", "build1", "lost1"]
    assert tripped(["regressed"]) == [("web1", ["5.10"]), ("web2", ["5.10"])]
    assert tripped(["regressed"], with_baseline=False) == []


def test_message_names_gates_hosts_and_controls():
    message = verdict(["level1", {"score_below": 80}])["message"]
    assert message == (
        "compliance gate tripped (compliance_fail_on) on 2 host(s): "
        "level1 -> web1 (1.1.1, 2.2, 4.1, 5.10); web2 (5.10) | score_below=80 -> web1 (score 28.6)"
    )
    assert "\n" not in verdict(["unreachable", "fail"])["message"]


@pytest.mark.parametrize(
    ("spec", "error"),
    [
        (["levle1"], r"fail_on\[0\]: unknown gate keyword 'levle1'; keywords are fail, level1"),
        (["fail", {"sections": "2"}], r"fail_on\[1\]: unknown gate key\(s\) sections"),
        ([{}], r"fail_on\[0\]: unknown gate key\(s\) \(none\)"),
        ([{"score_below": 80, "level": 1}], r"fail_on\[0\]: score_below stands alone"),
        ([{"score_below": "80"}], r"score_below must be a number from 0 to 100, got '80'"),
        ([{"score_below": 101}], r"score_below must be a number from 0 to 100"),
        ([{"score_below": True}], r"score_below must be a number"),
        ([{"section": "2.1"}], r"section must be a top-level section"),
        ([{"id": 5.1}], r"id must be a quoted control id such as \"5.10\", got 5.1 \(unquoted 5.10 reads as 5.1\)"),
        ([{"id": "five"}], r"id must be a quoted control id"),
        ([{"level": 3}], r"level must be 1 or 2, got 3"),
        ([{"level": True}], r"level must be 1 or 2"),
        ([42], r"fail_on\[0\]: a gate is a keyword or a mapping, got 42"),
    ],
)
def test_bad_gates_name_the_item(spec, error):
    with pytest.raises(ReportInputError, match=error):
        parse_gates(spec)


def test_single_gate_is_accepted_as_a_list():
    assert [g["label"] for g in parse_gates("level1")] == ["level1"]
