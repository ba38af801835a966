# Private to the hardened.docker collection: not a public API, may change without notice.
"""Checks for section 3 of the benchmark: ownership and permissions of the daemon's files.

Modes are compared as bitmasks ("this or stricter"), see _file_modes. On a
rootless daemon, files under the daemon user's home and runtime directory are
expected to belong to that user instead of root.
"""

from __future__ import annotations

from typing import Callable, Tuple

from ansible_collections.hardened.docker.plugins.module_utils._context import (
    ETC_DEFAULT_DOCKER,
    ETC_DOCKER,
    SYSCONFIG_DOCKER,
    AuditContext,
)
from ansible_collections.hardened.docker.plugins.module_utils._file_modes import (
    describe_owner,
    excess_bits,
    format_mode,
    mode_within,
    parse_mode,
)
from ansible_collections.hardened.docker.plugins.module_utils._registry import register
from ansible_collections.hardened.docker.plugins.module_utils._remediation import FileLocator, FileTarget
from ansible_collections.hardened.docker.plugins.module_utils._results import (
    Finding,
    Outcome,
    failed,
    not_applicable,
    passed,
)


def _fixed(path: str) -> FileLocator:
    return lambda ctx: ([path], f"{path} does not exist on this host")


def _unit(unit: str) -> FileLocator:
    def locate(ctx: AuditContext) -> tuple[list[str], str]:
        # A rootless daemon runs from its user's unit; the system's units are not its files.
        own = ctx.rootless_unit_path(unit)
        if own:
            return [own], f"the rootless daemon has no {unit} user unit ({own})"
        path = ctx.unit_file(unit)
        if not path:
            why = ctx.unit_problem(unit) or f"systemctl show -p FragmentPath {unit} is empty"
            return [], f"no {unit} unit file on this host ({why})"
        return [path], f"{unit} unit file {path} does not exist"

    return locate


def _daemon_json(ctx: AuditContext) -> tuple[list[str], str]:
    path = ctx.daemon_json_path()
    return [path], f"{path} does not exist on this host"


def _socket(ctx: AuditContext) -> tuple[list[str], str]:
    return [ctx.socket], f"Docker socket {ctx.socket} does not exist"


def _containerd_socket(ctx: AuditContext) -> tuple[list[str], str]:
    path, how = ctx.containerd_socket()
    return [path], f"containerd socket {path} does not exist ({how})"


def _registry_certs(ctx: AuditContext) -> tuple[list[str], str]:
    return ctx.registry_cert_files(), f"no registry certificate files under {ctx.registry_certs_dir()}"


def _tls(key: str) -> FileLocator:
    def locate(ctx: AuditContext) -> tuple[list[str], str]:
        tls = ctx.tls()
        if not tls.on:
            return [], "; ".join(tls.evidence)
        if key not in tls.files:
            return [], f"TLS is on, but dockerd uses no {key} file ({'; '.join(tls.evidence)})"
        return [tls.files[key]], f"{key} {tls.files[key]} does not exist"

    return locate


def expected_owner(ctx: AuditContext, path: str, docker_group: bool) -> tuple[int | None, tuple[int, ...], str]:
    """(uid, accepted gids, text); gids empty means any group. The first gid is the one a fix sets."""
    if ctx.owned_by_rootless_user(path):
        return ctx.rootless_uid, (), f"uid {ctx.rootless_uid} (the rootless daemon's user)"
    if docker_group:
        group = ctx.state.get("docker_group") or {}
        if group.get("exists") and group.get("gid") is not None:
            # root:root is stricter than root:docker and also acceptable.
            return 0, (int(group["gid"]), 0), "root:docker"
        return 0, (0,), "root:root (there is no docker group)"
    return 0, (0,), "root:root"


# A judge looks at one existing path and returns (compliant, evidence line).
Judge = Callable[[AuditContext, str, dict], Tuple[bool, str]]


def _path_check(locate: FileLocator, judge: Judge) -> Callable[[AuditContext], Outcome]:
    def check(ctx: AuditContext) -> Outcome:
        paths, reason = locate(ctx)
        present = [(path, stat) for path, stat in ((p, ctx.stat(p)) for p in paths) if stat is not None]
        if not present:
            return not_applicable(reason)
        findings, seen = [], []
        for path, stat in present:
            ok, text = judge(ctx, path, stat)
            if ok:
                seen.append(text)
            else:
                findings.append(Finding(text, path))
        if findings:
            return failed(findings)
        return passed(*seen, objects=[path for path, _stat in present])

    return check


def _owner_check(target: FileTarget) -> Callable[[AuditContext], Outcome]:
    def judge(ctx: AuditContext, path: str, stat: dict) -> tuple[bool, str]:
        uid, gids, want = expected_owner(ctx, path, target.docker_group)
        owner = describe_owner(stat)
        if stat.get("uid") != uid or (gids and stat.get("gid") not in gids):
            return False, f"{path} is owned by {owner}, want {want}"
        return True, f"{path} is owned by {owner}"

    return _path_check(target.locate, judge)


def _mode_check(target: FileTarget) -> Callable[[AuditContext], Outcome]:
    def judge(ctx: AuditContext, path: str, stat: dict) -> tuple[bool, str]:
        mode = parse_mode(stat.get("mode"))
        if not mode_within(mode, target.mask):
            extra = format_mode(excess_bits(mode, target.mask))
            want = f"want {format_mode(target.allowed)} or stricter (extra bits {extra})"
            return False, f"{path} has mode {format_mode(mode)}, {want}"
        return True, f"{path} has mode {format_mode(mode)}"

    return _path_check(target.locate, judge)


def _files(owner_check: str, mode_check: str, target: FileTarget) -> None:
    """Register the owner and the mode check of the same files, with the target both read."""
    register(owner_check, _owner_check(target), target)
    register(mode_check, _mode_check(target), target)


_files("file_docker_service_owner", "file_docker_service_mode", FileTarget(_unit("docker.service"), 0o644))
_files("file_docker_socket_unit_owner", "file_docker_socket_unit_mode", FileTarget(_unit("docker.socket"), 0o644))
_files("file_etc_docker_owner", "file_etc_docker_mode", FileTarget(_fixed(ETC_DOCKER), 0o755))
_files("file_registry_certs_owner", "file_registry_certs_mode", FileTarget(_registry_certs, 0o444))
_files("file_tls_ca_owner", "file_tls_ca_mode", FileTarget(_tls("tlscacert"), 0o444))
_files("file_tls_cert_owner", "file_tls_cert_mode", FileTarget(_tls("tlscert"), 0o444))
_files("file_tls_key_owner", "file_tls_key_mode", FileTarget(_tls("tlskey"), 0o400))
_files(
    "file_docker_sock_owner",
    "file_docker_sock_mode",
    FileTarget(_socket, 0o660, docker_group=True, sticky_ok=True),
)
_files("file_daemon_json_owner", "file_daemon_json_mode", FileTarget(_daemon_json, 0o644))
_files("file_etc_default_docker_owner", "file_etc_default_docker_mode", FileTarget(_fixed(ETC_DEFAULT_DOCKER), 0o644))
_files("file_sysconfig_docker_owner", "file_sysconfig_docker_mode", FileTarget(_fixed(SYSCONFIG_DOCKER), 0o644))
_files("file_containerd_sock_owner", "file_containerd_sock_mode", FileTarget(_containerd_socket, 0o660, sticky_ok=True))
