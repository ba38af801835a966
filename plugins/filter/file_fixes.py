"""The owner, group and mode to give each file of a section 3 control (host_info's ``host.files``).

Modes are only ever tightened: the target is the current mode with every bit outside the
control's mask cleared (``mode & mask``), so a mode the user made stricter stays. A file owned by
group root keeps it: root is stricter than any group a control allows (root:docker for the
socket), and the check accepts it.

``section3_mode`` does the same for a file a role writes before dockerd is configured to use it
(the tls role's certificates), from the file's stat and the mask in the control's remediation entry.
"""

from __future__ import annotations

from typing import Any

from ansible.errors import AnsibleFilterError

from ansible_collections.hardened.docker.plugins.module_utils import (  # noqa: F401  pylint: disable=unused-import
    _checks_files,  # importing it registers the section 3 file targets in REMEDIES
)
from ansible_collections.hardened.docker.plugins.module_utils._catalog import CATALOGS, DEFAULT_VERSION
from ansible_collections.hardened.docker.plugins.module_utils._file_modes import format_mode, parse_mode
from ansible_collections.hardened.docker.plugins.module_utils._registry import REMEDIES
from ansible_collections.hardened.docker.plugins.module_utils._remediation import FileTarget

KEYS = ("path", "exists", "owner", "group", "mask", "mode", "gid")


def _fix(entry: Any) -> dict[str, Any] | None:
    if not isinstance(entry, dict) or any(key not in entry for key in KEYS):
        raise AnsibleFilterError(
            f"file_fixes expects host_info's host.files entries ({', '.join(KEYS)} and uid), got {entry!r}"
        )
    if not entry["exists"]:
        return None
    try:
        mode = parse_mode(entry["mode"]) & parse_mode(entry["mask"])
    except ValueError as exc:
        raise AnsibleFilterError(f"file_fixes: {entry['path']}: {exc}") from exc
    group = entry["group"]
    return {
        "path": entry["path"],
        "owner": entry["owner"],
        # None: any group will do (a rootless daemon's own files).
        "group": None if group is None else "root" if entry["gid"] == 0 else group,
        "mode": format_mode(mode),
    }


def file_fixes(entries: Any) -> list[dict[str, Any]]:
    """[{path, owner, group, mode}] for the entries whose file exists."""
    if entries is None:
        return []
    if not isinstance(entries, list):
        raise AnsibleFilterError(f"file_fixes expects the list of one control's host.files, got {entries!r}")
    return [fix for fix in map(_fix, entries) if fix is not None]


def _mask(control_id: str, benchmark_version: str) -> int:
    """The mode mask in the remediation entry of a section 3 control."""
    control = next((c for c in CATALOGS.get(benchmark_version, ()) if c.id == control_id), None)
    target = REMEDIES.get(control.check) if control is not None else None
    if not isinstance(target, FileTarget):
        raise AnsibleFilterError(
            f"section3_mode: {control_id!r} is not a section 3 file control of benchmark {benchmark_version!r}"
        )
    return target.mask


def section3_mode(stat: Any, control_id: str, benchmark_version: str = DEFAULT_VERSION) -> str:
    """The mode a section 3 control gives a file: its mode & the control's mask, or the mask for a new file.

    stat: the ``stat`` of ansible.builtin.stat's result (``exists`` and, for a file that exists, ``mode``).
    """
    mask = _mask(control_id, benchmark_version)
    if not isinstance(stat, dict) or "exists" not in stat:
        raise AnsibleFilterError(f"section3_mode expects the stat of ansible.builtin.stat's result, got {stat!r}")
    if not stat["exists"]:
        return format_mode(mask)
    try:
        return format_mode(parse_mode(stat.get("mode")) & mask)
    except ValueError as exc:
        raise AnsibleFilterError(f"section3_mode: {stat.get('path', control_id)}: {exc}") from exc


class FilterModule:
    """Section 3 file targets."""

    def filters(self) -> dict[str, Any]:
        return {"file_fixes": file_fixes, "section3_mode": section3_mode}
