from __future__ import annotations

import pytest

from ansible_collections.hardened.docker.plugins.module_utils._effective_config import (
    EffectiveConfig,
    daemon_json_problem,
    format_value,
)
from ansible_collections.hardened.docker.plugins.module_utils._results import CheckError

JSON = {
    "path": "/etc/docker/daemon.json",
    "exists": True,
    "content": {"icc": False, "log-level": "warn"},
    "error": None,
}


def test_flags_and_daemon_json_merge_with_their_sources():
    cfg = EffectiveConfig(JSON, {"argv": ["/usr/sbin/dockerd", "-H", "fd://", "--userland-proxy=false"]})
    assert cfg.get("icc").value is False
    assert cfg.get("icc").text == "daemon.json icc=false (/etc/docker/daemon.json)"
    assert cfg.get("userland-proxy").value is False
    assert cfg.get("userland-proxy").text == "dockerd flag sets userland-proxy=false"
    assert cfg.get("hosts").value == ["fd://"]
    assert cfg.get("live-restore", False).source == "default"
    assert (
        cfg.get("live-restore", False).text == "live-restore is not set in daemon.json or dockerd flags (default false)"
    )
    assert cfg.notes() == []


def test_without_a_running_dockerd_only_daemon_json_counts():
    cfg = EffectiveConfig(JSON, {"pid": None, "argv": None, "error": "no dockerd running as uid 0"})
    assert cfg.get("log-level").value == "warn"
    assert cfg.notes() == ["dockerd's flags are unknown (no dockerd running as uid 0): only daemon.json was read"]


def test_flags_that_were_not_understood_are_noted():
    cfg = EffectiveConfig(JSON, {"argv": ["dockerd", "--no-such-flag", "--icc=false"]})
    assert cfg.get("icc").value is False
    assert cfg.notes() == ["dockerd flags not understood (not evaluated): --no-such-flag"]


def test_unparsable_daemon_json_makes_dependent_lookups_fail_but_flags_still_answer():
    record = {"path": "/etc/docker/daemon.json", "exists": True, "content": None, "error": "Expecting ',' delimiter"}
    record.update(line=3, column=5)
    cfg = EffectiveConfig(record, {"argv": ["dockerd", "--icc=false"]})
    assert cfg.get("icc").value is False
    with pytest.raises(CheckError, match=r"/etc/docker/daemon.json is not valid JSON: line 3 column 5"):
        cfg.get("live-restore")


def test_daemon_json_problem_texts():
    assert daemon_json_problem({"path": "/x.json", "error": None}) is None
    assert (
        daemon_json_problem({"path": "/x.json", "error": "Permission denied"})
        == "cannot use /x.json: Permission denied"
    )


@pytest.mark.parametrize(
    ("value", "text"), [(True, "true"), ("info", "info"), (["a", "b"], '["a","b"]'), (None, "null")]
)
def test_format_value(value, text):
    assert format_value(value) == text
