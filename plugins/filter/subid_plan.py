"""Plan /etc/subuid and /etc/subgid ranges for users (the daemon role's remap user, the rootless role's users).

Input is host_info's ``host.subids`` (the files as they are before anything changes); nothing is
written here. Each user gets, per file, either the range it already has (``keep``) or a new one
(``set``): an explicit start, checked against every other range, or the next free start above the
highest end of every other range (aligned, and at least ``minimum``). Problems with the user
entries and overlaps come back as messages that name the variable, so that the role can fail
before it changes anything.
"""

from __future__ import annotations

import re
from typing import Any, Dict

from ansible.errors import AnsibleFilterError

KINDS = ("subuid", "subgid")
# A Docker user namespace maps 65536 IDs: a smaller range cannot start a daemon.
MIN_COUNT = 65536
ENTRY_KEYS = ("name", "subuid_start", "subgid_start", "subid_count")
NAME = re.compile(r"^[a-z_][a-z0-9_.-]*[$]?$", re.IGNORECASE)

Range = Dict[str, Any]


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _ranges(subids: Any) -> dict[str, list[Range]]:
    """The ranges of each file as {kind: [{owner, start, count}]}; a file that could not be read stops the plan."""
    if not isinstance(subids, dict):
        raise AnsibleFilterError(
            "subid_plan expects host_info's host.subids (a mapping of /etc/subuid and /etc/subgid to their "
            f"ranges), got {type(subids).__name__}"
        )
    found: dict[str, list[Range]] = {}
    for kind in KINDS:
        path = f"/etc/{kind}"
        entries = subids.get(path, [])
        if entries is None:
            raise AnsibleFilterError(
                f"{path} could not be read on this host (host_info returned null for it), so no subordinate ID "
                "range can be planned without risking an overlap; make it readable by root and run again"
            )
        if not isinstance(entries, list) or not all(
            isinstance(e, dict) and "name" in e and _is_int(e.get("start")) and _is_int(e.get("count")) for e in entries
        ):
            raise AnsibleFilterError(
                f"subid_plan: host.subids['{path}'] must be a list of {{name, start, count}} mappings "
                f"(start and count integers), got {entries!r}"
            )
        found[kind] = [{"owner": str(e["name"]), "start": e["start"], "count": e["count"]} for e in entries]
    return found


def _entries(users: Any, variable: str) -> tuple[list[dict[str, Any]], list[str]]:
    """Normalise the user list (a name or a mapping per user) and say what is wrong with it."""
    if not isinstance(users, list):
        raise AnsibleFilterError(f"{variable} must be a list of user names or mappings, got {type(users).__name__}")
    entries: list[dict[str, Any]] = []
    errors: list[str] = []
    for index, user in enumerate(users):
        entry = dict(user) if isinstance(user, dict) else {"name": user}
        where = f"{variable}[{index}]"
        name = entry.get("name")
        if not isinstance(name, str) or not NAME.match(name):
            errors.append(f"{where}: 'name' must be a user name, got {'nothing' if name is None else name}")
            continue
        unknown = sorted(set(entry) - set(ENTRY_KEYS))
        if unknown:
            errors.append(f"{where} (user {name}): unknown keys {', '.join(unknown)}; allowed: {', '.join(ENTRY_KEYS)}")
        for key in ENTRY_KEYS[1:]:
            value = entry.get(key)
            if value is None:
                continue
            if not _is_int(value) or value < 1:
                errors.append(f"{where} (user {name}): {key} must be a positive integer, got {value}")
            elif key == "subid_count" and value < MIN_COUNT:
                errors.append(
                    f"{where} (user {name}): subid_count must be at least {MIN_COUNT} "
                    f"(a user namespace maps {MIN_COUNT} ids), got {value}"
                )
        if any(e["name"] == name for e in entries):
            errors.append(f"{where}: user {name} is listed twice")
        entries.append(entry)
    return entries, errors


def _explicit_start(entry: dict[str, Any], kind: str) -> int | None:
    # subgid_start defaults to subuid_start: most users want the same numbers in both files.
    start = entry.get(f"{kind}_start")
    return entry.get("subuid_start") if start is None else start


def _owner_keys(name: str, passwd: dict[str, Any]) -> set[str]:
    """A range belongs to a user by name or by uid (getent passwd rows: [password, uid, gid, ...])."""
    row = passwd.get(name) or []
    return {name} | ({str(row[1])} if len(row) > 1 else set())


def subid_plan(
    subids: Any,
    users: Any,
    count: int = MIN_COUNT,
    minimum: int = 100000,
    align: int = 65536,
    keep_existing: bool = False,
    same_start: bool = False,
    passwd: dict[str, Any] | None = None,
    variable: str = "users",
) -> dict[str, Any]:
    """Plan a subuid and a subgid range for each user.

    count: range size of a user without subid_count; minimum: lowest start allocated;
    align: allocated starts are multiples of it; keep_existing: a user's existing range wins over
    an explicit start (otherwise the explicit start replaces it); same_start: an allocated range
    starts at the same ID in both files (free in both); passwd: getent passwd, so that ranges
    owned by a user's uid count as that user's; variable: the name used in messages.

    Returns {"errors": [...], "entries": [...], "plan": {name: {kind: {action, start, count, line,
    overlaps, free}}}}: overlaps name the other ranges an explicit start hits ("/etc/subuid
    bob:100000:65536"), free (on set ranges) is the start an allocation would have used.
    """
    entries, errors = _entries(users, variable)
    plan: dict[str, dict[str, Range]] = {entry["name"]: {} for entry in entries}
    if errors:
        return {"errors": errors, "entries": entries, "plan": plan}
    ranges = _ranges(subids)
    keys = {entry["name"]: _owner_keys(entry["name"], passwd or {}) for entry in entries}
    ours = set().union(*keys.values())
    # What a new range must avoid: every range nobody of ours owns, then ours as they are kept or planned.
    taken = {kind: [r for r in ranges[kind] if r["owner"] not in ours] for kind in KINDS}

    def size(entry: dict[str, Any]) -> int:
        return entry.get("subid_count") or count

    def free_starts() -> dict[str, int]:
        def free(kinds: tuple[str, ...]) -> int:
            highest = max([minimum] + [r["start"] + r["count"] for kind in kinds for r in taken[kind]])
            return -(-highest // align) * align

        return {kind: free(KINDS if same_start else (kind,)) for kind in KINDS}

    def assign(entry: dict[str, Any], kind: str, start: int, overlaps: list[str], free: int) -> None:
        name, length = entry["name"], size(entry)
        taken[kind].append({"owner": name, "start": start, "count": length})
        plan[name][kind] = {
            "action": "set",
            "start": start,
            "count": length,
            "line": f"{name}:{start}:{length}",
            "overlaps": overlaps,
            "free": free,
        }

    # 1. Existing ranges that stay.
    for kind in KINDS:
        for entry in entries:
            own = [r for r in ranges[kind] if r["owner"] in keys[entry["name"]]]
            if own and (keep_existing or _explicit_start(entry, kind) is None):
                taken[kind].extend(own)
                first = own[0]
                plan[entry["name"]][kind] = {
                    "action": "keep",
                    "start": first["start"],
                    "count": first["count"],
                    "line": f"{first['owner']}:{first['start']}:{first['count']}",
                    "overlaps": [],
                }
    # 2. Explicit starts, before any allocation, so that allocations go around them.
    aligned = f"{align}-aligned " if align > 1 else ""
    for entry in entries:
        name, free = entry["name"], free_starts()
        for kind in KINDS:
            start = _explicit_start(entry, kind)
            if kind in plan[name] or start is None:
                continue
            path, end = f"/etc/{kind}", start + size(entry)
            clashes = [r for r in taken[kind] if start < r["start"] + r["count"] and r["start"] < end]
            errors.extend(
                f"{variable}: the {kind} range {start}-{end - 1} of user {name} overlaps {other['owner']}'s range "
                f"{other['start']}-{other['start'] + other['count'] - 1} in {path}. Fix: set {kind}_start of {name} "
                f"to a free range (the next free {aligned}start is {free[kind]}), or leave it unset so that "
                "the role allocates one"
                for other in clashes
            )
            assign(entry, kind, start, [f"{path} {r['owner']}:{r['start']}:{r['count']}" for r in clashes], free[kind])
    # 3. Everyone else: the next free start above every range planned so far.
    for entry in entries:
        free = free_starts()
        for kind in KINDS:
            if kind not in plan[entry["name"]]:
                assign(entry, kind, free[kind], [], free[kind])
    return {"errors": errors, "entries": entries, "plan": plan}


class FilterModule:
    """Subordinate ID range planning."""

    def filters(self) -> dict[str, Any]:
        return {"subid_plan": subid_plan}
