"""The self-contained HTML report: content, escaping, and (in headless Chromium) the status filter."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from html.parser import HTMLParser

import pytest

from ansible_collections.hardened.docker.plugins.plugin_utils import _report_html
from ansible_collections.hardened.docker.tests.fixtures.reports import sample


class Page(HTMLParser):
    """The parts of the report the tests look at, from the page source or Chromium's DOM."""

    def __init__(self, text: str):
        super().__init__(convert_charrefs=True)
        self.rows: list[dict] = []  # tr.result: status, id, hidden, host
        self.overview: dict[str, dict] = {}  # host -> {column class: text}
        self.texts: dict[str, str] = {}  # element id -> text
        self.assets: list[str] = []  # src/href values that would load something
        self.scripts = 0
        self._host = None
        self._overview_row = None
        self._cell = None
        self._capture: list = []
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "script":
            self.scripts += 1
            if "src" in a:
                self.assets.append(a["src"])
        if tag in ("img", "link", "iframe") or (tag == "a" and not (a.get("href") or "#").startswith("#")):
            self.assets.append(a.get("src") or a.get("href") or tag)
        if tag == "details" and "host" in (a.get("class") or ""):
            self._host = a["data-host"]
        if tag == "tr" and a.get("class") == "result":
            self.rows.append(
                {"status": a["data-status"], "id": a["data-id"], "hidden": "hidden" in a, "host": self._host}
            )
        if tag == "tr" and "data-host" in a:
            self._overview_row = self.overview.setdefault(a["data-host"], {})
        if tag == "td" and self._overview_row is not None:
            self._cell = (a.get("class") or "").split()
            self._capture.append(["td", ""])
        if "id" in a and a["id"] in ("filter-state", "fleet-counts", "run-meta"):
            self._capture.append([a["id"], ""])

    def handle_endtag(self, tag):
        if tag == "tr":
            self._overview_row = None
        if self._capture and tag in ("td", "span", "p"):
            name, text = self._capture.pop()
            if name == "td" and self._overview_row is not None and len(self._cell) > 1:
                self._overview_row[self._cell[1]] = text.strip()
            elif name != "td":
                self.texts[name] = text.strip()

    def handle_data(self, data):
        for item in self._capture:
            item[1] += data


def test_html_golden():
    sample.check_golden("report.html", _report_html.render(sample.fleet()))


def test_overview_lists_every_host_with_counts():
    page = Page(_report_html.render(sample.fleet()))
    assert list(page.overview) == ["web1", "web2", "db1", "build1", "lost1"]
    assert page.overview["web1"]["score"] == "28.6" and page.overview["web1"]["fail"] == "5"
    assert page.overview["web2"]["fail"] == "1" and page.overview["db1"]["fail"] == "\u2013"  # an en dash: no count
    assert page.texts["fleet-counts"].startswith("Fleet: 5 hosts (2 audited, 2 unreachable, 1 failed)")
    assert len(page.rows) == 24 and not any(row["hidden"] for row in page.rows)


def test_page_is_self_contained():
    text = _report_html.render(sample.fleet())
    page = Page(text)
    assert page.assets == []
    assert page.scripts == 1
    assert not re.search(r"(?:src|href)\s*=\s*[\"']?(?:https?:|//)", text)
    assert "@import" not in text and "url(" not in text


def test_drill_down_shows_evidence_remediation_and_waivers():
    text = _report_html.render(sample.fleet())
    assert '<details class="host" id="host-0" data-host="web1" data-status="audited">' in text
    assert '<details class="host" id="host-2" data-host="db1" data-status="unreachable" open>' in text
    assert "Remediation:</span> Set &quot;icc&quot;: false in /etc/docker/daemon.json and restart Docker." in text
    assert "Waiver:</span> CI agent builds images with docker-in-docker; ticket SEC-142 (expires 2099-12-31)" in text
    assert (
        '<div class="waiver expired"><span class="label">Waiver (expired):</span> memory limits rolled out in Q1'
        in text
    )
    assert '<section id="waivers">' in text and "2020-01-31 (expired)" in text
    assert '<section id="changes">' in text and '<span class="down">2 regressed</span>' in text
    assert '<div class="gate tripped">' in text


def test_evidence_is_escaped_in_html():
    text = _report_html.render(sample.fleet())
    text.encode("utf-8", errors="strict")
    assert "<script>alert" not in text and "</script> &" not in text
    assert text.count("<script") == 1 and text.count("</script>") == 1
    assert (
        "label=&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; [brackets] ]]&gt; &lt;/script&gt;\n"
        "second line with a byte that is not UTF-8: \\xff and an escape \\x1b[31m</li>"
    ) in text


def test_host_names_are_escaped_too():
    fleet = sample.fleet(with_baseline=False, gates=[])
    fleet["hosts"][0]["name"] = '"><img src=x onerror=alert(1)>'
    text = _report_html.render(fleet)
    assert "<img" not in text and "&quot;&gt;&lt;img src=x onerror=alert(1)&gt;" in text


def test_every_text_the_page_shows_is_escaped():
    evil = "<x onclick='a'>\"&amp;"
    fleet = sample.fleet()
    host = fleet["hosts"][0]
    old_name = host["name"]
    host["name"] = host["host"]["hostname"] = host["host"]["socket"] = evil
    fleet["comparison"]["hosts"][evil] = fleet["comparison"]["hosts"].pop(old_name)
    fleet["comparison"]["baseline"]["run"] = evil
    result = host["results"][0]
    result.update(title=evil, evidence=[evil], objects=[evil], remediation=evil, status="fail")
    result["waiver"] = {"reason": evil, "expires": evil, "expired": True}
    fleet["waivers"][0].update(reason=evil, container=evil)
    fleet["gate"]["reasons"][0].update(host=evil, detail=evil)
    fleet["section_titles"]["1"] = evil
    text = _report_html.render(fleet)
    assert "<x" not in text and "'a'" not in text
    escaped = "&lt;x onclick=&#x27;a&#x27;&gt;&quot;&amp;amp;"
    # host name (overview, details, comparison), hostname, socket, baseline run, title, evidence, objects,
    # remediation, waiver reason and expiry, waiver table, gate reason, section title (header, legend, cells)
    assert text.count(escaped) >= 18, text.count(escaped)
    assert _report_html._environment().autoescape is True


def chromium() -> str:
    for name in ("chromium", "chromium-browser"):
        path = shutil.which(name)
        if path:
            return path
    pytest.skip("headless Chromium is not installed: apt-get install -y chromium (make test installs it)")


def browse(tmp_path, url: str, *extra: str) -> str:
    command = [
        chromium(),
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--no-first-run",
        f"--user-data-dir={tmp_path / 'profile'}",
        "--window-size=1280,2400",
        *extra,
        url,
    ]
    env = {**os.environ, "HOME": str(tmp_path)}
    done = subprocess.run(command, capture_output=True, text=True, timeout=120, env=env, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout


@pytest.mark.browser
def test_chromium_renders_counts_and_filters_by_status(tmp_path):
    report = tmp_path / "report.html"
    report.write_text(_report_html.render(sample.fleet()), encoding="utf-8")
    url = report.as_uri()

    page = Page(browse(tmp_path, url, "--dump-dom"))
    assert page.overview["web1"]["fail"] == "5" and page.overview["web2"]["fail"] == "1"
    assert page.texts["filter-state"] == "Showing 24 of 24 controls"
    assert not any(row["hidden"] for row in page.rows)

    page = Page(browse(tmp_path, url + "#status=fail", "--dump-dom"))
    shown = [row for row in page.rows if not row["hidden"]]
    assert [(row["host"], row["id"]) for row in shown] == [
        ("web1", "1.1.1"),
        ("web1", "2.2"),
        ("web1", "2.10"),
        ("web1", "4.1"),
        ("web1", "5.10"),
        ("web2", "5.10"),
    ]
    assert {row["status"] for row in shown} == {"fail"}
    assert page.texts["filter-state"] == "Showing 6 of 24 controls with status fail"

    page = Page(browse(tmp_path, url + "#status=waived,error", "--dump-dom"))
    assert sorted(row["id"] for row in page.rows if not row["hidden"]) == ["1.1.3", "5.4"]

    screenshot = tmp_path / "report.png"
    browse(tmp_path, url + "#status=fail", f"--screenshot={screenshot}")
    assert screenshot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
