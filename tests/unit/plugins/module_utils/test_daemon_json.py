from __future__ import annotations

import json
import os
import stat
from pathlib import Path

import pytest

from ansible_collections.hardened.docker.plugins.module_utils._daemon_json import backup, merge_settings, remove_keys

FIXTURES = Path(__file__).resolve().parents[3] / "fixtures" / "daemon"


def fixture_json(name):
    return json.loads((FIXTURES / name).read_text())


# --------------------------------------------------------------------------
# merge_settings / remove_keys
# --------------------------------------------------------------------------


def test_merge_keeps_user_keys_and_order():
    current = fixture_json("user-keys.json")
    merged = merge_settings(current, {"icc": False, "log-opts": {"max-file": "3"}, "data-root": "/var/lib/docker"})
    assert list(merged) == [*current, "icc"]
    assert merged["registry-mirrors"] == ["https://mirror.lab.example"]
    assert merged["data-root"] == "/var/lib/docker"
    assert merged["log-opts"] == {"max-size": "50m", "labels": "production_status", "max-file": "3"}
    assert current["log-opts"] == {"max-size": "50m", "labels": "production_status"}  # not mutated


def test_merge_replaces_lists_and_scalars():
    merged = merge_settings(
        {"registry-mirrors": ["https://a"], "log-opts": "x", "icc": True},
        {"registry-mirrors": ["https://b"], "log-opts": {"max-size": "1m"}, "icc": False},
    )
    assert merged == {"registry-mirrors": ["https://b"], "log-opts": {"max-size": "1m"}, "icc": False}


def test_merge_nested_features_and_ulimits():
    merged = merge_settings(
        {"features": {"buildkit": True}, "default-ulimits": {"nofile": {"Name": "nofile", "Soft": 1, "Hard": 2}}},
        {"features": {"cdi": True}, "default-ulimits": {"nproc": {"Name": "nproc", "Soft": 5, "Hard": 5}}},
    )
    assert merged["features"] == {"buildkit": True, "cdi": True}
    assert set(merged["default-ulimits"]) == {"nofile", "nproc"}


def test_merged_value_is_a_copy():
    settings = {"log-opts": {"max-size": "1m"}}
    merged = merge_settings({}, settings)
    merged["log-opts"]["max-size"] = "2m"
    assert settings == {"log-opts": {"max-size": "1m"}}


def test_remove_keys_top_level_nested_and_missing():
    current = fixture_json("hardened.json")
    result = remove_keys(current, ["icc", "log-opts.max-file", "no-such-key", "log-opts.nothing"])
    assert "icc" not in result
    assert result["log-opts"] == {"max-size": "10m"}
    assert "icc" in current  # not mutated


def test_remove_keys_drops_emptied_objects():
    result = remove_keys({"log-opts": {"max-size": "1m"}, "icc": False}, ["log-opts.max-size"])
    assert result == {"icc": False}


def test_remove_keys_with_dots_in_nested_keys_and_tuples():
    current = {
        "default-network-opts": {"bridge": {"com.docker.network.driver.mtu": "1400", "x": "1"}},
        "features": {"containerd-snapshotter": True},
    }
    result = remove_keys(current, ["default-network-opts.bridge.com.docker.network.driver.mtu"])
    assert result["default-network-opts"] == {"bridge": {"x": "1"}}
    result = remove_keys(current, [("features", "containerd-snapshotter")])
    assert "features" not in result


# -- backup ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("mode", [0o666, 0o644, 0o600, 0o400])
def test_backup_is_0600_whatever_the_originals_mode(tmp_path, mode):
    path = tmp_path / "daemon.json"
    path.write_bytes(b'{"icc": false}\n')
    path.chmod(mode)
    copy = Path(backup(str(path)))
    assert copy.parent == tmp_path
    assert copy.name.startswith(f"daemon.json.{os.getpid()}.") and copy.name.endswith("~")
    assert copy.read_bytes() == b'{"icc": false}\n'
    assert stat.S_IMODE(copy.stat().st_mode) == 0o600
    assert copy.stat().st_uid == os.geteuid()
    assert stat.S_IMODE(path.stat().st_mode) == mode  # the original is left as it is


def test_backup_is_0600_under_any_umask(tmp_path):
    path = tmp_path / "daemon.json"
    path.write_text("{}")
    old = os.umask(0o277)
    try:
        copy = Path(backup(str(path)))
    finally:
        os.umask(old)
    assert stat.S_IMODE(copy.stat().st_mode) == 0o600


def test_backups_in_the_same_second_do_not_collide(tmp_path):
    path = tmp_path / "daemon.json"
    path.write_text('{"a": 1}')
    first = backup(str(path))
    path.write_text('{"a": 2}')
    second = backup(str(path))
    assert first != second
    assert Path(first).read_text() == '{"a": 1}'


def test_backup_of_a_missing_file_leaves_nothing(tmp_path):
    with pytest.raises(FileNotFoundError):
        backup(str(tmp_path / "daemon.json"))
    assert list(tmp_path.iterdir()) == []
