from __future__ import annotations

import pytest

from ansible_collections.hardened.docker.plugins.module_utils._audit_rules import (
    missing_perms,
    parse_rule,
    parse_rules,
    rules_for_path,
)


@pytest.mark.parametrize(
    ("line", "path", "perms", "key", "form"),
    [
        ("-w /usr/bin/dockerd -p rwxa -k docker", "/usr/bin/dockerd", "rwxa", "docker", "watch"),
        ("-w /etc/docker -k docker", "/etc/docker", "rwxa", "docker", "watch"),  # no -p: every access
        ("-w /etc/docker/ -p wa", "/etc/docker", "wa", None, "watch"),  # auditctl -l may print a trailing slash
        ("-p aw -k docker -w /run/containerd", "/run/containerd", "wa", "docker", "watch"),
        (
            "-a always,exit -F arch=b64 -S all -F path=/usr/bin/runc -F perm=wa -k docker",
            "/usr/bin/runc",
            "wa",
            "docker",
            "syscall",
        ),
        (
            "-a always,exit -S all -F path=/usr/bin/containerd -F perm=rwxa -F key=docker",  # auditctl -l form
            "/usr/bin/containerd",
            "rwxa",
            "docker",
            "syscall",
        ),
        ("-a exit,always -F dir=/var/lib/docker -F perm=wa", "/var/lib/docker", "wa", None, "syscall"),
        ("-A always,exit -F path=/etc/default/docker", "/etc/default/docker", "rwxa", None, "syscall"),
        ("  -w '/etc/my docker/daemon.json' -p wa  # quoted path", "/etc/my docker/daemon.json", "wa", None, "watch"),
    ],
)
def test_parse_rule_forms(line, path, perms, key, form):
    rule = parse_rule(line)
    assert rule is not None
    assert (rule.path, rule.perms, rule.key, rule.form) == (path, perms, key, form)


@pytest.mark.parametrize(
    "line",
    [
        "",
        "# -w /usr/bin/dockerd -k docker",
        "-D",
        "-b 8192",
        "-e 2",
        "--backlog_wait_time 60000",
        "-a never,exit -F path=/usr/bin/dockerd",  # suppresses events
        "-a always,exit -F arch=b64 -S execve",  # no path
        "-a always,exit -F path!=/usr/bin/dockerd",  # not an equality
        "-W /usr/bin/dockerd -k docker",  # removes a watch
        "-a always,task -F path=/usr/bin/dockerd",  # not the exit list
        "-w '/unterminated -k docker",
    ],
)
def test_lines_that_do_not_watch_a_path(line):
    assert parse_rule(line) is None


def test_exact_match_not_substring():
    rules = parse_rules(
        ["-w /usr/bin/containerd-shim -p wa -k docker", "-w /usr/bin/containerd-shim-runc-v2 -k docker"]
    )
    assert rules_for_path(rules, "/usr/bin/containerd") == []
    assert [r.path for r in rules_for_path(rules, "/usr/bin/containerd-shim")] == ["/usr/bin/containerd-shim"]
    assert rules_for_path(rules, "/usr/bin/containerd-shim-runc-v1") == []


def test_a_rule_for_a_longer_or_parent_path_does_not_match():
    rules = parse_rules(["-w /etc/docker -k docker", "-w /var/lib/docker/volumes -k docker"])
    assert rules_for_path(rules, "/etc/docker/daemon.json") == []
    assert rules_for_path(rules, "/var/lib/docker") == []
    assert rules_for_path(rules, "/etc/dock") == []


def test_symlinked_spellings_match_through_resolved_paths():
    rules = parse_rules(["-w /bin/runc -p wa"])
    resolved = {"/bin/runc": "/usr/bin/runc", "/usr/bin/runc": "/usr/bin/runc", "/usr/sbin/runc": "/usr/sbin/runc"}
    assert len(rules_for_path(rules, "/usr/bin/runc", resolved)) == 1
    assert rules_for_path(rules, "/usr/sbin/runc", resolved) == []
    assert rules_for_path(rules, "/usr/bin/runc") == []  # without resolution only the literal path counts


def test_missing_perms():
    rule = parse_rule("-w /usr/bin/dockerd -p x")
    assert missing_perms(rule, "wa") == "wa"
    assert missing_perms(parse_rule("-w /usr/bin/dockerd"), "wa") == ""
