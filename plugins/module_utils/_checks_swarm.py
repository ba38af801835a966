# Private to the hardened.docker collection: not a public API, may change without notice.
"""Checks for section 7 of the benchmark: swarm mode. None of them applies when swarm mode is off."""

from __future__ import annotations

from typing import Any, Callable

from ansible_collections.hardened.docker.plugins.module_utils._context import AuditContext
from ansible_collections.hardened.docker.plugins.module_utils._registry import check, register
from ansible_collections.hardened.docker.plugins.module_utils._results import (
    CheckError,
    Finding,
    Outcome,
    decide,
    failed,
    manual,
    not_applicable,
    passed,
)

SWARM_PORTS = (2377, 7946)  # cluster management, node gossip
MAX_MANAGERS = 7
ANY_ADDRESS = ("0.0.0.0", "::", "")


def _swarm_field(ctx: AuditContext, name: str) -> Any:
    value = ctx.swarm().get(name)
    if value is None:
        raise CheckError(f"/info Swarm has no {name} field")
    return value


def _inactive(ctx: AuditContext) -> Outcome | None:
    state = _swarm_field(ctx, "LocalNodeState")
    if state == "inactive":
        return not_applicable("swarm mode is not active (/info Swarm.LocalNodeState=inactive)")
    if state != "active":  # pending, error or locked: a swarm node whose state cannot be read now
        problem = ctx.swarm().get("Error") or "the node's swarm state cannot be read"
        raise CheckError(f"/info Swarm.LocalNodeState={state}: {problem}")
    return None


def _manager_only(ctx: AuditContext) -> Outcome | None:
    skip = _inactive(ctx)
    if skip is None and not _swarm_field(ctx, "ControlAvailable"):
        return not_applicable("this node is a swarm worker; the control is decided on the managers")
    return skip


@check("swarm_manager_count")
def swarm_manager_count(ctx: AuditContext) -> Outcome:
    skip = _manager_only(ctx)
    if skip:
        return skip
    managers = _swarm_field(ctx, "Managers")
    if not isinstance(managers, int) or managers < 1:  # a manager counts itself
        raise CheckError(f"/info Swarm.Managers={managers!r} is not a manager count")
    text = f"/info Swarm.Managers={managers}"
    if managers % 2 == 0:
        return failed([Finding(f"{text}: an even number of managers adds no fault tolerance")])
    if managers > MAX_MANAGERS:
        return failed([Finding(f"{text}: more than {MAX_MANAGERS} managers slows down consensus")])
    return passed(text)


@check("swarm_bind_interface")
def swarm_bind_interface(ctx: AuditContext) -> Outcome:
    skip = _inactive(ctx)
    if skip:
        return skip
    listeners = ctx.state.get("listeners")
    if listeners is None:
        raise CheckError("the host's listening TCP sockets were not recorded")
    swarm = [entry for entry in listeners if entry.get("port") in SWARM_PORTS]
    if not swarm:  # an active node listens on 7946 (and a manager on 2377) in some network namespace
        raise CheckError(
            "swarm mode is active, but no socket listening on ports 2377/7946 was found in /proc/net/tcp{,6} "
            "(dockerd may listen in another network namespace)"
        )
    findings = [
        Finding(f"swarm port {entry['port']} listens on all interfaces ({entry.get('address')})")
        for entry in swarm
        if entry.get("address") in ANY_ADDRESS
    ]
    shown = ", ".join(f"{entry.get('address')}:{entry.get('port')}" for entry in swarm) or "none found"
    return decide(findings, [f"swarm listeners: {shown}"])


@check("swarm_overlay_encrypted")
def swarm_overlay_encrypted(ctx: AuditContext) -> Outcome:
    skip = _inactive(ctx)
    if skip:
        return skip
    overlays = [n for n in ctx.networks if n.get("Driver") == "overlay"]
    findings = [
        Finding(
            f"overlay network {n.get('Name')} ({str(n.get('Id'))[:12]}) is not encrypted", f"network {n.get('Name')}"
        )
        for n in overlays
        if "encrypted" not in (n.get("Options") or {})
    ]
    return decide(findings, [f"{len(overlays)} overlay network(s), all encrypted"])


@check("swarm_autolock")
def swarm_autolock(ctx: AuditContext) -> Outcome:
    skip = _manager_only(ctx)
    if skip:
        return skip
    spec = ((_swarm_field(ctx, "Cluster").get("Spec") or {}).get("EncryptionConfig")) or {}
    if "AutoLockManagers" not in spec:
        raise CheckError("/info Swarm.Cluster.Spec.EncryptionConfig has no AutoLockManagers field")
    if spec["AutoLockManagers"]:
        return passed("/info Swarm.Cluster.Spec.EncryptionConfig.AutoLockManagers=true")
    return failed([Finding("swarm managers are not auto-locked (AutoLockManagers=false)")])


def _manual(text: str) -> Callable[[AuditContext], Outcome]:
    def check(ctx: AuditContext) -> Outcome:
        try:
            return _inactive(ctx) or manual(text)
        except CheckError as exc:
            return manual(text, f"swarm state unknown: {exc}")

    return check


register("manual_swarm_secrets", _manual("review that services get sensitive data from Docker secrets"))
register("manual_swarm_unlock_key_rotation", _manual("review when the unlock key was last rotated"))
register(
    "manual_swarm_node_cert_rotation", _manual("review the node certificate expiry (docker info: CA Configuration)")
)
register("manual_swarm_ca_rotation", _manual("review when the swarm root CA was last rotated"))
register("manual_swarm_data_path", _manual("review that --data-path-addr differs from the advertise address"))
