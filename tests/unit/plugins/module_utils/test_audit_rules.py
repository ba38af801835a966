from __future__ import annotations

import pytest

from ansible_collections.hardened.docker.plugins.module_utils._audit_rules import (
    missing_perms,
    parse_rule,
    parse_rules,
    watch_of,
)


def watcher(lines: list[str], path: str, resolved: dict[str, str] | None = None) -> str | None:
    """The text of the rule that watches `path` for writes and attribute changes, or None."""
    rule = watch_of(parse_rules(lines), path, "wa", resolved).rule
    return rule.text if rule else None


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
    lines = ["-w /usr/bin/containerd-shim -p wa -k docker", "-w /usr/bin/containerd-shim-runc-v2 -k docker"]
    assert watcher(lines, "/usr/bin/containerd") is None
    assert watcher(lines, "/usr/bin/containerd-shim") == lines[0]
    assert watcher(lines, "/usr/bin/containerd-shim-runc-v1") is None


@pytest.mark.parametrize("path", ["/etc/docker/daemon.json", "/var/lib/docker", "/etc/dock", "/var/lib/dockerd"])
def test_a_rule_for_a_longer_or_parent_path_does_not_match(path):
    assert watcher(["-w /etc/docker -k docker", "-w /var/lib/docker/volumes -k docker"], path) is None


@pytest.mark.parametrize("path", ["/var/lib/docker/x", "/var/lib/dockerd", "/var/lib"])
def test_a_data_root_rule_watches_only_the_data_root(path):
    lines = ["-a always,exit -F dir=/var/lib/docker -F perm=wa -k docker"]
    assert watcher(lines, "/var/lib/docker") == lines[0]
    assert watcher(lines, path) is None


def test_symlinked_spellings_match_through_resolved_paths():
    resolved = {"/bin/runc": "/usr/bin/runc", "/usr/bin/runc": "/usr/bin/runc", "/usr/sbin/runc": "/usr/sbin/runc"}
    assert watcher(["-w /bin/runc -p wa"], "/usr/bin/runc", resolved) == "-w /bin/runc -p wa"
    assert watcher(["-w /bin/runc -p wa"], "/usr/sbin/runc", resolved) is None
    assert watcher(["-w /bin/runc -p wa"], "/usr/bin/runc") is None  # without resolution only the literal path counts


def test_missing_perms():
    rule = parse_rule("-w /usr/bin/dockerd -p x")
    assert missing_perms(rule, "wa") == "wa"
    assert missing_perms(parse_rule("-w /usr/bin/dockerd"), "wa") == ""


# -- what the kernel does with a rule ---------------------------------------------------------------


@pytest.mark.parametrize(
    "line",
    [
        "-w /usr/bin/dockerd -p wa -k docker",
        "-w /usr/bin/dockerd -k docker",  # no -p: every access
        "-a always,exit -F path=/usr/bin/dockerd -F perm=wa -k docker",
        "-a exit,always -F path=/usr/bin/dockerd -F perm=war -k docker",
        "-a always,exit -S all -F path=/usr/bin/dockerd -F perm=rwxa -F key=docker",  # auditctl -l form
        "-a always,exit -F arch=b64 -F path=/usr/bin/dockerd -F perm=wa -F key=docker",
        "-a always,exit -F path=/usr/bin/dockerd -k docker",  # no perm: every access
    ],
)
def test_rules_that_watch_a_path(line):
    assert watcher([line], "/usr/bin/dockerd") == line


@pytest.mark.parametrize(
    ("line", "why"),
    [
        ("-a always,exit -F arch=b64 -S openat -F path=/usr/bin/dockerd -F perm=wa -k docker", "-S openat"),
        ("-a always,exit -S chmod,fchmod -F path=/usr/bin/dockerd -k docker", "-S chmod,fchmod"),
        ("-a always,exit -F path=/usr/bin/dockerd -F perm=wa -F uid=0 -k docker", "-F uid=0"),
        ("-a always,exit -F path=/usr/bin/dockerd -F perm=wa -F auid>=1000 -k docker", "-F auid>=1000"),
        ("-a always,exit -F path=/usr/bin/dockerd -F perm=wa -F euid=0", "-F euid=0"),
        ("-a always,exit -F path=/usr/bin/dockerd -F perm=wa -F egid=0", "-F egid=0"),
        ("-a always,exit -F path=/usr/bin/dockerd -F perm=wa -F exe=/usr/bin/vi", "-F exe=/usr/bin/vi"),
        ("-a always,exit -F path=/usr/bin/dockerd -F perm=wa -C uid!=euid", "-C uid!=euid"),
        ("-w /usr/bin/dockerd -p wa -F auid!=4294967295", "-F auid!=4294967295"),
        ("-a always,exit -F path=/usr/bin/dockerd -F perm=r -k docker", "does not record 'wa'"),
        ("-a always,exit -F path=/usr/bin/dockerd -F perm=w -k docker", "does not record 'a'"),
    ],
)
def test_narrowed_or_partial_rules_are_not_a_watch(line, why):
    got = watch_of(parse_rules([line]), "/usr/bin/dockerd", "wa")
    assert got.rule is None
    assert len(got.problems) == 1 and why in got.problems[0], got.problems


CIS_170_DATA_ROOT = [
    "-a exit,always -F path=/var/lib/docker -F perm=war -k docker",
    "-a never,exit -F dir=/var/lib/docker/overlay2 -k docker",
    "-a never,exit -F dir=/var/lib/docker/volumes -k docker",
]


def test_cis_170_data_root_form_with_never_rules_is_a_watch():
    assert watcher(CIS_170_DATA_ROOT, "/var/lib/docker") == CIS_170_DATA_ROOT[0]
    # the never-rules do what they are for: nothing under overlay2 counts as watched
    assert watcher([*CIS_170_DATA_ROOT, "-w /var/lib/docker/overlay2 -k docker"], "/var/lib/docker/overlay2") is None


@pytest.mark.parametrize(
    "never",
    [
        "-a never,exit -F path=/var/lib/docker",  # the path itself, wherever it stands
        "-a never,exit -F dir=/var/lib/docker",
    ],
)
def test_never_rule_for_the_path_itself_means_not_watched(never):
    for lines in ([never, CIS_170_DATA_ROOT[0]], [CIS_170_DATA_ROOT[0], never]):
        got = watch_of(parse_rules(lines), "/var/lib/docker", "wa")
        assert got.rule is None
        assert got.problems == (f"never-rule '{never}' suppresses the events of /var/lib/docker",)


def test_never_rule_for_a_directory_above_counts_only_before_the_watch():
    never = "-a never,exit -F dir=/var/lib -k quiet"
    assert watcher([never, "-w /var/lib/docker -p wa"], "/var/lib/docker") is None
    assert watcher(["-w /var/lib/docker -p wa", never], "/var/lib/docker") == "-w /var/lib/docker -p wa"
    # -A puts a rule first, wherever it is written
    assert watcher(["-w /var/lib/docker -p wa", "-A never,exit -F dir=/var/lib"], "/var/lib/docker") is None


def test_arch_pairs_are_a_watch():
    lines = [
        "-a always,exit -F arch=b64 -S all -F path=/usr/bin/runc -F perm=wa -F key=docker",
        "-a always,exit -F arch=b32 -S all -F path=/usr/bin/runc -F perm=wa -F key=docker",
    ]
    assert watcher(lines, "/usr/bin/runc") == lines[0]
    assert watcher(lines, "/usr/bin/runc-dev") is None
