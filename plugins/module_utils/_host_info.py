# Private to the hardened.docker collection: not a public API, may change without notice.
"""What the roles need to know about a Docker host, and the fix of each control, from one HostState.

``describe`` is pure: it reads a HostState (``_host_state.gather``) through the
same AuditContext the checks use, and the remediation entries registered with
the checks (``_registry.REMEDIES``), so a role applies exactly what the check
looks for. The result is the ``host`` value of the host_info module.
"""

from __future__ import annotations

import copy
from typing import Any, Callable, Iterable

from ansible_collections.hardened.docker.plugins.module_utils import _checks_daemon, _checks_files, _checks_host
from ansible_collections.hardened.docker.plugins.module_utils._catalog import Control
from ansible_collections.hardened.docker.plugins.module_utils._context import ENGINE_BINARIES, AuditContext
from ansible_collections.hardened.docker.plugins.module_utils._dockerd_args import CONFIG_FILE_KEY
from ansible_collections.hardened.docker.plugins.module_utils._file_modes import format_mode
from ansible_collections.hardened.docker.plugins.module_utils._image_store import uses_snapshotter
from ansible_collections.hardened.docker.plugins.module_utils._registry import REMEDIES
from ansible_collections.hardened.docker.plugins.module_utils._remediation import (
    AuditTarget,
    DaemonSettings,
    FileTarget,
)
from ansible_collections.hardened.docker.plugins.module_utils._results import CheckError

# Importing these registers the remediation entries of sections 1 to 3 (_registry.REMEDIES).
CHECK_MODULES = (_checks_host, _checks_daemon, _checks_files)
SUBID_FILES = ("/etc/subuid", "/etc/subgid")
UNITS = ("docker.service", "docker.socket")
# Where a distribution installs the user units of rootless Docker (docker-ce-rootless-extras).
SYSTEM_USER_UNIT_DIR = "/usr/lib/systemd/user"


def parse_subids(text: str) -> list[dict[str, Any]]:
    """/etc/subuid or /etc/subgid lines NAME:START:COUNT; malformed lines are left out."""
    ranges = []
    for line in text.splitlines():
        fields = line.strip().split(":")
        if len(fields) == 3 and fields[0] and fields[1].isdigit() and fields[2].isdigit():
            ranges.append({"name": fields[0], "start": int(fields[1]), "count": int(fields[2])})
    return ranges


def read_subids(paths: Iterable[str] = SUBID_FILES) -> dict[str, list[dict[str, Any]] | None]:
    """Each file's ranges: [] when the file does not exist, None when it cannot be read."""
    found: dict[str, list[dict[str, Any]] | None] = {}
    for path in paths:
        try:
            with open(path, encoding="utf-8", errors="replace") as handle:
                found[path] = parse_subids(handle.read())
        except FileNotFoundError:
            found[path] = []
        except OSError:
            found[path] = None
    return found


def extra_paths(state: dict[str, Any]) -> list[str]:
    """Paths describe() looks at beyond the checks' own: the system's user units of a rootless daemon."""
    if not AuditContext(state).rootless:
        return []
    return [f"{SYSTEM_USER_UNIT_DIR}/{unit}" for unit in UNITS]


def _quiet(value: Callable[[], Any], default: Any = None) -> Any:
    """A value that needs an input the host state may lack (CheckError): `default` then."""
    try:
        return value()
    except CheckError:
        return default


def _engine(ctx: AuditContext) -> dict[str, Any]:
    reachable = not ctx.engine_error
    return {
        "version": ctx.version.get("Version") if reachable else None,
        "api_version": ctx.version.get("ApiVersion") if reachable else None,
        "reachable": reachable,
        "error": ctx.engine_error,
        "info": ctx.info if reachable else {},
    }


def _daemon_json(ctx: AuditContext) -> dict[str, Any]:
    record = ctx.state.get("daemon_json") or {}
    return {
        "path": ctx.daemon_json_path(),
        "exists": bool(record.get("exists")),
        "config": record.get("content") if isinstance(record.get("content"), dict) else {},
        "error": record.get("error"),
    }


def _units(ctx: AuditContext) -> dict[str, str | None]:
    """The unit files the daemon runs from: the user's own or the system's user units when rootless."""
    found: dict[str, str | None] = {}
    for unit in UNITS:
        if ctx.rootless:
            candidates = [ctx.rootless_unit_path(unit), f"{SYSTEM_USER_UNIT_DIR}/{unit}"]
            found[unit] = next((p for p in candidates if p and _quiet(lambda p=p: ctx.exists(p), False)), None)
        else:
            found[unit] = _quiet(lambda unit=unit: ctx.unit_file(unit))
    return found


def _image_store(info: dict[str, Any]) -> str:
    snapshotter = uses_snapshotter(info)
    return "unknown" if snapshotter is None else "snapshotter" if snapshotter else "graphdriver"


def _audit_entry(ctx: AuditContext, target: AuditTarget, key: str, perms: str) -> tuple[list[dict[str, Any]], str]:
    path, note = target.locate(ctx)
    if path is None:
        return [], note
    # A watch on a symlink does not see the file behind it: the rule names the real location.
    resolved = ctx.resolved_paths()
    real = resolved.get(path, path)
    excluded = [resolved.get(d, d) for d in target.excluded(ctx)] if target.excluded else []
    rules, loaded = target.rules(real, key, perms, excluded)
    entry = {"path": real, "exists": True, "rules": rules, "loaded": loaded, "found_as": path if path != real else None}
    return [entry], ""


def _file_entry(ctx: AuditContext, target: FileTarget) -> tuple[list[dict[str, Any]], str]:
    paths, reason = target.locate(ctx)
    entries = []
    for path in paths:
        stat = ctx.stat(path)
        uid, gids, _text = _checks_files.expected_owner(ctx, path, target.docker_group)
        owner = "root" if uid == 0 else (ctx.state.get("rootless") or {}).get("user") or uid
        group = None if not gids else "docker" if gids[0] != 0 else "root"
        entries.append(
            {
                "path": path,
                "exists": stat is not None,
                "owner": owner,
                "group": group,
                "mask": format_mode(target.mask),
                "mode": (stat or {}).get("mode"),
                "uid": (stat or {}).get("uid"),
                "gid": (stat or {}).get("gid"),
            }
        )
    return entries, "" if any(e["exists"] for e in entries) else reason


def _remediations(
    ctx: AuditContext, catalog: Iterable[Control], key: str, perms: str
) -> tuple[dict[str, Any], dict[str, Any], dict[str, Any], dict[str, str]]:
    """The fixes by the control's stable key, so that a role's lookups mean one control in every version."""
    audit: dict[str, Any] = {}
    files: dict[str, Any] = {}
    settings: dict[str, Any] = {}
    notes: dict[str, str] = {}
    for control in catalog:
        remedy = REMEDIES.get(control.check)
        if isinstance(remedy, DaemonSettings):
            settings[control.key] = copy.deepcopy(remedy.settings)
            continue
        if not isinstance(remedy, (AuditTarget, FileTarget)):
            continue
        into = audit if isinstance(remedy, AuditTarget) else files
        try:
            if isinstance(remedy, AuditTarget):
                into[control.key], note = _audit_entry(ctx, remedy, key, perms)
            else:
                into[control.key], note = _file_entry(ctx, remedy)
        except CheckError as exc:
            into[control.key], note = [], str(exc)
        if note:
            notes[control.key] = note
    return audit, files, settings, notes


def describe(
    state: dict[str, Any],
    catalog: Iterable[Control],
    subids: dict[str, Any],
    audit_key: str = "docker",
    audit_perms: str = "rwxa",
) -> dict[str, Any]:
    """The host_info module's `host` for one HostState, with the fixes of `catalog`'s controls by key."""
    ctx = AuditContext(state)
    audit, files, settings, notes = _remediations(ctx, catalog, audit_key, audit_perms)
    group = state.get("docker_group") or {}
    cfg = ctx.cfg
    return {
        "engine": _engine(ctx),
        "daemon_json": _daemon_json(ctx),
        "effective_config": {**cfg.json, **{k: v for k, v in cfg.flags.items() if k != CONFIG_FILE_KEY}},
        "data_root": _quiet(lambda: ctx.data_root()[0]),
        "exec_root": _quiet(ctx.exec_root),
        "units": _units(ctx),
        "docker_socket": ctx.socket,
        "containerd_socket": _quiet(lambda: ctx.containerd_socket()[0]),
        "binaries": {name: _quiet(lambda name=name: ctx.installed_binary(name)[0]) for name in ENGINE_BINARIES},
        "docker_group": {
            "exists": bool(group.get("exists")),
            "gid": group.get("gid"),
            "members": list(group.get("members") or []),
        },
        "subids": subids,
        "image_store": _image_store(ctx.info if not ctx.engine_error else {}),
        "rootless": {"enabled": ctx.rootless, "uid": ctx.rootless_uid, "home": ctx.rootless_home},
        "audit": audit,
        "files": files,
        "daemon_settings": settings,
        "notes": notes,
    }
