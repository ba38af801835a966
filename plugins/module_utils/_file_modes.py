# Private to the hardened.docker collection: not a public API, may change without notice.
"""Permission and ownership comparisons for recorded stat() results.

Modes are compared as bitmasks ("this or stricter"): a mode is acceptable when
it sets no bit outside the allowed mask. Comparing modes as numbers or strings
is wrong: 0477 is numerically below 0644 but grants group and other write.
"""

from __future__ import annotations

from typing import Any

PERMISSION_BITS = 0o7777


def parse_mode(value: Any) -> int:
    """Accept a recorded mode as an octal string ("0644", "644") or an int."""
    if isinstance(value, bool):
        raise ValueError("mode must be an octal string or an integer, not a boolean")
    if isinstance(value, int):
        return value & PERMISSION_BITS
    if isinstance(value, str) and value.strip():
        return int(value.strip(), 8) & PERMISSION_BITS
    raise ValueError(f"mode must be an octal string or an integer, got {value!r}")


def format_mode(mode: int) -> str:
    return f"{mode & PERMISSION_BITS:04o}"


def excess_bits(mode: int, allowed: int) -> int:
    """Bits set in mode that the allowed mask does not permit (0 means compliant)."""
    return mode & PERMISSION_BITS & ~allowed


def mode_within(mode: int, allowed: int) -> bool:
    """True when mode is `allowed` or stricter; setuid/setgid/sticky count as extra bits."""
    return excess_bits(mode, allowed) == 0


def describe_owner(stat: dict[str, Any]) -> str:
    """'root:docker (0:998)', using the numbers where names are unknown."""
    uid, gid = stat.get("uid"), stat.get("gid")
    user = stat.get("owner") or uid
    group = stat.get("group") or gid
    return f"{user}:{group} ({uid}:{gid})"
