"""Inputs checked on the controller before any host is touched: waivers, report directory, baseline."""

from __future__ import annotations

import datetime
import json
import os

import pytest

from ansible_collections.hardened.docker.plugins.plugin_utils import _report_model
from ansible_collections.hardened.docker.plugins.plugin_utils._report_inputs import (
    check_report_dir,
    check_run_name,
    load_baseline,
    normalize_waivers,
    waivers_from_document,
)
from ansible_collections.hardened.docker.plugins.plugin_utils._report_model import ReportInputError
from ansible_collections.hardened.docker.tests.fixtures.reports import sample


def test_waivers_are_normalized():
    waivers = normalize_waivers(
        [
            {"id": "5.10", "reason": " memory limits in Q1 ", "expires": datetime.date(2026, 12, 31)},
            {"id": "5.4", "reason": "docker-in-docker", "container": "ci-*", "image": "docker:*-dind", "expires": ""},
        ],
        "compliance_waivers",
    )
    assert waivers == [
        {"id": "5.10", "reason": "memory limits in Q1", "expires": "2026-12-31"},
        {"id": "5.4", "reason": "docker-in-docker", "container": "ci-*", "image": "docker:*-dind"},
    ]
    assert normalize_waivers(None, "compliance_waivers") == []


@pytest.mark.parametrize(
    ("waiver", "error"),
    [
        ({"id": 5.1, "reason": "x"}, r"compliance_waivers\[0\]: id must be a quoted string like \"2.10\", got 5.1"),
        ({"id": "5.x", "reason": "x"}, r"id '5.x' is not a CIS control id"),
        ({"reason": "x"}, r"a waiver needs the id"),
        ({"id": "5.4"}, r"compliance_waivers\[0\] \(id 5.4\): a waiver needs a non-empty reason"),
        ({"id": "5.4", "reason": "  "}, r"needs a non-empty reason"),
        ({"id": "5.4", "reason": "x", "expires": "31.12.2026"}, r"expires must be a date YYYY-MM-DD, got '31.12.2026'"),
        ({"id": "5.4", "reason": "x", "expires": "2026-02-30"}, r"expires '2026-02-30' is not a real date"),
        ({"id": "5.4", "reason": "x", "container": ""}, r"container must be a non-empty string"),
        ({"id": "5.4", "reason": "x", "until": "2026-01-01"}, r"unknown key\(s\) until; a waiver has id, container"),
        ("5.4", r"a waiver must be a mapping"),
    ],
)
def test_bad_waivers_name_the_item(waiver, error):
    with pytest.raises(ReportInputError, match=error):
        normalize_waivers([waiver], "compliance_waivers")


def test_waivers_must_be_a_list():
    with pytest.raises(ReportInputError, match="compliance_waivers must be a list of waivers, got dict"):
        normalize_waivers({"id": "5.4"}, "compliance_waivers")


def test_waivers_file_documents():
    assert waivers_from_document({"waivers": [{"id": "2.2", "reason": "r"}]}, "w.yml") == [{"id": "2.2", "reason": "r"}]
    assert waivers_from_document([{"id": "2.2", "reason": "r"}], "w.yml") == [{"id": "2.2", "reason": "r"}]
    assert waivers_from_document(None, "w.yml") == []
    assert waivers_from_document({"waivers": None}, "w.yml") == []
    with pytest.raises(ReportInputError, match=r"waivers file w.yml: unknown top-level key\(s\) waiver"):
        waivers_from_document({"waiver": []}, "w.yml")
    with pytest.raises(ReportInputError, match=r"waivers file w.yml: 'waivers' must be a list"):
        waivers_from_document({"waivers": "2.2"}, "w.yml")
    with pytest.raises(ReportInputError, match=r"waivers file w.yml: waivers\[1\] \(id 2.2\): a waiver needs"):
        waivers_from_document({"waivers": [{"id": "2.2", "reason": "r"}, {"id": "2.2"}]}, "w.yml")


def test_report_dir_is_created_and_proven_writable(tmp_path):
    target = tmp_path / "a" / "b"
    assert check_report_dir(str(target), "compliance_report_dir") == str(target)
    assert target.is_dir() and os.listdir(target) == []


def test_report_dir_that_cannot_be_written(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("not a directory")
    with pytest.raises(ReportInputError, match=r"compliance_report_dir: .*/file/reports is not a writable directory"):
        check_report_dir(str(blocker / "reports"), "compliance_report_dir")
    with pytest.raises(ReportInputError, match="compliance_report_dir is empty"):
        check_report_dir("", "compliance_report_dir")


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes to read-only directories")
def test_read_only_report_dir(tmp_path):
    tmp_path.chmod(0o500)
    try:
        with pytest.raises(ReportInputError, match="is not a writable directory: Permission denied"):
            check_report_dir(str(tmp_path), "compliance_report_dir")
    finally:
        tmp_path.chmod(0o700)


@pytest.mark.parametrize("name", ["latest", "..", "a/b", "-x", "a b"])
def test_bad_run_names(name):
    with pytest.raises(ReportInputError, match="compliance_report_run_name"):
        check_run_name(name, "compliance_report_run_name")


@pytest.mark.parametrize("name", ["", "before", "after-2", "20260101T120000Z", "v1.2_x"])
def test_good_run_names(name):
    assert check_run_name(name, "compliance_report_run_name") == name


def test_baseline_loads(tmp_path):
    path = tmp_path / "fleet.json"
    path.write_text(json.dumps(sample.baseline()))
    assert load_baseline(str(path), "compliance_baseline")["run"] == "before"
    assert load_baseline("", "compliance_baseline") is None


def test_baseline_of_another_schema_version():
    path = str(sample.HERE / "baseline-v0.json")
    with pytest.raises(ReportInputError) as error:
        load_baseline(path, "compliance_baseline")
    assert str(error.value).startswith(f"compliance_baseline ({path}) has schema_version 0; this collection reads")
    assert _report_model.SCHEMA_VERSION == 1


@pytest.mark.parametrize(
    ("content", "error"),
    [
        (None, "cannot be read: No such file or directory"),
        (b"{not json", "is not valid JSON"),
        (b"\xff\xfe", "is not valid JSON"),
        (b'{"kind": "fleet"}', "has schema_version None"),
    ],
)
def test_bad_baselines(tmp_path, content, error):
    path = tmp_path / "fleet.json"
    if content is not None:
        path.write_bytes(content)
    with pytest.raises(ReportInputError, match=r"compliance_baseline \(.*fleet.json\) " + error):
        load_baseline(str(path), "compliance_baseline")
