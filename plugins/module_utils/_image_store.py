# Private to the hardened.docker collection: not a public API, may change without notice.
"""Which image store dockerd uses, and what userns-remap needs of it.

dockerd keeps images either in a graph driver (overlay2, ...) or in containerd's
image store (a snapshotter such as overlayfs). Engine 29 made the containerd
image store the default on a fresh data root, and the containerd image store
cannot be used with userns-remap (moby#47377).
"""

from __future__ import annotations

from typing import Any, NamedTuple

SNAPSHOTTER_FEATURE = "containerd-snapshotter"
# moby daemon/containerd/service.go LayerStoreStatus: DriverStatus [["driver-type", "io.containerd.snapshotter.v1"]]
SNAPSHOTTER_DRIVER_TYPE = "io.containerd.snapshotter.v1"
# moby daemon/image_store_choice.go determineImageStoreChoice: containerd by default from Engine 29 on Linux.
CONTAINERD_DEFAULT_SINCE = (29, 0)
USERNS_SETTINGS = {"features": {SNAPSHOTTER_FEATURE: False}}


def uses_snapshotter(info: dict[str, Any] | None) -> bool | None:
    """Whether the running daemon uses the containerd image store (from /info), None when /info is missing."""
    if not info:
        return None
    for pair in info.get("DriverStatus") or []:
        if isinstance(pair, (list, tuple)) and len(pair) == 2 and pair[0] == "driver-type":
            return pair[1] == SNAPSHOTTER_DRIVER_TYPE
    # A graph driver reports its own DriverStatus (overlay2: "Backing Filesystem", ...), never driver-type.
    return False if info.get("Driver") else None


def describe_image_store(info: dict[str, Any] | None) -> str:
    """'containerd image store (snapshotter overlayfs)', 'graph driver overlay2', or why it is unknown."""
    if not info:
        return "image store unknown (/info not read)"
    driver = info.get("Driver") or ""
    snapshotter = uses_snapshotter(info)
    if snapshotter:
        return f"containerd image store (snapshotter {driver or 'unknown'})"
    if snapshotter is False:
        return f"graph driver {driver}"
    return "image store unknown (/info has no Driver)"


def engine_version(info: dict[str, Any] | None) -> tuple[int, int] | None:
    """(major, minor) of /info ServerVersion, None when missing or not a version."""
    parts = str((info or {}).get("ServerVersion") or "").split(".")
    if len(parts) < 2 or not parts[0].isdigit() or not parts[1].split("-")[0].isdigit():
        return None
    return int(parts[0]), int(parts[1].split("-")[0])


def snapshotter_setting(config: dict[str, Any], argv_settings: dict[str, Any] | None) -> tuple[bool | None, str]:
    """The explicit containerd-snapshotter feature (a --feature flag or daemon.json) and where it is set."""
    for source, where in ((argv_settings or {}, "the --feature flag"), (config, "daemon.json")):
        features = source.get("features")
        if isinstance(features, dict) and isinstance(features.get(SNAPSHOTTER_FEATURE), bool):
            return features[SNAPSHOTTER_FEATURE], where
    return None, ""


def _userns_remap(config: dict[str, Any], argv_settings: dict[str, Any] | None) -> bool:
    return bool((argv_settings or {}).get("userns-remap") or config.get("userns-remap"))


def _conflict(where: str) -> str:
    return (
        f"userns-remap cannot be used with the containerd image store, which {where} turns on "
        f"(features.{SNAPSHOTTER_FEATURE}: true): set features.{SNAPSHOTTER_FEATURE} to false, or leave "
        "userns-remap unset"
    )


def userns_conflicts(config: dict[str, Any], argv_settings: dict[str, Any] | None = None) -> list[str]:
    """userns-remap together with features.containerd-snapshotter: true, which dockerd cannot honour."""
    enabled, where = snapshotter_setting(config, argv_settings)
    # moby daemon/command/daemon_linux.go disableC8dSnapshotterOnUsernsRemap: Engine 29 overrides it with a
    # warning; earlier engines use the containerd image store with userns-remap, and builds break (moby#47377).
    return [_conflict(where)] if enabled and _userns_remap(config, argv_settings) else []


class UsernsPlan(NamedTuple):
    settings: dict[str, Any]  # daemon.json keys to write together with userns-remap
    reason: str


def userns_plan(
    config: dict[str, Any], argv_settings: dict[str, Any] | None, info: dict[str, Any] | None
) -> UsernsPlan:
    """What to write with userns-remap so that dockerd keeps the graph driver, decided as dockerd decides.

    determineImageStoreChoice (moby daemon/image_store_choice.go): an explicit features.containerd-snapshotter
    wins; otherwise containerd is the default from Engine 29 unless the data root already holds a graph
    driver or storage-driver names one. userns-remap moves the data root to a fresh <uid>.<gid> directory;
    Engine 29 turns the feature off itself (disableC8dSnapshotterOnUsernsRemap), and writing it down keeps
    daemon.json saying what dockerd does.
    """
    enabled, where = snapshotter_setting(config, argv_settings)
    if enabled is False:
        return UsernsPlan({}, f"features.{SNAPSHOTTER_FEATURE} is already false ({where})")
    if enabled:
        return UsernsPlan({}, _conflict(where))
    store = describe_image_store(info)
    if uses_snapshotter(info):
        return UsernsPlan(USERNS_SETTINGS, f"the daemon uses the {store}")
    version = engine_version(info)
    if version is None:
        # dockerd reads features as a free map[string]bool (moby daemon/config): a name it does not use is ignored.
        return UsernsPlan(USERNS_SETTINGS, f"the Engine version is unknown ({store})")
    shown = f"Engine {version[0]}.{version[1]}"
    if version >= CONTAINERD_DEFAULT_SINCE:
        return UsernsPlan(USERNS_SETTINGS, f"{shown} uses the containerd image store on a fresh data root")
    return UsernsPlan({}, f"{shown} uses a graph driver unless features.{SNAPSHOTTER_FEATURE} is true ({store})")
