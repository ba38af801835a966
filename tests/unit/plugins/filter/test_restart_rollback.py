from __future__ import annotations

import pytest
from ansible.errors import AnsibleFilterError

from ansible_collections.hardened.docker.plugins.filter.restart_rollback import (
    FilterModule,
    restart_rollback,
    rollback_entries,
)


def test_is_registered_as_a_filter():
    assert FilterModule().filters() == {"restart_rollback": restart_rollback, "rollback_entries": rollback_entries}


def test_backed_up_files_are_restored_and_new_files_removed():
    entries = [
        {"path": "/etc/docker/daemon.json", "backup": "/etc/docker/daemon.json.123.2026-12-02@17:00:00~"},
        {"path": "/etc/systemd/system/docker.service.d/tls.conf", "backup": None},
        {"path": "/etc/docker/tls/key.pem"},
        {"path": "/etc/docker/tls/cert.pem", "backup": ""},
    ]
    assert restart_rollback(entries) == {
        "restore": [{"path": "/etc/docker/daemon.json", "backup": "/etc/docker/daemon.json.123.2026-12-02@17:00:00~"}],
        "remove": [
            "/etc/systemd/system/docker.service.d/tls.conf",
            "/etc/docker/tls/key.pem",
            "/etc/docker/tls/cert.pem",
        ],
        "paths": [
            "/etc/docker/daemon.json",
            "/etc/systemd/system/docker.service.d/tls.conf",
            "/etc/docker/tls/key.pem",
            "/etc/docker/tls/cert.pem",
        ],
    }


@pytest.mark.parametrize("entries", [None, []])
def test_nothing_to_roll_back(entries):
    assert restart_rollback(entries) == {"restore": [], "remove": [], "paths": []}


@pytest.mark.parametrize(
    ("entries", "message"),
    [
        ("/etc/docker/daemon.json", r"daemon_restart_rollback must be a list such as \[\{path:"),
        (["/etc/docker/daemon.json"], r"daemon_restart_rollback\[0\] must be a mapping with an absolute 'path'"),
        ([{"backup": "/tmp/x"}], r"daemon_restart_rollback\[0\] must be a mapping with an absolute 'path'"),
        ([{"path": "etc/docker/daemon.json"}], "absolute 'path'"),
        ([{"path": "/etc/docker/daemon.json", "bakup": None}], r"\[0\] has unknown keys bakup; allowed: path, backup"),
        ([{"path": "/a", "backup": None}, {"path": "/a", "backup": None}], r"\[1\]: /a is listed twice"),
        ([{"path": "/a", "backup": True}], "'backup' of /a must be the absolute path of the copy"),
        ([{"path": "/a", "backup": "a.bak"}], "or null when the file did not exist before; got 'a.bak'"),
    ],
)
def test_bad_entries_fail_before_the_restart(entries, message):
    with pytest.raises(AnsibleFilterError, match=message):
        restart_rollback(entries)


def test_rollback_entries_of_changed_files():
    files = [
        {
            "path": "/etc/docker/daemon.json",
            "result": {"changed": True, "backup_file": "/etc/docker/daemon.json.1~"},
            "existed": True,
        },
        {"path": "/etc/systemd/system/docker.service.d/tls.conf", "result": {"changed": True}, "existed": False},
        {"path": "/etc/docker/tls/ca.pem", "result": {"changed": True}, "existed": True},
        {"path": "/etc/docker/tls/cert.pem", "result": {"changed": False}, "existed": True},
        {"path": "/etc/docker/tls/key.pem", "result": {}, "existed": False},
    ]
    assert rollback_entries(files) == [
        {"path": "/etc/docker/daemon.json", "backup": "/etc/docker/daemon.json.1~"},
        {"path": "/etc/systemd/system/docker.service.d/tls.conf", "backup": None},
    ]
    assert restart_rollback(rollback_entries(files))["remove"] == ["/etc/systemd/system/docker.service.d/tls.conf"]


@pytest.mark.parametrize(
    "files", ["x", [{"path": "etc/docker/daemon.json", "result": {}}], [{"path": "/a", "result": "x"}], [None]]
)
def test_rollback_entries_refuse_a_malformed_input(files):
    with pytest.raises(AnsibleFilterError, match="rollback_entries"):
        rollback_entries(files)
