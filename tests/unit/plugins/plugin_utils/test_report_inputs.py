"""Inputs checked on the controller before any host is touched: waivers, report directory, baseline."""

from __future__ import annotations

import datetime
import json
import os

import pytest

from ansible_collections.hardened.docker.plugins.module_utils._catalog import CATALOGS
from ansible_collections.hardened.docker.plugins.module_utils._evaluate import InputError, Waiver
from ansible_collections.hardened.docker.plugins.plugin_utils import _report_model
from ansible_collections.hardened.docker.plugins.plugin_utils._report_inputs import (
    check_report_dir,
    check_run_name,
    load_baseline,
    read_waivers_file,
)
from ansible_collections.hardened.docker.plugins.plugin_utils._report_model import ReportInputError
from ansible_collections.hardened.docker.tests.fixtures.reports import sample

CATALOG = CATALOGS["1.6.0"]


def write(tmp_path, text: str) -> str:
    path = tmp_path / "waivers.yml"
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_waivers_file_documents(tmp_path):
    expected = [Waiver("2.2", "r"), Waiver("5.10", "q1", datetime.date(2026, 12, 31), "web-*")]
    text = "- {id: '2.2', reason: r}\n- {id: '5.10', reason: ' q1 ', container: web-*, expires: '2026-12-31'}\n"
    assert read_waivers_file(write(tmp_path, "waivers:\n" + text), CATALOG, "waivers_file") == expected
    assert read_waivers_file(write(tmp_path, text), CATALOG, "waivers_file") == expected
    assert read_waivers_file(write(tmp_path, ""), CATALOG, "waivers_file") == []
    assert read_waivers_file(write(tmp_path, "waivers:\n"), CATALOG, "waivers_file") == []


@pytest.mark.parametrize(
    ("text", "error"),
    [
        ("waiver: []", r": unknown top-level key\(s\) waiver; expected 'waivers:'"),
        ("waivers: '2.2'", r": 'waivers' must be a list"),
        ("waivers: [{id: '2.2', reason: r}, {id: '2.2'}]", r": waivers\[1\] \(id '2.2'\): reason is required"),
        ("waivers: [{id: 5.10, reason: r}]", r": waivers\[0\] \(id 5.1\): control id 5.1 must be a string"),
        ("waivers: [{id: '9.9', reason: r}]", r": waivers\[0\] \(id '9.9'\): unknown control id '9.9'"),
        ("waivers: [", r" is not valid YAML"),
    ],
)
def test_bad_waivers_files_name_the_file_and_item(tmp_path, text, error):
    with pytest.raises(InputError, match=r"^waivers_file: waivers file \S+/waivers.yml" + error):
        read_waivers_file(write(tmp_path, text), CATALOG, "waivers_file")


def test_unreadable_waivers_file(tmp_path):
    with pytest.raises(ReportInputError, match=r"waivers file .*/missing.yml cannot be read: No such file"):
        read_waivers_file(str(tmp_path / "missing.yml"), CATALOG, "waivers_file")
    (tmp_path / "latin1.yml").write_bytes(b"waivers: [{id: '2.2', reason: caf\xe9}]")
    with pytest.raises(ReportInputError, match="is not UTF-8 text"):
        read_waivers_file(str(tmp_path / "latin1.yml"), CATALOG, "waivers_file")


def test_report_dir_in_check_mode_is_not_created(tmp_path):
    target = tmp_path / "a" / "b"
    assert check_report_dir(str(target), "report_dir", create=False) == str(target)
    assert os.listdir(tmp_path) == []
    (tmp_path / "file").write_text("x")
    with pytest.raises(ReportInputError, match=r"report_dir: .*/file/reports is not a writable directory"):
        check_report_dir(str(tmp_path / "file" / "reports"), "report_dir", create=False)


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
