"""The self-contained HTML report: content, escaping, page data, and (in headless Chromium) the lazy host rows,
the controls-across-hosts view and the status filter."""

from __future__ import annotations

import json
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
        self.controls: list[dict] = []  # tr.control of the controls view: id and counts
        self.control_hosts: list[dict] = []  # the expanded host lists: status -> host names
        self.open_hosts: list[str] = []  # details.host that are open
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
            if "open" in a:
                self.open_hosts.append(a["data-host"])
        if tag == "tr" and a.get("class") == "control":
            counts = {k[5:]: int(v) for k, v in a.items() if k[5:] in ("fail", "error", "waived", "pass")}
            self.controls.append({"id": a["data-id"], **counts})
        if tag == "tr" and a.get("class") == "control-hosts":
            self.control_hosts.append({})
        if tag == "p" and (a.get("class") or "").startswith("hosts-") and self.control_hosts:
            self._capture.append(["hosts:" + a["class"][6:], ""])
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
        if self._capture and self._capture[-1][0].startswith("hosts:") and tag != "p":
            return
        if self._capture and tag in ("td", "span", "p"):
            name, text = self._capture.pop()
            if name == "td" and self._overview_row is not None and len(self._cell) > 1:
                self._overview_row[self._cell[1]] = text.strip()
            elif name.startswith("hosts:"):
                self.control_hosts[-1][name[6:]] = text.split()[1:]
            elif name != "td":
                self.texts[name] = text.strip()

    def handle_data(self, data):
        for item in self._capture:
            item[1] += data


def test_html_golden():
    sample.check_golden("report.html", _report_html.render(sample.fleet()))


def split(text: str) -> tuple[str, dict, str]:
    """The page's markup, its embedded data (parsed) and its script."""
    head, rest = text.split('<script type="application/json" id="report-data">', 1)
    data, script = rest.split("</script>", 1)
    return head, json.loads(data), script


def test_overview_lists_every_host_with_counts():
    text = _report_html.render(sample.fleet())
    page = Page(text)
    assert list(page.overview) == ["web1", "web2", "db1", "build1", "lost1"]
    assert page.overview["web1"]["score"] == "28.6" and page.overview["web1"]["fail"] == "5"
    assert page.overview["web2"]["fail"] == "1" and page.overview["db1"]["fail"] == "\u2013"  # an en dash: no count
    assert page.texts["fleet-counts"].startswith("Fleet: 5 hosts (2 audited, 2 unreachable, 1 failed)")
    # Host rows are not in the markup: the script builds them from the data when a host is opened.
    assert page.rows == [] and page.open_hosts == ["db1", "build1", "lost1"]
    data = split(text)[1]
    assert data["hosts"] == ["web1", "web2", "db1", "build1", "lost1"]
    assert [len(rows) for rows in data["results"]] == [12, 12, 0, 0, 0]


def test_controls_across_hosts_counts_hosts_per_status():
    page = Page(_report_html.render(sample.fleet()))
    counts = {c["id"]: c for c in page.controls}
    assert list(counts)[:3] == ["1.1.1", "1.1.3", "2.2"]
    assert counts["5.10"] == {"id": "5.10", "fail": 2, "error": 0, "waived": 0, "pass": 0}
    assert counts["2.2"]["fail"] == 1 and counts["2.2"]["pass"] == 1
    assert counts["5.4"]["waived"] == 1 and counts["1.1.3"]["error"] == 1
    rows = _report_html.control_rows(sample.fleet())
    assert sum(sum(r["counts"].values()) for r in rows) == 24


def test_page_is_self_contained():
    text = _report_html.render(sample.fleet())
    page = Page(text)
    assert page.assets == []
    assert page.scripts == 2  # the page data (JSON, not run) and the inline script
    assert not re.search(r"(?:src|href)\s*=\s*[\"']?(?:https?:|//)", text)
    assert "@import" not in text and "url(" not in text


def test_page_data_carries_evidence_remediation_and_waivers_once():
    text = _report_html.render(sample.fleet())
    assert '<details class="host" id="host-0" data-host="web1" data-index="0" data-status="audited">' in text
    assert '<details class="host" id="host-2" data-host="db1" data-index="2" data-status="unreachable" open>' in text
    data = split(text)[1]
    controls = {c[0]: c for c in data["controls"]}
    assert controls["2.2"][3] == 'Set "icc": false in /etc/docker/daemon.json and restart Docker.'
    web1 = {data["controls"][r[0]][0]: r for r in data["results"][0]}
    assert data["statuses"][web1["5.4"][1]] == "waived"
    assert web1["5.4"][4] == ["CI agent builds images with docker-in-docker; ticket SEC-142", "2099-12-31", False]
    assert web1["5.10"][4] == ["memory limits rolled out in Q1", "2020-01-31", True]
    assert web1["4.1"][3] == ["container evil (3f2a1b2c3d4e)", "image app:1.2"]
    assert all(len(r) == 5 for rows in data["results"] for r in rows)  # remediation is per control, not per row
    assert '<section id="waivers">' in text and "2020-01-31 (expired)" in text
    assert '<section id="changes">' in text and '<span class="down">2 regressed</span>' in text
    assert '<div class="gate tripped">' in text


def test_a_result_remediation_that_differs_from_the_control_is_kept():
    fleet = sample.fleet()
    fleet["hosts"][1]["results"][0]["remediation"] = "something host-specific"
    data = split(_report_html.render(fleet))[1]
    assert data["results"][1][0][5] == "something host-specific"
    assert all(len(r) == 5 for r in data["results"][0])


def test_evidence_is_escaped_in_html():
    text = _report_html.render(sample.fleet())
    text.encode("utf-8", errors="strict")
    assert "<script>alert" not in text and "</script> &" not in text
    assert text.count("<script") == 2 and text.count("</script>") == 2
    data = split(text)[1]
    evidence = {data["controls"][r[0]][0]: r[2] for r in data["results"][0]}["4.1"]
    assert (
        'label=<script>alert("x")</script> & [brackets] ]]> </script>\n'
        "second line with a byte that is not UTF-8: \\xff and an escape \\x1b[31m"
    ) in evidence[0]


def test_host_names_are_escaped_too():
    fleet = sample.fleet(with_baseline=False, gates=[])
    fleet["hosts"][0]["name"] = '"><img src=x onerror=alert(1)>'
    text = _report_html.render(fleet)
    assert "<img" not in text and "&quot;&gt;&lt;img src=x onerror=alert(1)&gt;" in text
    assert split(text)[1]["hosts"][0] == '"><img src=x onerror=alert(1)>'


def test_every_text_the_page_shows_is_escaped():
    evil = "<x onclick='a'>\"&amp;<!--</script>"
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
    head, data, script = split(text)
    assert "<x" not in head and "'a'" not in head and "<x" not in text and "<!--" not in text
    escaped = "&lt;x onclick=&#x27;a&#x27;&gt;&quot;&amp;amp;&lt;!--&lt;/script&gt;"
    # host name (overview, details, comparison), hostname, socket, baseline run, title (controls view, twice),
    # waiver table, gate reason, section title (header, legend, cells)
    assert head.count(escaped) >= 14, head.count(escaped)
    # In the data, the same text is JSON with <, > and & as \u escapes: it cannot end the script element.
    raw = text.split('id="report-data">', 1)[1].split("</script>", 1)[0]
    assert "<" not in raw and ">" not in raw and "&" not in raw
    first = data["results"][0][0]
    assert data["hosts"][0] == evil and data["controls"][first[0]][1] == evil
    assert first[2] == [evil] and first[3] == [evil] and first[4] == [evil, evil, True]
    assert data["controls"][first[0]][3] == evil  # the first host's remediation is the control's
    assert "innerHTML" not in script and "insertAdjacentHTML" not in script and "document.write" not in script
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
def test_chromium_renders_hosts_on_demand_sorts_controls_and_filters_by_status(tmp_path):
    report = tmp_path / "report.html"
    report.write_text(_report_html.render(sample.fleet()), encoding="utf-8")
    url = report.as_uri()

    # Collapsed: no host row is built, the controls view is there in catalog order.
    page = Page(browse(tmp_path, url, "--dump-dom"))
    assert page.overview["web1"]["fail"] == "5" and page.overview["web2"]["fail"] == "1"
    assert page.texts["filter-state"] == "Showing 24 of 24 controls"
    assert page.rows == [] and page.open_hosts == ["db1", "build1", "lost1"]
    assert [c["id"] for c in page.controls][:4] == ["1.1.1", "1.1.3", "2.2", "2.10"]

    # A host opened by its link gets its rows, built from the data, text shown as text.
    dom = browse(tmp_path, url + "#host-1", "--dump-dom")
    page = Page(dom)
    assert page.open_hosts[0] == "web2" and {row["host"] for row in page.rows} == {"web2"} and len(page.rows) == 12
    dom = browse(tmp_path, url + "#host-0", "--dump-dom")
    page = Page(dom)
    assert len(page.rows) == 12 and page.scripts == 2  # evidence with <script> did not become an element
    assert 'label=&lt;script&gt;alert("x")&lt;/script&gt; &amp; [brackets]' in dom
    assert 'Remediation:</span> Set "icc": false in /etc/docker/daemon.json and restart Docker.' in dom
    assert "Waiver (expired):</span> memory limits rolled out in Q1 (expires 2020-01-31)" in dom

    # Sorted by failing hosts (ties in catalog order), and a control expanded to its hosts.
    page = Page(browse(tmp_path, url + "#sort=fail&control=5.10", "--dump-dom"))
    order = [c["id"] for c in page.controls]
    assert order[:6] == ["5.10", "1.1.1", "2.2", "2.10", "4.1", "1.1.3"], order
    assert page.control_hosts == [{"fail": ["web1", "web2"]}]
    page = Page(browse(tmp_path, url + "#sort=title", "--dump-dom"))
    # localeCompare's order, which differs from code-point order: "DOCKER_CONTENT_TRUST" before "docker.service".
    by_title = ["5.10", "4.1", "2.14", "1.1.1", "4.5", "3.1", "1.1.3", "6.1", "2.2", "5.4", "7.1", "2.10"]
    assert [c["id"] for c in page.controls] == by_title

    page = Page(browse(tmp_path, url + "#status=fail", "--dump-dom"))
    assert [(row["host"], row["id"]) for row in page.rows] == [
        ("web1", "1.1.1"),
        ("web1", "2.2"),
        ("web1", "2.10"),
        ("web1", "4.1"),
        ("web1", "5.10"),
        ("web2", "5.10"),
    ]
    assert {row["status"] for row in page.rows} == {"fail"}
    assert page.texts["filter-state"] == "Showing 6 of 24 controls with status fail"

    page = Page(browse(tmp_path, url + "#status=waived,error", "--dump-dom"))
    assert sorted(row["id"] for row in page.rows) == ["1.1.3", "5.4"]

    screenshot = tmp_path / "report.png"
    browse(tmp_path, url + "#status=fail", f"--screenshot={screenshot}")
    assert screenshot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
