"""The owner, group and mode to give each file of a section 3 control (host_info's ``host.files``).

Modes are only ever tightened: the target is the current mode with every bit outside the
control's mask cleared (``mode & mask``), so a mode the user made stricter stays. A file owned by
group root keeps it: root is stricter than any group a control allows (root:docker for the
socket), and the check accepts it.
"""

from __future__ import annotations

from typing import Any

from ansible.errors import AnsibleFilterError

from ansible_collections.hardened.docker.plugins.module_utils._file_modes import format_mode, parse_mode

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


class FilterModule:
    """Section 3 file targets."""

    def filters(self) -> dict[str, Any]:
        return {"file_fixes": file_fixes}
