"""Writing a run: directory layout, formats, host file names, the latest link."""

from __future__ import annotations

import json
import os

from ansible_collections.hardened.docker.plugins.plugin_utils import _report_files
from ansible_collections.hardened.docker.tests.fixtures.reports import sample


def test_every_format_and_the_latest_link(tmp_path):
    written = _report_files.write_reports(sample.fleet(), str(tmp_path))
    run = tmp_path / "after"
    assert written["report_dir"] == str(run)
    assert sorted(os.listdir(run)) == [
        "compliance.sarif",
        "fleet.json",
        "hosts",
        "junit.xml",
        "report.html",
        "summary.txt",
    ]
    assert sorted(os.listdir(run / "hosts")) == ["build1.json", "db1.json", "lost1.json", "web1.json", "web2.json"]
    assert written["files"]["hosts"]["web1"] == str(run / "hosts" / "web1.json")
    assert os.readlink(tmp_path / "latest") == "after"
    assert json.loads((tmp_path / "latest" / "fleet.json").read_text())["run"] == "after"
    assert (run / "summary.txt").read_text().splitlines() == written["summary_lines"]
    assert written["warnings"] == []
    assert not [name for name in os.listdir(run) if name.startswith(".tmp-")]


def test_latest_follows_the_newest_run(tmp_path):
    fleet = sample.fleet()
    _report_files.write_reports(fleet, str(tmp_path))
    fleet["run"] = "again"
    _report_files.write_reports(fleet, str(tmp_path))
    assert os.readlink(tmp_path / "latest") == "again"
    assert sorted(os.listdir(tmp_path)) == ["after", "again", "latest"]


def test_selected_formats_only_and_no_link(tmp_path):
    written = _report_files.write_reports(sample.fleet(), str(tmp_path), formats=["junit"], latest_link=False)
    assert sorted(os.listdir(tmp_path / "after")) == ["junit.xml", "summary.txt"]
    assert set(written["files"]) == {"junit", "summary"}
    assert not os.path.lexists(tmp_path / "latest")


def test_latest_that_is_a_real_directory_is_left_alone(tmp_path):
    (tmp_path / "latest").mkdir()
    written = _report_files.write_reports(sample.fleet(), str(tmp_path), formats=[])
    assert written["warnings"] == [f"{tmp_path / 'latest'} exists and is not a symlink; left it alone"]
    assert (tmp_path / "latest").is_dir() and not os.path.islink(tmp_path / "latest")


def test_host_file_names_are_safe_and_unique():
    hosts = [{"name": n} for n in ("web1", "a/b", "a_b", "A_B", "../etc", "h ö st", "")]
    assert _report_files.host_file_names(hosts) == {
        "web1": "web1.json",
        "a/b": "a_b.json",
        "a_b": "a_b-2.json",
        "A_B": "A_B-3.json",
        "../etc": "_etc.json",
        "h ö st": "h___st.json",
        "": "host.json",
    }


def test_files_follow_the_umask(tmp_path):
    old = os.umask(0o027)
    try:
        _report_files.write_text(str(tmp_path / "x.txt"), "é\n")
    finally:
        os.umask(old)
    assert (tmp_path / "x.txt").stat().st_mode & 0o777 == 0o640
    assert (tmp_path / "x.txt").read_bytes() == "é\n".encode()
