# Private to the hardened.docker collection: not a public API, may change without notice.
"""Checks for section 1 of the benchmark: host configuration and auditing."""

from __future__ import annotations

import contextlib
import posixpath
from typing import Callable, Tuple

from ansible_collections.hardened.docker.plugins.module_utils._audit_rules import AuditRule, watch_of
from ansible_collections.hardened.docker.plugins.module_utils._context import (
    CONTAINERD_CONFIG,
    ETC_DEFAULT_DOCKER,
    ETC_DOCKER,
    SYSCONFIG_DOCKER,
    AuditContext,
)
from ansible_collections.hardened.docker.plugins.module_utils._registry import check, register
from ansible_collections.hardened.docker.plugins.module_utils._remediation import AuditTarget
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


@check("host_separate_partition")
def host_separate_partition(ctx: AuditContext) -> Outcome:
    root, source = ctx.data_root()
    mounts = ctx.state.get("mounts")
    if mounts is None:
        raise CheckError("the mount table (/proc/self/mountinfo) was not recorded")
    # Images live under the data root with a graph driver, under containerd's root with its image store.
    store = ctx.image_store()
    if root in mounts:
        return passed(f"data root {root} is a mount point ({source})", store, objects=[root])
    holder = max(
        (m for m in mounts if m == "/" or root.startswith(m.rstrip("/") + "/")),
        key=len,
        default="/",
    )
    finding = Finding(f"data root {root} is not a mount point; it is on the filesystem mounted at {holder}", root)
    return failed([finding], source, store)


@check("host_docker_group")
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
# Only the kernel's rule list (auditctl -l) shows what is audited: rules on disk may never have
# been loaded, and cannot be inside a container. So a rule found only on disk gives error, not pass.


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
        # A rootless daemon runs from its user's unit, as in section 3; the system's units are not its files.
        own = ctx.rootless_unit_path(unit)
        if own:
            return (own, "") if ctx.exists(own) else (None, f"the rootless daemon has no {unit} user unit ({own})")
        path = ctx.unit_file(unit)
        if not path:
            why = ctx.unit_problem(unit) or f"systemctl show -p FragmentPath {unit} is empty"
            return None, f"no {unit} unit file on this host ({why})"
        return (path, "") if ctx.exists(path) else (None, f"{unit} unit file {path} does not exist")

    return locate


def _data_root(ctx: AuditContext) -> Target:
    root = ctx.data_root()[0]
    return (root, "") if ctx.exists(root) else (None, f"data root {root} does not exist on this host")


def _docker_socket(ctx: AuditContext) -> Target:
    """1.1.9 from 1.7.0 on: the socket the daemon listens on (rootless: its user's)."""
    path = ctx.socket
    return (path, "") if ctx.exists(path) else (None, f"the Docker socket {path} does not exist on this host")


def _noise_dirs(ctx: AuditContext) -> list[str]:
    """The noise directories of 1.1.5 that exist: rules are written for paths on the host only."""
    found = []
    for path in ctx.noise_dirs():
        with contextlib.suppress(CheckError):  # not recorded (a HostState from an older gather): no rule
            if ctx.exists(path):
                found.append(path)
    return found


def _exclusion_note(ctx: AuditContext, target: AuditTarget, loaded: list[AuditRule]) -> tuple[str, ...]:
    """Whether the loaded never-rules drop the noise directories' events: context, not the verdict."""
    if target.excluded is None:
        return ()
    dirs = target.excluded(ctx)
    resolved = ctx.resolved_paths()
    never = [rule.path for rule in loaded if rule.action == "never" and rule.tree]
    missing = [d for d in dirs if not any(resolved.get(p, p) == resolved.get(d, d) for p in never)]
    if missing:
        return (f"no never-rule keeps {', '.join(missing)} out of the audit log (the remediation adds one)",)
    return (f"never-rules keep {', '.join(dirs)} out of the audit log",) if dirs else ()


def _daemon_json(ctx: AuditContext) -> Target:
    return _fixed(ctx.daemon_json_path())(ctx)


def _containerd_socket(ctx: AuditContext) -> Target:
    path, how = ctx.containerd_socket()
    return (path, how) if ctx.exists(path) else (None, f"containerd socket {path} does not exist ({how})")


def _containerd_dir(ctx: AuditContext) -> Target:
    """1.1.4's /run/containerd is the directory of the containerd socket dockerd really uses."""
    sock, how = ctx.containerd_socket()
    path = posixpath.dirname(sock)
    return (path, how) if ctx.exists(path) else (None, f"{path} does not exist on this host ({how})")


def _audit(
    name: str,
    locate: Callable[[AuditContext], Target],
    form: str = "watch",
    excluded: Callable[[AuditContext], list[str]] | None = None,
) -> None:
    """Register the check of one audited path, with the target the auditd role writes the rule for."""
    target = AuditTarget(locate, form, excluded)
    register(name, _audit_check(target), target)


def _audit_check(target: AuditTarget) -> Callable[[AuditContext], Outcome]:
    def audit_check(ctx: AuditContext) -> Outcome:
        path, note = target.locate(ctx)
        if path is None:
            return not_applicable(note)
        context = (note,) if note else ()
        resolved = ctx.resolved_paths()
        on_disk = watch_of(ctx.file_rules(), path, NEEDED_PERMS, resolved)
        loaded = ctx.loaded_rules()
        if loaded is None:
            why = ctx.loaded_rules_problem()
            if on_disk.rule is not None:
                raise CheckError(
                    f"{why}; {on_disk.rule.origin} has a watch for {path} ('{on_disk.rule.text}'), "
                    "which is not verified in force"
                )
            unreadable = ctx.unreadable_rule_files()
            if unreadable:
                raise CheckError(f"{why}, and the rule files {', '.join(unreadable)} cannot be read")
            findings = [Finding(f"no audit rule watches {path}: {why}, and no rule file watches it", path)]
            findings.extend(Finding(f"{problem} (on disk)", path) for problem in on_disk.problems)
            return failed(findings, *context)
        disabled = ctx.audit_disabled()
        if disabled:
            return failed([Finding(f"{path} is not audited: {disabled}", path)], *context)
        in_force = watch_of(loaded, path, NEEDED_PERMS, resolved)
        context += _exclusion_note(ctx, target, loaded)
        if in_force.rule is not None:
            return passed(f"{path} is audited by '{in_force.rule.text}' (auditctl -l)", *context, objects=[path])
        findings = [Finding(problem, path) for problem in in_force.problems] or [
            Finding(f"no audit rule watches {path} (checked the loaded rules, auditctl -l)", path)
        ]
        if on_disk.rule is not None:
            written = f"{on_disk.rule.origin} has '{on_disk.rule.text}'"
            findings.append(Finding(f"{written}, which is not loaded (augenrules --load)", path))
        return failed(findings, *context)

    return audit_check


_audit("audit_dockerd", _binary("dockerd"))
# A syscall rule on the path: as the auditd role has always written it for the directory.
_audit("audit_run_containerd", _containerd_dir, form="syscall")
_audit("audit_data_root", _data_root)
# CIS 1.7.0 on: the data root as a syscall rule, after never-rules for the directories that flood the log.
_audit("audit_data_root_excluding", _data_root, form="syscall", excluded=_noise_dirs)
_audit("audit_etc_docker", _fixed(ETC_DOCKER))
_audit("audit_docker_service", _unit("docker.service"))
_audit("audit_containerd_sock", _containerd_socket)
_audit("audit_docker_socket_unit", _unit("docker.socket"))
_audit("audit_docker_sock", _docker_socket)
_audit("audit_etc_default_docker", _fixed(ETC_DEFAULT_DOCKER))
_audit("audit_daemon_json", _daemon_json)
_audit("audit_containerd_config", _fixed(CONTAINERD_CONFIG))
_audit("audit_sysconfig_docker", _fixed(SYSCONFIG_DOCKER))
_audit("audit_containerd_bin", _binary("containerd"))
_audit("audit_containerd_shim", _binary("containerd-shim"))
_audit("audit_containerd_shim_runc_v1", _binary("containerd-shim-runc-v1"))
_audit("audit_containerd_shim_runc_v2", _binary("containerd-shim-runc-v2"))
_audit("audit_runc", _binary("runc"))


# -- 1.2: manual ----------------------------------------------------------------------------------


@check("manual_host_hardened")
def manual_host_hardened(ctx: AuditContext) -> Outcome:
    host = ctx.state.get("host") or {}
    return manual(
        f"review the hardening of the host OS itself (kernel {host.get('kernel') or 'unknown'}), "
        "for example against the CIS benchmark of the distribution"
    )


@check("manual_docker_version")
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
