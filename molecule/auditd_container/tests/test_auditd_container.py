"""In a container the auditd role writes the rules and says it could not load them."""

from __future__ import annotations

import importlib.util
from pathlib import Path

_spec = importlib.util.spec_from_file_location(
    "auditd_expect", Path(__file__).resolve().parents[2] / "auditd" / "tests" / "auditd_expect.py"
)
expect = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(expect)


def test_the_kernel_audit_interface_is_not_reachable_here(host):
    # What the scenario is about: auditctl cannot talk to the kernel in a container.
    assert host.run("auditctl -s").rc != 0


def test_rules_file_holds_exactly_the_rules_for_the_paths_that_exist(host):
    expect.assert_rules_file_is_exact(host)


def test_rules_name_real_paths_only(host):
    for line in expect.rule_lines(host.file(expect.RULES_FILE).content_string):
        path = line.split()[1] if line.startswith("-w ") else line.split("path=")[1].split()[0]
        assert expect.real(host, path) == path, line


def test_the_play_said_it_could_not_load_the_rules(host):
    report = expect.converge_report(host)
    assert report["audit_state"] == "unavailable"
    assert report["reboot_required"] is False
    assert "could not load the audit rules" in report["load_report"]
    assert expect.RULES_FILE in report["load_report"]


def test_cis_audit_never_passes_section_1_1_from_the_rule_files(host):
    # The rules are written but cannot be in force here: each control whose path exists says so.
    result = host.ansible("hardened.docker.cis_audit", "sections=1", check=False, become=True)
    verdicts = {r["id"]: r for r in result["results"] if r["id"] in [f"1.1.{n}" for n in range(3, 19)]}
    assert len(verdicts) == 16
    wrong = {
        i: (v["status"], v["evidence"][:1])
        for i, v in verdicts.items()
        if v["status"] != "not_applicable"
        and not (v["status"] == "error" and "which is not verified in force" in v["evidence"][0])
    }
    assert not wrong, wrong
    assert verdicts["1.1.3"]["status"] == "error"
    assert verdicts["1.1.8"]["evidence"][0].startswith("auditctl -l failed: ")
