"""The auditd role in a real kernel: rules in force, exactly; events logged with the key."""

from __future__ import annotations

import time

import auditd_expect as expect

SECTION_1_1 = [f"1.1.{n}" for n in range(3, 19)]


def loaded_rules(host) -> list[str]:
    return expect.rule_lines(host.check_output("auditctl -l"))


def test_audit_is_enabled_and_mutable(host):
    assert "enabled 1" in host.check_output("auditctl -s").splitlines()
    assert host.service("auditd").is_running
    assert host.service("auditd").is_enabled


def test_rules_file_holds_exactly_the_rules_for_the_paths_that_exist(host):
    expect.assert_rules_file_is_exact(host)


def test_loaded_rules_are_exactly_the_expected_rules(host):
    _, listed = expect.expected(host)
    loaded = loaded_rules(host)
    assert len(loaded) == len(set(loaded))
    assert set(loaded) == listed


def test_a_symlinked_binary_is_audited_at_its_real_location(host):
    # Debian ships runc in /usr/sbin with a /usr/bin/runc symlink: a watch on
    # the symlink would not see runc being run or replaced.
    assert host.file("/usr/bin/runc").is_symlink
    loaded = loaded_rules(host)
    assert f"-w /usr/sbin/runc -p rwxa -k {expect.KEY}" in loaded
    assert not [rule for rule in loaded if rule.startswith("-w /usr/bin/runc ")]


def test_auditd_conf_settings_are_applied(host):
    conf = host.file("/etc/audit/auditd.conf").content_string.splitlines()
    assert "max_log_file = 16" in conf
    assert "num_logs = 4" in conf
    assert host.service("auditd").is_running


def _events(host, action: str, *filters: str, timeout: float = 30) -> str:
    """Run action, then poll the audit log until events with the key (and filters) since then show up."""
    # ausearch -ts takes the date and the time as two arguments, in the locale's format.
    since = host.check_output("LC_ALL=C date +'%x %T'")
    host.check_output(action)
    search = f"LC_ALL=C ausearch --input-logs -i -k {expect.KEY} -ts {since} {' '.join(filters)}"
    deadline = time.monotonic() + timeout
    # auditd writes its log asynchronously.
    while (result := host.run(search)).rc != 0 and time.monotonic() < deadline:
        time.sleep(1)
    return result.stdout


def test_changing_daemon_json_is_logged_with_the_key(host):
    events = _events(host, "touch /etc/docker/daemon.json", "-f", "/etc/docker/daemon.json")
    assert "name=/etc/docker/daemon.json" in events
    assert f"key={expect.KEY}" in events
    assert "exe=/usr/bin/touch" in events


def test_docker_info_logs_dockerd_running_runc(host):
    # /info makes dockerd run `runc --version`: the exec of the watched binary
    # is logged. (`docker ps` is answered from memory and logs nothing.)
    events = _events(host, "docker info", "-x", "/usr/sbin/runc")
    assert "syscall=execve" in events
    assert f"key={expect.KEY}" in events


def _verdicts(host) -> dict:
    result = host.ansible("hardened.docker.cis_audit", "sections=1", check=False, become=False)
    return {r["id"]: r for r in result["results"] if r["id"] in SECTION_1_1}


def test_cis_audit_passes_every_control_whose_path_exists(host):
    verdicts = _verdicts(host)
    assert sorted(verdicts) == sorted(SECTION_1_1)
    # Only config files that Debian's docker.io may not ship can be missing; /etc/sysconfig is RedHat's.
    absent = {i for i, v in verdicts.items() if v["status"] == "not_applicable"}
    assert "1.1.13" in absent
    assert absent <= {"1.1.10", "1.1.12", "1.1.13"}, {i: verdicts[i]["evidence"] for i in absent}
    others = {i: v["status"] for i, v in verdicts.items() if i not in absent}
    assert set(others.values()) == {"pass"}, {i: verdicts[i]["evidence"] for i, s in others.items() if s != "pass"}


def test_a_containerd_shim_rule_does_not_count_for_containerd(host):
    rule = f"-w /usr/bin/containerd -p rwxa -k {expect.KEY}"
    host.check_output("auditctl -W /usr/bin/containerd -p rwxa -k %s", expect.KEY)
    try:
        verdicts = _verdicts(host)
    finally:
        host.check_output("auditctl " + rule)
    assert verdicts["1.1.14"]["status"] == "fail", verdicts["1.1.14"]
    assert verdicts["1.1.15"]["status"] == "pass", verdicts["1.1.15"]
    assert rule in loaded_rules(host)


def test_the_data_root_of_the_flag_on_its_own_mount_passes_1_1_1_and_1_1_5(host):
    # prepare.yml starts dockerd with --data-root /srv/docker (a tmpfs); daemon.json names no data root.
    assert expect.data_root(host) == "/srv/docker"
    assert f"-w /srv/docker -p rwxa -k {expect.KEY}" in loaded_rules(host)
    assert not [rule for rule in loaded_rules(host) if rule.startswith("-w /var/lib/docker ")]
    result = host.ansible("hardened.docker.cis_audit", "sections=1", check=False, become=False)
    verdicts = {r["id"]: r for r in result["results"]}
    assert verdicts["1.1.1"]["status"] == "pass", verdicts["1.1.1"]
    assert verdicts["1.1.5"]["status"] == "pass", verdicts["1.1.5"]


def test_the_cis_170_data_root_rules_are_a_watch_as_the_kernel_lists_them(host):
    # CIS 1.7.0's form for the data root, with never-rules that leave out overlay2 and volumes.
    root = expect.data_root(host)
    watch = f"-w {root} -p rwxa -k {expect.KEY}"
    cis = [
        f"-a exit,always -F path={root} -F perm=war -k {expect.KEY}",
        f"-a never,exit -F dir={root}/overlay2 -k {expect.KEY}",
        f"-a never,exit -F dir={root}/volumes -k {expect.KEY}",
    ]
    never = f"-A never,exit -F dir={root.rsplit('/', 1)[0]} -k {expect.KEY}"
    host.check_output("auditctl " + watch.replace("-w ", "-W ", 1))
    try:
        for rule in cis:
            host.check_output("auditctl " + rule)
        passing = _verdicts(host)["1.1.5"]
        host.check_output("auditctl " + never)
        try:
            failing = _verdicts(host)["1.1.5"]
        finally:
            host.check_output("auditctl " + never.replace("-A ", "-d ", 1))
    finally:
        for rule in cis:
            host.run("auditctl " + rule.replace("-a ", "-d ", 1))
        host.check_output("auditctl " + watch)
    assert passing["status"] == "pass", (passing, loaded_rules(host))
    assert failing["status"] == "fail", failing
    assert watch in loaded_rules(host)
