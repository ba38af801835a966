"""What the daemon role's safe restart puts back when Docker does not come up again.

Input is ``daemon_restart_rollback``: one ``{path, backup}`` per file the caller changed, where
``backup`` is the copy taken before the change, or null when the file did not exist before (it is
then removed). Checked here, before the restart, so that a bad entry fails with a clear message
instead of half a rollback.
"""

from __future__ import annotations

from typing import Any

from ansible.errors import AnsibleFilterError

VARIABLE = "daemon_restart_rollback"
EXAMPLE = "[{path: /etc/docker/daemon.json, backup: '{{ result.backup_file | default(none) }}'}]"


def _absolute(value: Any) -> bool:
    return isinstance(value, str) and value.startswith("/")


def restart_rollback(entries: Any) -> dict[str, Any]:
    """Split the rollback entries into {"restore": [{path, backup}], "remove": [path], "paths": [path]}."""
    if entries is None:
        entries = []
    if not isinstance(entries, list):
        raise AnsibleFilterError(f"{VARIABLE} must be a list such as {EXAMPLE}, got {type(entries).__name__}")
    restore: list[dict[str, str]] = []
    remove: list[str] = []
    paths: list[str] = []
    for index, entry in enumerate(entries):
        where = f"{VARIABLE}[{index}]"
        if not isinstance(entry, dict) or not _absolute(entry.get("path")):
            raise AnsibleFilterError(
                f"{where} must be a mapping with an absolute 'path' (and 'backup'), such as {EXAMPLE}; got {entry!r}"
            )
        unknown = sorted(set(entry) - {"path", "backup"})
        if unknown:
            raise AnsibleFilterError(f"{where} has unknown keys {', '.join(unknown)}; allowed: path, backup")
        path, backup = entry["path"], entry.get("backup")
        if path in paths:
            raise AnsibleFilterError(f"{where}: {path} is listed twice; list each changed file once")
        # "" is what `backup_file | default('')` gives for a file that was new: the same as null.
        if backup in (None, ""):
            remove.append(path)
        elif _absolute(backup):
            restore.append({"path": path, "backup": backup})
        else:
            raise AnsibleFilterError(
                f"{where}: 'backup' of {path} must be the absolute path of the copy taken before the change, "
                f"or null when the file did not exist before; got {backup!r}"
            )
        paths.append(path)
    return {"restore": restore, "remove": remove, "paths": paths}


def rollback_entries(files: Any) -> list[dict[str, Any]]:
    """The daemon_restart_rollback entries of the files a role's tasks changed.

    Each input is {path, result, existed}: the file's path, the registered result of the task that wrote it
    (with backup: true) and whether the file existed before. A file whose content changed is put back from its
    backup; one that did not exist before is removed. An unchanged file, or one whose owner or mode alone changed
    (no backup is taken then), needs nothing.
    """
    if not isinstance(files, list):
        raise AnsibleFilterError(
            f"rollback_entries takes a list of {{path, result, existed}}, got {type(files).__name__}"
        )
    entries: list[dict[str, Any]] = []
    for index, item in enumerate(files):
        if (
            not isinstance(item, dict)
            or not _absolute(item.get("path"))
            or not isinstance(item.get("result", {}), dict)
        ):
            raise AnsibleFilterError(f"rollback_entries[{index}] must be {{path, result, existed}}; got {item!r}")
        result = item.get("result") or {}
        if not result.get("changed"):
            continue
        backup = result.get("backup_file")
        if backup:
            entries.append({"path": item["path"], "backup": backup})
        elif not item.get("existed", True):
            entries.append({"path": item["path"], "backup": None})
        # Changed without a backup although it existed: only its owner or mode changed, its content is the same.
    return entries


class FilterModule:
    """Rollback planning for the safe restart."""

    def filters(self) -> dict[str, Any]:
        return {"restart_rollback": restart_rollback, "rollback_entries": rollback_entries}
