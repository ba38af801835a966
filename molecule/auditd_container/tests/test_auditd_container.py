"""In a container the auditd role writes the rules and says it could not load them."""

from __future__ import annotations

import importlib.util
import os
import subprocess
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


def test_the_data_root_is_the_one_dockerd_runs_with(host):
    """Issue 14: dockerd gets --data-root from a drop-in; the rule of 1.1.5 names that data root only."""
    assert expect.dockerd_flag(host, "data-root") == "/srv/docker"
    assert host.check_output("docker info --format '{{ .DockerRootDir }}'") == "/srv/docker"
    lines = expect.rule_lines(host.file(expect.RULES_FILE).content_string)
    assert "-w /srv/docker -p rwxa -k docker" in lines
    assert not [line for line in lines if "/var/lib/docker" in line], lines
    info = host.ansible("hardened.docker.host_info", check=False, become=True)
    assert info["host"]["data_root"] == "/srv/docker"
    assert info["host"]["audit"]["audit_data_root"][0]["rules"] == ["-w /srv/docker -p rwxa -k docker"]


def test_cis_audit_sees_the_rule_for_the_real_data_root(host):
    result = host.ansible("hardened.docker.cis_audit", "ids=1.1.1,1.1.5", check=False, become=True)
    verdicts = {r["id"]: r for r in result["results"]}
    # Written, but audit rules cannot be loaded in a container: not verified in force.
    assert verdicts["1.1.5"]["status"] == "error", verdicts["1.1.5"]
    evidence = verdicts["1.1.5"]["evidence"][0]
    assert "'-w /srv/docker -p rwxa -k docker'" in evidence and "not verified in force" in evidence
    # The data root is its own mount.
    assert verdicts["1.1.1"]["status"] == "pass", verdicts["1.1.1"]
    assert "data root /srv/docker is a mount point" in verdicts["1.1.1"]["evidence"][0]


def _apply_role(host, *args: str) -> subprocess.CompletedProcess:
    """Apply the role again to this host only, as molecule does, with more ansible-playbook arguments."""
    cmd = [
        "ansible-playbook",
        "--inventory",
        os.environ["MOLECULE_INVENTORY_FILE"],
        "--limit",
        host.backend.host,
        str(Path(os.environ["MOLECULE_SCENARIO_DIRECTORY"]).parent / "auditd" / "converge.yml"),
        *args,
    ]
    env = dict(os.environ, ANSIBLE_NOCOLOR="true", ANSIBLE_FORCE_COLOR="false")
    return subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=900)


def test_a_control_tag_changes_only_the_rule_of_that_control(host):
    """--tags cis_1.1.5 with another key rewrites the rule of 1.1.5, and no other line of the file."""
    before = host.file(expect.RULES_FILE).content_string
    run = _apply_role(host, "--tags", "cis_1.1.5", "--extra-vars", "auditd_key=tagged")
    assert run.returncode == 0, run.stdout + run.stderr
    after = host.file(expect.RULES_FILE).content_string
    removed = set(before.splitlines()) - set(after.splitlines())
    added = set(after.splitlines()) - set(before.splitlines())
    assert removed == {"-w /srv/docker -p rwxa -k docker"}, (removed, added)
    assert added == {"-w /srv/docker -p rwxa -k tagged"}, (removed, added)
    assert len(after.splitlines()) == len(before.splitlines())
    run = _apply_role(host, "--tags", "cis_1.1.5")
    assert run.returncode == 0, run.stdout + run.stderr
    assert host.file(expect.RULES_FILE).content_string == before
