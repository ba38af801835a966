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
