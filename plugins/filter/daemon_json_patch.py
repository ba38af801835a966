"""Collect the daemon.json changes of a role's controls as the daemon_config module takes them.

Each control's fix is a JSON merge patch (RFC 7396): host_info's ``host.daemon_settings`` (the
catalog's remediation entries), where null removes a key. The role applies the patches one after
the other to ``{settings, remove}``, the daemon_config module's options (``remove`` is applied
before ``settings`` are merged), so that the patches compose as if applied in turn: a key removed
and then set is replaced as a whole. ``fill`` puts the role's variables in place of the values the
benchmark gives as an example (log-opts, ulimits, plugins); it may only name keys of the patch, so
that a role and its catalog entry cannot drift apart unnoticed.
"""

from __future__ import annotations

import copy
from typing import Any

from ansible.errors import AnsibleFilterError


def _apply(settings: dict[str, Any], remove: list[str], patch: dict[str, Any], prefix: str) -> None:
    for key, value in patch.items():
        dotted = f"{prefix}{key}"
        if value is None:
            settings.pop(key, None)
            if dotted not in remove:
                remove.append(dotted)
        elif isinstance(value, dict):
            # Settings are merged into the file's object, so the nested nulls must be removals too.
            created = not isinstance(settings.get(key), dict)
            if created:
                settings[key] = {}
            _apply(settings[key], remove, value, f"{dotted}.")
            if created and not settings[key]:
                del settings[key]
        else:
            # A key removed earlier stays in remove: remove, then set, replaces it as a later patch would.
            settings[key] = copy.deepcopy(value)


def daemon_json_patch(changes: Any, patch: Any, fill: Any = None) -> dict[str, Any]:
    """Apply `patch` (with `fill` in place of its example values) to {settings, remove}; a new mapping is returned."""
    if not isinstance(changes, dict) or not isinstance(changes.get("settings", {}), dict):
        raise AnsibleFilterError(f"daemon_json_patch expects {{settings: {{}}, remove: []}} to add to, got {changes!r}")
    if not isinstance(patch, dict):
        raise AnsibleFilterError(
            f"daemon_json_patch: a daemon.json patch is a mapping of keys to values (null removes a key), got {patch!r}"
        )
    fill = fill or {}
    if not isinstance(fill, dict):
        raise AnsibleFilterError(f"daemon_json_patch: fill must be a mapping, got {fill!r}")
    unknown = sorted(set(fill) - set(patch))
    if unknown:
        raise AnsibleFilterError(
            f"daemon_json_patch: fill sets {', '.join(unknown)}, which the control's remediation entry "
            f"({', '.join(sorted(patch)) or 'empty'}) does not name: the role and the catalog disagree"
        )
    settings = copy.deepcopy(changes.get("settings") or {})
    remove = list(changes.get("remove") or [])
    _apply(settings, remove, {**patch, **fill}, "")
    return {"settings": settings, "remove": remove}


class FilterModule:
    """daemon.json merge patches."""

    def filters(self) -> dict[str, Any]:
        return {"daemon_json_patch": daemon_json_patch}
