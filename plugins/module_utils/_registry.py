# Private to the hardened.docker collection: not a public API, may change without notice.
"""The check registry: each check is registered where it is defined, with its remediation.

A remediation entry is data the roles apply and the check itself reads (an audit
target, a file's owner and mode mask, daemon.json settings), so that a fix and
its check cannot disagree. ``_evaluate`` runs CHECKS; ``_host_info`` describes
REMEDIES for the host.
"""

from __future__ import annotations

from typing import Any, Callable, TypeVar

Check = Callable[[Any], Any]  # (AuditContext) -> Outcome
F = TypeVar("F", bound=Check)

CHECKS: dict[str, Check] = {}
REMEDIES: dict[str, Any] = {}


def register(name: str, check: F, remedy: Any = None) -> F:
    """Register `check` under `name` (the name the catalog gives); a name is registered once."""
    if name in CHECKS:
        raise ValueError(f"check {name} is registered twice")
    CHECKS[name] = check
    if remedy is not None:
        REMEDIES[name] = remedy
    return check


def check(name: str, remedy: Any = None) -> Callable[[F], F]:
    """Decorator form of register()."""

    def decorate(function: F) -> F:
        return register(name, function, remedy)

    return decorate
