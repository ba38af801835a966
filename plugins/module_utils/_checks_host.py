# Private to the hardened.docker collection: not a public API, may change without notice.
"""Checks for section 1 of the benchmark: host configuration and auditing."""

from __future__ import annotations

from typing import Callable, Tuple

from ansible_collections.hardened.docker.plugins.module_utils._audit_rules import missing_perms, rules_for_path
from ansible_collections.hardened.docker.plugins.module_utils._context import (
    CONTAINERD_CONFIG,
    CONTAINERD_SOCK,
    ETC_DEFAULT_DOCKER,
    ETC_DOCKER,
    RUN_CONTAINERD,
    SYSCONFIG_DOCKER,
    AuditContext,
)
from ansible_collections.hardened.docker.plugins.module_utils._results import (
    CheckError,
    Finding,
    Outcome,
    failed,
    manual,
    not_applicable,
    passed,
)

# An audit rule must at least record writes and attribute changes of the path.
NEEDED_PERMS = "wa"

# (path, reason) where path is None when the control does not apply on this host.
Target = Tuple["str | None", str]


def host_separate_partition(ctx: AuditContext) -> Outcome:
    root, source = ctx.data_root()
    mounts = ctx.state.get("mounts")
    if mounts is None:
        raise CheckError("the mount table (/proc/self/mountinfo) was not recorded")
    if root in mounts:
        return passed(f"data root {root} is a mount point ({source})", objects=[root])
    holder = max(
        (m for m in mounts if m == "/" or root.startswith(m.rstrip("/") + "/")),
        key=len,
        default="/",
    )
    finding = Finding(f"data root {root} is not a mount point; it is on the filesystem mounted at {holder}", root)
    return failed([finding], source)


def host_docker_group(ctx: AuditContext) -> Outcome:
    group = ctx.state.get("docker_group")
    if group is None:
        raise CheckError("the docker group was not recorded")
    members = sorted(m for m in group.get("members") or [] if m != "root")
    if ctx.rootless:
        text = f"rootless daemon: its socket belongs to uid {ctx.rootless_uid}"
        if members:
            text += f"; the docker group ({', '.join(members)}) controls only a rootful daemon"
        return passed(text)
    if not group.get("exists"):
        return passed("there is no docker group: only root can use the Docker socket")
    if not members:
        return passed(f"the docker group (gid {group.get('gid')}) has no members besides root")
    findings = [
        Finding(f"user {m} is in the docker group (gid {group.get('gid')}), which is root-equivalent", f"user {m}")
        for m in members
    ]
    return failed(findings, "waive this control for users who are trusted to administer the host")


# -- 1.1.3 to 1.1.18: audit rules -----------------------------------------------------------------


def _fixed(path: str) -> Callable[[AuditContext], Target]:
    def locate(ctx: AuditContext) -> Target:
        return (path, "") if ctx.exists(path) else (None, f"{path} does not exist on this host")

    return locate


def _binary(name: str) -> Callable[[AuditContext], Target]:
    def locate(ctx: AuditContext) -> Target:
        path, candidates = ctx.installed_binary(name)
        if path is None:
            return None, f"{name} is not installed (looked for {', '.join(candidates)})"
        return path, ""

    return locate


def _unit(unit: str) -> Callable[[AuditContext], Target]:
    def locate(ctx: AuditContext) -> Target:
        path = ctx.unit_path(unit)
        if not path:
            why = ctx.unit_problem(unit) or f"systemctl show -p FragmentPath {unit} is empty"
            return None, f"no {unit} unit file on this host ({why})"
        return (path, "") if ctx.exists(path) else (None, f"{unit} unit file {path} does not exist")

    return locate


def _data_root(ctx: AuditContext) -> Target:
    root = ctx.data_root()[0]
    return (root, "") if ctx.exists(root) else (None, f"data root {root} does not exist on this host")


def _daemon_json(ctx: AuditContext) -> Target:
    return _fixed(ctx.daemon_json_path())(ctx)


def _audit_check(locate: Callable[[AuditContext], Target]) -> Callable[[AuditContext], Outcome]:
    def check(ctx: AuditContext) -> Outcome:
        path, reason = locate(ctx)
        if path is None:
            return not_applicable(reason)
        rules, source = ctx.audit_rules()
        disabled = ctx.audit_disabled()
        if disabled:
            return failed([Finding(f"{path} is not audited: {disabled}", path)])
        matching = rules_for_path(rules, path, ctx.resolved_paths())
        if not matching:
            return failed([Finding(f"no audit rule watches {path} (checked {source})", path)])
        good = [rule for rule in matching if not missing_perms(rule, NEEDED_PERMS)]
        if good:
            return passed(f"{path} is audited by '{good[0].text}' ({source})", objects=[path])
        findings = [
            Finding(f"audit rule '{rule.text}' for {path} does not record '{missing_perms(rule, NEEDED_PERMS)}'", path)
            for rule in matching
        ]
        return failed(findings, f"checked {source}")

    return check


# -- 1.2: manual ----------------------------------------------------------------------------------


def manual_host_hardened(ctx: AuditContext) -> Outcome:
    host = ctx.state.get("host") or {}
    return manual(
        f"review the hardening of the host OS itself (kernel {host.get('kernel') or 'unknown'}), "
        "for example against the CIS benchmark of the distribution"
    )


def manual_docker_version(ctx: AuditContext) -> Outcome:
    if ctx.engine_error:
        return manual(f"Docker version unknown ({ctx.engine_error}); compare it with the supported releases")
    version = ctx.version
    return manual(
        f"Docker Engine {version.get('Version') or ctx.info.get('ServerVersion') or 'unknown'} "
        f"(API {version.get('ApiVersion') or 'unknown'}, containerd "
        f"{_component_version(version, 'containerd')}, runc {_component_version(version, 'runc')}): "
        "compare with the releases your vendor still supports"
    )


def _component_version(version: dict, name: str) -> str:
    for component in version.get("Components") or []:
        if str(component.get("Name", "")).lower() == name:
            return str(component.get("Version") or "unknown")
    return "unknown"


CHECKS = {
    "host_separate_partition": host_separate_partition,
    "host_docker_group": host_docker_group,
    "audit_dockerd": _audit_check(_binary("dockerd")),
    "audit_run_containerd": _audit_check(_fixed(RUN_CONTAINERD)),
    "audit_data_root": _audit_check(_data_root),
    "audit_etc_docker": _audit_check(_fixed(ETC_DOCKER)),
    "audit_docker_service": _audit_check(_unit("docker.service")),
    "audit_containerd_sock": _audit_check(_fixed(CONTAINERD_SOCK)),
    "audit_docker_socket_unit": _audit_check(_unit("docker.socket")),
    "audit_etc_default_docker": _audit_check(_fixed(ETC_DEFAULT_DOCKER)),
    "audit_daemon_json": _audit_check(_daemon_json),
    "audit_containerd_config": _audit_check(_fixed(CONTAINERD_CONFIG)),
    "audit_sysconfig_docker": _audit_check(_fixed(SYSCONFIG_DOCKER)),
    "audit_containerd_bin": _audit_check(_binary("containerd")),
    "audit_containerd_shim": _audit_check(_binary("containerd-shim")),
    "audit_containerd_shim_runc_v1": _audit_check(_binary("containerd-shim-runc-v1")),
    "audit_containerd_shim_runc_v2": _audit_check(_binary("containerd-shim-runc-v2")),
    "audit_runc": _audit_check(_binary("runc")),
    "manual_host_hardened": manual_host_hardened,
    "manual_docker_version": manual_docker_version,
}
