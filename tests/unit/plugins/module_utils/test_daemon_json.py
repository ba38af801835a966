from __future__ import annotations

import json
from pathlib import Path

from ansible_collections.hardened.docker.plugins.module_utils._daemon_json import merge_settings, remove_keys

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
