"""Selection, waivers, the result shape and the summary of _evaluate; the catalog's integrity."""

from __future__ import annotations

import copy
import datetime
import json
import re
from pathlib import Path

import pytest

from ansible_collections.hardened.docker.plugins.module_utils._catalog import CATALOGS, DEFAULT_VERSION
from ansible_collections.hardened.docker.plugins.module_utils._evaluate import (
    CHECKS,
    InputError,
    Selection,
    Waiver,
    catalog_for,
    evaluate,
    parse_selection,
    parse_waivers,
)
from ansible_collections.hardened.docker.plugins.module_utils._results import one_line, summarize

FIXTURES = Path(__file__).resolve().parents[3] / "fixtures" / "host_state"
HARDENED = json.loads((FIXTURES / "hardened.json").read_text())
STOCK = json.loads((FIXTURES / "stock.json").read_text())
CATALOG = CATALOGS["1.6.0"]
TODAY = datetime.date(2026, 11, 22)
# The controls the benchmark itself marks as Manual.
MANUAL_IDS = {
    *("1.2.1", "1.2.2", "2.1", "2.8", "2.17", "4.2", "4.3", "4.4", "4.7", "4.8", "4.9", "4.10", "4.11", "4.12"),
    *("5.9", "5.18", "5.19", "5.24", "5.28", "5.30", "6.1", "6.2", "7.4", "7.6", "7.7", "7.8", "7.9"),
}
# The controls whose profile is Level 2 in CIS Docker Benchmark 1.6.0; all others are Level 1.
# Checked against Tenable's audit files for 1.6.0 (the "L1 Docker Linux" item list goes from 1.1.6 straight
# to 1.2.1; 5.30 is an item of "L2 Docker Linux"; 5.22 of "L1 Docker Linux"; 7.9 of "L1 Docker Swarm") and the
# per-control "Profile Applicability" of the benchmark text (1.1.7, 1.1.13, 2.9, 2.10, 2.12 Level 2; 2.16 Level 1).
LEVEL_2_IDS = {
    *(f"1.1.{n}" for n in range(7, 19)),
    *("2.9", "2.10", "2.11", "2.12", "2.13", "2.17", "4.5", "4.8", "4.11", "4.12"),
    *("5.3", "5.23", "5.24", "5.30"),
}
RESULT_KEYS = [
    "id",
    "key",
    "benchmark_version",
    "ids",
    "title",
    "section",
    "level",
    "automated",
    "cis_label",
    "status",
    "evidence",
    "objects",
    "remediation",
]


def run(state=HARDENED, selection=None, waivers=(), today=TODAY):
    out = evaluate(state, "1.6.0", selection or Selection(), list(waivers), today)
    return out, {r["id"]: r for r in out["results"]}


# -- catalog --------------------------------------------------------------------------------------


def test_catalog_shape():
    assert DEFAULT_VERSION in CATALOGS
    assert len(CATALOG) == 117
    ids = [c.id for c in CATALOG]
    assert len(set(ids)) == len(ids)
    for control in CATALOG:
        assert isinstance(control.id, str) and re.match(r"^[1-7](\.\d+)+$", control.id)
        assert control.section == control.id.split(".")[0]
        assert control.level in (1, 2)
        assert control.title and control.title == control.title.strip()
        assert len(control.remediation) > 20
        assert control.check in CHECKS, control.check
    assert {c.id for c in CATALOG if not c.automated} == MANUAL_IDS
    assert all(not c.automated for c in CATALOG if c.section == "6")


def test_catalog_is_in_benchmark_order():
    keys = [tuple(int(p) for p in c.id.split(".")) for c in CATALOG]
    assert keys == sorted(keys)


def test_unknown_benchmark_version():
    with pytest.raises(InputError, match=r"unknown benchmark_version '9.9.9'; supported: 1.6.0"):
        catalog_for("9.9.9")


# -- result shape and summary ---------------------------------------------------------------------


def test_result_shape_follows_the_contract():
    out, got = run(STOCK, waivers=[Waiver("5.5", "CI runner needs it", datetime.date(2026, 12, 31))])
    assert list(out) == ["benchmark_version", "host", "results", "summary"]
    assert out["benchmark_version"] == "1.6.0"
    assert out["host"] == {
        "hostname": "lab-2",
        "docker_version": "20.10.24+dfsg1",
        "rootless": False,
        "socket": "/var/run/docker.sock",
    }
    for result in out["results"]:
        keys = list(result)
        assert keys[: len(RESULT_KEYS)] == RESULT_KEYS
        assert keys[len(RESULT_KEYS) :] in ([], ["waiver"])
        assert all(isinstance(line, str) for line in result["evidence"] + result["objects"])
    assert got["5.5"]["waiver"] == {"reason": "CI runner needs it", "expires": "2026-12-31", "expired": False}
    json.dumps(out)  # plain JSON


def test_summary_counts_and_score():
    out, got = run(STOCK)
    summary = out["summary"]
    assert list(summary) == ["pass", "fail", "manual", "not_applicable", "skipped", "waived", "error", "total", "score"]
    assert summary["total"] == 117 == sum(summary[s] for s in list(summary)[:7])
    automated_pass = sum(1 for r in got.values() if r["automated"] and r["status"] == "pass")
    automated_fail = sum(1 for r in got.values() if r["automated"] and r["status"] == "fail")
    assert summary["score"] == round(100 * automated_pass / (automated_pass + automated_fail), 1)
    assert run()[0]["summary"]["score"] == 100.0


def test_score_without_automated_verdicts_is_100():
    results = [{"automated": False, "status": "manual"}, {"automated": True, "status": "skipped"}]
    assert summarize(results)["score"] == 100.0
    results = [
        {"automated": True, "status": "pass"},
        {"automated": True, "status": "fail"},
        {"automated": False, "status": "pass"},
    ]
    assert summarize(results)["score"] == 50.0


# -- selection ------------------------------------------------------------------------------------


def test_select_sections():
    _out, got = run(selection=parse_selection(CATALOG, sections=["3", 1]))
    for control_id, result in got.items():
        selected = control_id.split(".")[0] in ("1", "3")
        assert (result["status"] != "skipped") == selected, control_id
    assert got["2.2"]["evidence"] == ["not selected by the sections/ids options"]


def test_select_ids_and_sections_is_a_union():
    _out, got = run(selection=parse_selection(CATALOG, sections=["7"], ids=["2.10"]))
    assert {i for i, r in got.items() if r["status"] != "skipped"} == {"2.10"} | {
        c.id for c in CATALOG if c.section == "7"
    }


def test_profile_levels():
    assert {c.id for c in CATALOG if c.level == 2} == LEVEL_2_IDS
    assert {c.level for c in CATALOG} == {1, 2}


@pytest.mark.parametrize(
    ("text", "limit", "line"),
    [
        (
            "container web (3f2a1b2c3d4e) HostConfig.Privileged=true",
            None,
            "container web (3f2a1b2c3d4e) HostConfig.Privileged=true",
        ),
        (
            "Error sending rule list data request (Operation not permitted)\nThere was an error\n",
            None,
            "Error sending rule list data request (Operation not permitted); There was an error",
        ),
        ("  a\tb  \r\n\n  c ", None, "a b; c"),
        ("x" * 20, 10, "xxxxxxx..."),
        (ValueError("boom\nagain"), None, "boom; again"),
    ],
)
def test_one_line(text, limit, line):
    assert one_line(text, limit) == line


def test_level_1_skips_level_2_controls():
    _out, got = run(selection=parse_selection(CATALOG, level=1))
    for control in CATALOG:
        assert (got[control.id]["status"] == "skipped") == (control.level == 2), control.id
    assert got["2.9"]["evidence"] == ["a level 2 control; level 1 was selected"]


def test_exclude_wins():
    _out, got = run(selection=parse_selection(CATALOG, ids=["2.2", "2.3"], exclude=["2.3"]))
    assert got["2.2"]["status"] == "pass"
    assert got["2.3"]["status"] == "skipped" and got["2.3"]["evidence"] == ["excluded by the exclude option"]


def test_skipped_controls_are_not_run():
    broken = copy.deepcopy(HARDENED)
    broken["containers"][0]["HostConfig"] = "garbage"
    _out, got = run(broken, selection=parse_selection(CATALOG, sections=["2"]))
    assert got["5.5"]["status"] == "skipped"


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"ids": ["2.99"]}, r"ids\[0\]: unknown control id '2.99'; valid ids .* from '1.1.1' to '7.9'"),
        ({"ids": ["2.2", "5.100"]}, r"ids\[1\]: unknown control id '5.100'.*did you mean '5.10'"),
        ({"ids": [2.1]}, r"ids\[0\]: control id 2.1 must be a string such as '2.10' \(quote ids in YAML"),
        ({"exclude": ["1.1"]}, r"exclude\[0\]: unknown control id '1.1'"),
        ({"sections": ["8"]}, r"sections\[0\]: unknown section '8'; valid sections: 1, 2, 3, 4, 5, 6, 7"),
        ({"sections": ["2.2"]}, r"sections\[0\]: unknown section '2.2'"),
        ({"level": 3}, r"level: 3 is not a profile level"),
    ],
)
def test_bad_selection_names_the_entry(kwargs, message):
    with pytest.raises(InputError, match=message):
        parse_selection(CATALOG, **kwargs)


def test_all_bad_entries_are_reported_together():
    with pytest.raises(InputError) as exc:
        parse_selection(CATALOG, ids=["9.9"], exclude=["0"], sections=["x"])
    assert "ids[0]" in str(exc.value) and "exclude[0]" in str(exc.value) and "sections[0]" in str(exc.value)


# -- waivers --------------------------------------------------------------------------------------


def test_active_waiver_waives():
    waivers = parse_waivers(
        CATALOG, [{"id": "2.13", "reason": "logs shipped by the node agent", "expires": "2026-11-22"}]
    )
    out, got = run(STOCK, waivers=waivers)
    assert got["2.13"]["status"] == "waived"
    assert got["2.13"]["waiver"] == {
        "reason": "logs shipped by the node agent",
        "expires": "2026-11-22",
        "expired": False,
    }
    assert got["2.13"]["evidence"][-1] == "waived until 2026-11-22: logs shipped by the node agent"
    assert got["2.13"]["evidence"][0] == "log driver json-file keeps container logs on this host only"
    assert out["summary"]["waived"] == 1


def test_expired_waiver_no_longer_waives_and_says_so():
    waivers = parse_waivers(CATALOG, [{"id": "2.13", "reason": "until the migration", "expires": "2026-11-21"}])
    _out, got = run(STOCK, waivers=waivers)
    assert got["2.13"]["status"] == "fail"
    assert got["2.13"]["waiver"] == {"reason": "until the migration", "expires": "2026-11-21", "expired": True}
    assert "waiver expired on 2026-11-21 and no longer applies: until the migration" in got["2.13"]["evidence"]


def test_waiver_without_expiry():
    _out, got = run(STOCK, waivers=parse_waivers(CATALOG, [{"id": "1.1.2", "reason": "debian is the admin"}]))
    assert got["1.1.2"]["status"] == "waived"
    assert got["1.1.2"]["waiver"]["expires"] is None
    assert got["1.1.2"]["evidence"][-1] == "waived without expiry: debian is the admin"


def test_waiver_on_a_passing_control_changes_nothing():
    _out, got = run(STOCK, waivers=parse_waivers(CATALOG, [{"id": "2.3", "reason": "n/a"}]))
    assert got["2.3"]["status"] == "pass" and "waiver" not in got["2.3"]


def test_container_pattern_waives_only_matching_containers():
    waiver = {"id": "5.5", "container": "dind*", "reason": "docker-in-docker CI runner"}
    _out, got = run(STOCK, waivers=parse_waivers(CATALOG, [waiver]))
    assert got["5.5"]["status"] == "waived"  # dind is the only privileged container

    waiver = {"id": "5.11", "container": "dind", "reason": "CI runner sizes itself"}
    _out, got = run(STOCK, waivers=parse_waivers(CATALOG, [waiver]))
    result = got["5.11"]
    assert result["status"] == "fail"
    assert "waiver" not in result
    assert result["objects"] == ["container ssh-box (c0ffee001122)", "container app (5e1f0a9b8c7d)"]
    assert "container dind (deadbeef0011) HostConfig.Memory=0 (no memory limit)" not in result["evidence"][:2]
    assert result["evidence"][-1] == (
        "waived: container dind (deadbeef0011) HostConfig.Memory=0 (no memory limit) (CI runner sizes itself)"
    )


def test_container_pattern_matches_short_id():
    waiver = {"id": "5.5", "container": "deadbeef0011", "reason": "by id"}
    assert run(STOCK, waivers=parse_waivers(CATALOG, [waiver]))[1]["5.5"]["status"] == "waived"


def test_image_pattern():
    waivers = parse_waivers(CATALOG, [{"id": "4.6", "image": "lab/busybox:*", "reason": "lab image"}])
    assert run(STOCK, waivers=waivers)[1]["4.6"]["status"] == "waived"
    waivers = parse_waivers(CATALOG, [{"id": "4.6", "image": "nginx:*", "reason": "other image"}])
    assert run(STOCK, waivers=waivers)[1]["4.6"]["status"] == "fail"


def test_container_waiver_does_not_cover_host_findings():
    waivers = parse_waivers(CATALOG, [{"id": "2.13", "container": "*", "reason": "containers only"}])
    assert run(STOCK, waivers=waivers)[1]["2.13"]["status"] == "fail"


def test_expired_container_waiver_is_reported_even_when_partial():
    waivers = parse_waivers(CATALOG, [{"id": "5.11", "container": "app", "reason": "old", "expires": "2020-01-01"}])
    result = run(STOCK, waivers=waivers)[1]["5.11"]
    assert result["status"] == "fail" and result["waiver"]["expired"] is True


def test_waiver_dates_accept_date_objects():
    waivers = parse_waivers(CATALOG, [{"id": "2.13", "reason": "r", "expires": datetime.date(2030, 1, 1)}])
    assert waivers[0].expires == datetime.date(2030, 1, 1)


@pytest.mark.parametrize(
    ("waiver", "message"),
    [
        ({"id": "2.2"}, r"waivers\[0\] \(id '2.2'\): reason is required"),
        ({"id": "2.2", "reason": "  "}, r"waivers\[0\] \(id '2.2'\): reason is required"),
        ({"id": "2.2", "reason": "r", "expires": "2026-13-01"}, r"expires '2026-13-01' is not a date; use YYYY-MM-DD"),
        ({"id": "2.2", "reason": "r", "expires": "31/12/2026"}, r"expires '31/12/2026' is not a date"),
        ({"id": "2.99", "reason": "r"}, r"waivers\[0\] \(id '2.99'\): unknown control id '2.99'"),
        ({"id": 2.1, "reason": "r"}, r"control id 2.1 must be a string"),
        ({"reason": "r"}, r"id is required"),
        ({"id": "2.2", "reason": "r", "until": "2026-01-01"}, r"unknown key\(s\) until; valid keys: id, reason"),
        ({"id": "5.5", "reason": "r", "container": ["web"]}, r"container must be a glob pattern string"),
        ("2.2", r"waivers\[0\]: must be a mapping with keys id, reason, expires, container, image"),
    ],
)
def test_bad_waivers_name_the_entry(waiver, message):
    with pytest.raises(InputError, match=message):
        parse_waivers(CATALOG, [waiver])


def test_second_bad_waiver_is_named_by_index():
    with pytest.raises(InputError, match=r"^waivers\[1\] \(id '5.5'\): reason is required"):
        parse_waivers(CATALOG, [{"id": "2.2", "reason": "ok"}, {"id": "5.5"}])
