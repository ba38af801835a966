"""JUnit XML: one testsuite per host, one testcase per control, read back with junitparser."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from junitparser import Error, Failure, JUnitXml, Skipped

from ansible_collections.hardened.docker.plugins.plugin_utils import _report_junit
from ansible_collections.hardened.docker.tests.fixtures.reports import sample


def parsed(tmp_path, fleet=None):
    path = tmp_path / "junit.xml"
    path.write_text(_report_junit.render(fleet or sample.fleet()), encoding="utf-8")
    return JUnitXml.fromfile(str(path))


def suites(xml):
    return {suite.name: suite for suite in xml}


def test_junit_golden():
    sample.check_golden("junit.xml", _report_junit.render(sample.fleet()))


def test_one_suite_per_host_with_counts(tmp_path):
    xml = parsed(tmp_path)
    by_name = suites(xml)
    assert list(by_name) == ["web1", "web2", "db1", "build1", "lost1"]
    web1 = by_name["web1"]
    assert (web1.tests, web1.failures, web1.errors, web1.skipped) == (12, 5, 1, 4)
    assert len(list(web1)) == 12
    web2 = by_name["web2"]
    assert (web2.tests, web2.failures, web2.errors, web2.skipped) == (12, 1, 0, 3)
    assert (xml.tests, xml.failures, xml.errors, xml.skipped) == (27, 6, 4, 7)
    props = {p.name: p.value for p in web1.properties()}
    assert props == {
        "status": "audited",
        "benchmark_version": "1.6.0",
        "docker_version": "27.5.1",
        "rootless": "false",
        "socket": "/run/docker.sock",
        "score": "28.6",
    }


def test_testcases_carry_status_evidence_and_reasons(tmp_path):
    cases = {case.name.split()[0]: case for case in suites(parsed(tmp_path))["web1"]}
    assert cases["2.2"].name == "2.2 Inter-container traffic on the default bridge is off"
    assert cases["2.2"].classname == "cis_docker.web1.section2"
    failure = cases["2.2"].result[0]
    assert isinstance(failure, Failure)
    assert failure.message == "daemon.json icc=true (/etc/docker/daemon.json)"
    assert failure.type == "fail"
    assert "Evidence:\n  daemon.json icc=true" in failure.text
    assert "Objects:\n  /etc/docker/daemon.json" in failure.text
    assert 'Remediation: Set "icc": false in /etc/docker/daemon.json' in failure.text
    assert cases["2.14"].is_passed
    waived = cases["5.4"].result[0]
    assert isinstance(waived, Skipped)
    assert waived.message == "waived: CI agent builds images with docker-in-docker; ticket SEC-142 (expires 2099-12-31)"
    assert cases["4.5"].result[0].message.startswith("manual: needs a person to check: DOCKER_CONTENT_TRUST")
    assert cases["7.1"].result[0].message == "skipped: not selected for this audit"
    expired = cases["5.10"].result[0]
    assert (
        isinstance(expired, Failure)
        and "Waiver (EXPIRED): memory limits rolled out in Q1 (expires 2020-01-31)" in expired.text
    )
    assert isinstance(cases["1.1.3"].result[0], Error)
    na = {case.name.split()[0]: case for case in suites(parsed(tmp_path))["web2"]}["3.1"].result[0]
    assert na.message == "not_applicable: rootless daemon: the docker.service unit is a user unit"


def test_hosts_that_were_not_audited_are_errors(tmp_path):
    by_name = suites(parsed(tmp_path))
    for name, kind in (("db1", "unreachable"), ("build1", "failed"), ("lost1", "unreachable")):
        suite = by_name[name]
        assert (suite.tests, suite.errors) == (1, 1)
        (case,) = list(suite)
        assert case.name == "audit"
        error = case.result[0]
        assert isinstance(error, Error) and error.type == kind
    assert "Connection timed out" in next(iter(by_name["db1"])).result[0].message


def test_evidence_is_escaped_in_xml(tmp_path):
    text = _report_junit.render(sample.fleet())
    root = ET.fromstring(text.encode("utf-8"))  # well-formed
    assert "<script>" not in text and "\x1b" not in text
    failure = root.find("./testsuite[@name='web1']/testcase[@classname='cis_docker.web1.section4']/failure")
    assert failure is not None
    assert (
        failure.get("message")
        == 'container evil (3f2a1b2c3d4e) Config.User="" label=<script>alert("x")</script> & [brackets] ]]> </script>'
    )
    assert '<script>alert("x")</script> & [brackets] ]]> </script>\n    second line' in failure.text
    assert "not UTF-8: \\xff and an escape \\x1b[31m" in failure.text


def test_newlines_survive_in_attributes():
    fleet = sample.fleet()
    fleet["hosts"][2]["message"] = 'line one\nline "two" <b>'
    root = ET.fromstring(_report_junit.render(fleet).encode("utf-8"))
    error = root.find("./testsuite[@name='db1']/testcase/error")
    assert error.get("message") == 'line one\nline "two" <b>'
