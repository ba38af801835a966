"""The image store in use and what userns-remap needs of it (Docker Engine 29 readiness)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from ansible_collections.hardened.docker.plugins.module_utils._image_store import (
    USERNS_SETTINGS,
    describe_image_store,
    engine_version,
    userns_conflicts,
    userns_plan,
    uses_snapshotter,
)

FIXTURES = Path(__file__).resolve().parents[3] / "fixtures" / "engine_info"


def info(name: str) -> dict[str, Any]:
    return json.loads((FIXTURES / f"{name}.json").read_text())


@pytest.mark.parametrize(
    "fixture, in_use, text",
    [
        ("29-containerd", True, "containerd image store (snapshotter overlayfs)"),
        ("28-containerd", True, "containerd image store (snapshotter overlayfs)"),
        ("29-overlay2", False, "graph driver overlay2"),
        ("28-overlay2", False, "graph driver overlay2"),
    ],
)
def test_image_store_from_info(fixture, in_use, text):
    assert uses_snapshotter(info(fixture)) is in_use
    assert describe_image_store(info(fixture)) == text


@pytest.mark.parametrize(
    "value, text",
    [
        (None, "image store unknown (/info not read)"),
        ({}, "image store unknown (/info not read)"),
        ({"ServerVersion": "29.0.0"}, "image store unknown (/info has no Driver)"),
    ],
)
def test_image_store_unknown_without_info(value, text):
    assert uses_snapshotter(value) is None
    assert describe_image_store(value) == text


@pytest.mark.parametrize(
    "version, expected",
    [("29.1.3", (29, 1)), ("28.5.2+dfsg3", (28, 5)), ("29.0.0-rc.2", (29, 0)), ("", None), ("master", None)],
)
def test_engine_version(version, expected):
    assert engine_version({"ServerVersion": version}) == expected


# --- userns-remap with and without the containerd image store ---------------------------------------


def test_userns_on_a_containerd_store_sets_the_feature_false():
    plan = userns_plan({}, {}, info("29-containerd"))
    assert plan.settings == USERNS_SETTINGS == {"features": {"containerd-snapshotter": False}}
    assert "containerd image store (snapshotter overlayfs)" in plan.reason


def test_userns_on_engine_28_with_the_store_turned_on_by_hand_is_a_conflict():
    config = {"features": {"containerd-snapshotter": True}}
    plan = userns_plan(config, {}, info("28-containerd"))
    assert plan.settings == {}
    assert "cannot be used with the containerd image store, which daemon.json turns on" in plan.reason
    from_flag = userns_plan({}, {"features": {"containerd-snapshotter": True}}, info("28-containerd"))
    assert "which the --feature flag turns on" in from_flag.reason


def test_userns_on_engine_29_with_a_graph_driver_still_writes_the_feature():
    # The remapped data root is fresh, so Engine 29 would pick the containerd store there.
    plan = userns_plan({}, {}, info("29-overlay2"))
    assert plan.settings == USERNS_SETTINGS
    assert plan.reason == "Engine 29.1 uses the containerd image store on a fresh data root"


def test_engine_28_default_is_a_graph_driver_and_nothing_is_added():
    plan = userns_plan({"icc": False}, {}, info("28-overlay2"))
    assert plan.settings == {}
    assert plan.reason.startswith("Engine 28.5 uses a graph driver")


def test_unknown_engine_version_writes_the_feature():
    plan = userns_plan({}, {}, {"Driver": "overlay2"})
    assert plan.settings == USERNS_SETTINGS
    assert "version is unknown" in plan.reason


@pytest.mark.parametrize(
    "config, argv, where",
    [
        ({"features": {"containerd-snapshotter": False}}, {}, "daemon.json"),
        ({}, {"features": {"containerd-snapshotter": False}}, "the --feature flag"),
    ],
)
def test_explicit_false_is_left_as_it_is(config, argv, where):
    plan = userns_plan(config, argv, info("29-containerd"))
    assert plan.settings == {}
    assert plan.reason == f"features.containerd-snapshotter is already false ({where})"


@pytest.mark.parametrize(
    "config, argv, where",
    [
        ({"userns-remap": "default", "features": {"containerd-snapshotter": True}}, {}, "daemon.json"),
        ({"userns-remap": "default"}, {"features": {"containerd-snapshotter": True}}, "the --feature flag"),
        ({"features": {"containerd-snapshotter": True}}, {"userns-remap": "dockremap"}, "daemon.json"),
    ],
)
def test_userns_with_the_feature_explicitly_on_conflicts(config, argv, where):
    [message] = userns_conflicts(config, argv)
    assert f"which {where} turns on" in message
    assert "set features.containerd-snapshotter to false, or leave userns-remap unset" in message


@pytest.mark.parametrize(
    "config",
    [
        {"userns-remap": "default", "features": {"containerd-snapshotter": False}},
        {"userns-remap": "default"},
        {"userns-remap": "", "features": {"containerd-snapshotter": True}},
        {"features": {"containerd-snapshotter": True}},
    ],
)
def test_no_conflict_without_both(config):
    assert userns_conflicts(config) == []
