# Private to the hardened.docker collection: not a public API, may change without notice.
"""Checks for section 5 of the benchmark: the containers.

Each per-container check looks at one container's inspect document (and, for
processes, at what the host's /proc showed for a running container's PID) and
names every offender as "container NAME (SHORTID) FIELD=VALUE"; a container that
is not running is named with its state, "container NAME (SHORTID) (exited) ...".
"""

from __future__ import annotations

import json
import posixpath
from typing import Any, Callable, Iterable

from ansible_collections.hardened.docker.plugins.module_utils._checks_daemon import truthy
from ansible_collections.hardened.docker.plugins.module_utils._context import AuditContext, Container
from ansible_collections.hardened.docker.plugins.module_utils._registry import check, register
from ansible_collections.hardened.docker.plugins.module_utils._results import (
    FAIL,
    CheckError,
    Finding,
    Outcome,
    failed,
    manual,
    not_applicable,
    passed,
    some,
)

SENSITIVE_HOST_DIRS = ("/", "/boot", "/dev", "/etc", "/lib", "/proc", "/sys", "/usr")
SENSITIVE_HOST_DIRS_1_7 = (*SENSITIVE_HOST_DIRS, "/lib64")  # CIS 1.7.0 adds /lib64
# Docker's default capability set (moby oci/caps/defaults.go); adding one of these changes nothing.
DEFAULT_CAPABILITIES = frozenset(
    (
        "AUDIT_WRITE",
        "CHOWN",
        "DAC_OVERRIDE",
        "FOWNER",
        "FSETID",
        "KILL",
        "MKNOD",
        "NET_BIND_SERVICE",
        "NET_RAW",
        "SETFCAP",
        "SETGID",
        "SETPCAP",
        "SETUID",
        "SYS_CHROOT",
    )
)
ALL_INTERFACES = ("", "0.0.0.0", "::")
SOCKET_SPELLINGS = ("/var/run/docker.sock", "/run/docker.sock")
MAX_RESTARTS = 5

Inspector = Callable[[AuditContext, Container], Iterable[str]]


def per_container(inspect: Inspector, ok: str, live: bool = False) -> Callable[[AuditContext], Outcome]:
    """A check that applies `inspect` to every container; each string it yields is a finding.

    The benchmark audits `docker ps --all`: a stopped or created container keeps
    its configuration and comes back on its next start. `live` checks read the
    processes or the live state, so they look at running containers only.
    """

    def check(ctx: AuditContext) -> Outcome:
        containers = ctx.running_containers() if live else ctx.containers()
        uninspected = ctx.uninspected(running_only=live)
        if not containers and not uninspected:
            return not_applicable("no running containers" if live else "no containers")
        findings: list[Finding] = []
        errors: dict[str, list[str]] = {}  # reason -> containers it applies to
        for container in containers:
            try:
                findings.extend(container.finding(detail) for detail in inspect(ctx, container))
            except CheckError as exc:
                errors.setdefault(str(exc), []).append(f"container {container.shown}")
        for item in uninspected:  # what cannot be seen never passes
            errors.setdefault(f"cannot inspect it: {item.error}", []).append(f"container {item.shown}")
        lines = [f"{some(labels)}: {reason}" for reason, labels in errors.items()]
        if findings:
            return failed(findings, *lines)
        if lines:
            raise CheckError("; ".join(lines))
        return passed(f"{_counted(containers, live)}: {ok}")

    return check


def _counted(containers: list[Container], live: bool) -> str:
    """'3 container(s) checked (2 running, 1 exited)'."""
    if live:
        return f"{len(containers)} running container(s) checked"
    states: dict[str, int] = {}
    for container in containers:
        states[container.status] = states.get(container.status, 0) + 1
    shown = ", ".join(f"{count} {status}" for status, count in sorted(states.items()))
    return f"{len(containers)} container(s) checked ({shown})"


def _json(value: Any) -> str:
    return json.dumps(value, separators=(",", ":"))


def _security_opts(container: Container) -> list[str]:
    return [str(opt) for opt in container.host_config.get("SecurityOpt") or []]


def _opt_value(container: Container, name: str) -> str | None:
    """The value of a --security-opt NAME=VALUE (or the legacy NAME:VALUE); "" for a bare NAME."""
    for opt in _security_opts(container):
        for sep in ("=", ":"):
            if opt.startswith(name + sep):
                return opt[len(name) + 1 :]
        if opt == name:
            return ""
    return None


def _proc(ctx: AuditContext, container: Container) -> dict[str, Any]:
    """What the host's /proc showed for this container's processes; CheckError when unknown."""
    record = (ctx.state.get("processes") or {}).get(container.id)
    if record is None:
        raise CheckError("its processes were not recorded")
    if record.get("error"):
        raise CheckError(f"cannot read its processes: {record['error']}")
    return record


def _mode_is_host(field: str) -> Inspector:
    def inspect(ctx: AuditContext, container: Container) -> Iterable[str]:
        if container.host_config.get(field) == "host":
            yield f"HostConfig.{field}=host"

    return inspect


def _apparmor(ctx: AuditContext, container: Container) -> Iterable[str]:
    if container.running:
        profile = container.raw.get("AppArmorProfile") or ""
        if profile in ("", "unconfined"):
            yield f'AppArmorProfile="{profile}"'
        return
    # dockerd picks the profile again at every start (moby daemon/container_linux.go saveAppArmorConfig);
    # a created container's AppArmorProfile is still empty, so decide from its configuration.
    if container.host_config.get("Privileged"):
        yield "HostConfig.Privileged=true (runs without an AppArmor profile when started)"
    elif _opt_value(container, "apparmor") == "unconfined":
        yield "HostConfig.SecurityOpt has apparmor=unconfined"


@check("runtime_apparmor")
def runtime_apparmor(ctx: AuditContext) -> Outcome:
    if ctx.daemon_security_option("apparmor") is None:
        return not_applicable("AppArmor is not enabled on this host (/info SecurityOptions has no name=apparmor)")
    return per_container(_apparmor, "all run with an AppArmor profile")(ctx)


def _selinux(ctx: AuditContext, container: Container) -> Iterable[str]:
    if _opt_value(container, "label") == "disable":
        yield "HostConfig.SecurityOpt has label=disable"
    elif not container.raw.get("ProcessLabel"):
        yield 'ProcessLabel="" (no SELinux label)'


@check("runtime_selinux")
def runtime_selinux(ctx: AuditContext) -> Outcome:
    ctx.engine()
    host = (ctx.state.get("host") or {}).get("selinux")
    if not host or host.get("error") or not host.get("mode"):
        raise CheckError(f"the host's SELinux state is unknown: {(host or {}).get('error') or 'it was not recorded'}")
    if host["mode"] == "disabled":
        return not_applicable(f"the host does not run SELinux ({host.get('source')})")
    if ctx.daemon_security_option("selinux") is None:
        text = f"SELinux is {host['mode']} on this host, but dockerd does not label containers (no selinux-enabled)"
        return failed([Finding(text)], f"{host.get('source')}", "/info SecurityOptions has no name=selinux")
    return per_container(_selinux, "all run with an SELinux label")(ctx)


def _capability(name: str) -> str:
    name = str(name).upper()
    return name[4:] if name.startswith("CAP_") else name


def _capabilities(ctx: AuditContext, container: Container) -> Iterable[str]:
    if container.host_config.get("Privileged"):
        yield "HostConfig.Privileged=true (all capabilities)"
    added = container.host_config.get("CapAdd") or []
    extra = [cap for cap in map(_capability, added) if cap not in DEFAULT_CAPABILITIES]
    if extra:
        yield f"HostConfig.CapAdd={_json(added)} adds {', '.join(extra)} beyond Docker's default set"


register("runtime_capabilities", per_container(_capabilities, "none adds capabilities beyond Docker's default set"))


def _privileged(ctx: AuditContext, container: Container) -> Iterable[str]:
    if container.host_config.get("Privileged"):
        yield "HostConfig.Privileged=true"


register("runtime_privileged", per_container(_privileged, "none is privileged"))


def _sensitive_mounts(dirs: tuple[str, ...]) -> Inspector:
    def inspect(ctx: AuditContext, container: Container) -> Iterable[str]:
        for mount in container.mounts():
            if mount.get("Type", "bind") != "bind":
                continue
            source = posixpath.normpath(str(mount["Source"])) if mount.get("Source") else ""
            if source in dirs:
                access = "rw" if mount.get("RW", True) else "ro"
                yield f"Mounts: host {source} at {mount.get('Destination')} ({access})"

    return inspect


_NO_SENSITIVE = "none mounts a sensitive host directory"
register("runtime_sensitive_mounts", per_container(_sensitive_mounts(SENSITIVE_HOST_DIRS), _NO_SENSITIVE))
register("runtime_sensitive_mounts_lib64", per_container(_sensitive_mounts(SENSITIVE_HOST_DIRS_1_7), _NO_SENSITIVE))


def _sshd(ctx: AuditContext, container: Container) -> Iterable[str]:
    record = _proc(ctx, container)
    for comm in record.get("comms") or []:
        if comm == "sshd" or comm.startswith("sshd-"):
            yield f"runs process {comm} (host PID {record.get('pid')} or a descendant)"


register("runtime_sshd", per_container(_sshd, "none runs sshd", live=True))


def _ports_field(container: Container) -> str:
    return "NetworkSettings.Ports" if container.running else "HostConfig.PortBindings"


def _privileged_ports(ctx: AuditContext, container: Container) -> Iterable[str]:
    seen = set()
    for port, _ip, host_port in container.port_bindings():
        first = host_port.split("-", 1)[0]  # a stopped container may bind a range, e.g. "80-90"
        if first.isdigit() and 0 < int(first) < 1024 and (port, host_port) not in seen:
            seen.add((port, host_port))
            yield f"{_ports_field(container)} {port} is published on privileged host port {host_port}"


register("runtime_privileged_ports", per_container(_privileged_ports, "none publishes a host port below 1024"))


def _memory(ctx: AuditContext, container: Container) -> Iterable[str]:
    if not container.host_config.get("Memory"):
        yield f"HostConfig.Memory={container.host_config.get('Memory', 0)} (no memory limit)"


register("runtime_memory", per_container(_memory, "all have a memory limit"))


def _cpu_shares(ctx: AuditContext, container: Container) -> Iterable[str]:
    shares = container.host_config.get("CpuShares") or 0
    if shares in (0, 1024):
        yield f"HostConfig.CpuShares={shares} (default CPU weight)"


register("runtime_cpu_shares", per_container(_cpu_shares, "all have a CPU weight set"))


def _readonly_rootfs(ctx: AuditContext, container: Container) -> Iterable[str]:
    if not container.host_config.get("ReadonlyRootfs"):
        yield "HostConfig.ReadonlyRootfs=false"


register("runtime_readonly_rootfs", per_container(_readonly_rootfs, "all have a read-only root filesystem"))


def _host_ip(ctx: AuditContext, container: Container, ip: str) -> str:
    """The address a binding uses: a stopped container's empty HostIp becomes the daemon's "ip" setting."""
    if ip or container.running:
        return ip
    # moby cmd/dockerd/config_unix.go: --ip, "Default IP when binding container ports", is 0.0.0.0.
    return str(ctx.cfg.get("ip", "0.0.0.0").value or "0.0.0.0")


def _bind_interface(ctx: AuditContext, container: Container) -> Iterable[str]:
    seen = set()
    for port, ip, host_port in container.port_bindings():
        ip = _host_ip(ctx, container, ip)
        if ip in ALL_INTERFACES and (port, host_port) not in seen:
            seen.add((port, host_port))
            where = f"{ip or '0.0.0.0'}:{host_port or 'random port'}"
            yield f"{_ports_field(container)} {port} is published on all interfaces ({where})"


register("runtime_bind_interface", per_container(_bind_interface, "no port is published on all interfaces"))


def _restart_policy(ctx: AuditContext, container: Container) -> Iterable[str]:
    policy = container.host_config.get("RestartPolicy") or {}
    name = policy.get("Name") or "no"
    retries = policy.get("MaximumRetryCount") or 0
    if name in ("always", "unless-stopped"):
        yield f"HostConfig.RestartPolicy.Name={name} (restarts without limit)"
    elif name == "on-failure" and not 0 < retries <= MAX_RESTARTS:
        yield f"HostConfig.RestartPolicy=on-failure with MaximumRetryCount={retries} (want 1 to {MAX_RESTARTS})"


register("runtime_restart_policy", per_container(_restart_policy, f"no restart policy exceeds {MAX_RESTARTS} retries"))


def _propagation(ctx: AuditContext, container: Container) -> Iterable[str]:
    for mount in container.mounts():
        if mount.get("Propagation") in ("shared", "rshared"):
            yield f"Mounts: {mount.get('Destination')} has Propagation={mount.get('Propagation')}"


register("runtime_mount_propagation", per_container(_propagation, "no mount uses shared propagation"))


def _seccomp(ctx: AuditContext, container: Container) -> Iterable[str]:
    # As moby's WithSeccomp (daemon/seccomp_linux.go) decides at each start: privileged or
    # seccomp=unconfined gets none, otherwise the container's own profile or the daemon's default.
    profile = _opt_value(container, "seccomp")
    if profile == "unconfined":
        yield "HostConfig.SecurityOpt has seccomp=unconfined"
        return
    if container.host_config.get("Privileged"):
        yield "HostConfig.Privileged=true (seccomp is not applied)"
        return
    if profile is None:
        daemon = ctx.daemon_security_option("seccomp")
        if daemon is None:
            yield "runs without seccomp: the daemon has no seccomp support (/info SecurityOptions)"
            return
        if daemon.get("profile") == "unconfined":
            yield "runs without seccomp: the daemon's default seccomp profile is unconfined"
            return
    if not container.running:
        return  # it gets its profile when it starts
    # A running container may predate the daemon's current settings: its process shows what it got.
    record = _proc(ctx, container)
    if record.get("seccomp") is None:
        raise CheckError(f"host /proc/{record.get('pid')}/status has no Seccomp field")
    if record["seccomp"] == 0:
        yield f"host /proc/{record.get('pid')}/status shows Seccomp: 0"


register("runtime_seccomp", per_container(_seccomp, "all run with a seccomp profile"))


def _exec_privileged(ctx: AuditContext, container: Container) -> Iterable[str]:
    execs = ctx.state.get("execs") or {}
    for exec_id in container.raw.get("ExecIDs") or []:
        config = (execs.get(exec_id) or {}).get("ProcessConfig") or {}
        if config.get("privileged"):
            command = " ".join([str(config.get("entrypoint") or ""), *map(str, config.get("arguments") or [])])
            yield f"exec {exec_id[:12]} ProcessConfig.privileged=true ({command.strip() or 'no command'})"


@check("runtime_exec_privileged")
def runtime_exec_privileged(ctx: AuditContext) -> Outcome:
    outcome = per_container(_exec_privileged, "no privileged exec sessions")(ctx)
    known = sum(len(c.raw.get("ExecIDs") or []) for c in ctx.containers())
    note = f"{known} exec session(s) known to the daemon; earlier ones are only in the audit log"
    return outcome._replace(evidence=(*outcome.evidence, note))


def _cgroup_parent(ctx: AuditContext, container: Container) -> Iterable[str]:
    parent = container.host_config.get("CgroupParent")
    if parent:
        yield f"HostConfig.CgroupParent={parent} (confirm it is intended)"


register("runtime_cgroup_parent", per_container(_cgroup_parent, "all use the default cgroup parent"))


def _no_new_privileges(ctx: AuditContext, container: Container) -> Iterable[str]:
    unseen = ""  # why the process could not tell, for a running container
    if container.running:
        try:
            record = _proc(ctx, container)
        except CheckError as exc:
            unseen = str(exc)
        else:
            if record.get("no_new_privs") is not None:
                if not record["no_new_privs"]:
                    yield f"host /proc/{record.get('pid')}/status shows NoNewPrivs: 0"
                return
            unseen = f"host /proc/{record.get('pid')}/status has no NoNewPrivs field"
    # dockerd fixes the flag when the container is created: an explicit option wins over the
    # daemon's default of that moment (moby daemon/daemon_unix.go parseSecurityOpt), and inspect
    # does not show which default applied.
    value = _opt_value(container, "no-new-privileges")
    if value is not None:
        if not (value == "" or truthy(value)):
            yield f"HostConfig.SecurityOpt has no-new-privileges={value}"
        return
    if unseen:
        raise CheckError(f"{unseen}, and HostConfig.SecurityOpt does not set no-new-privileges")
    # Not running: the benchmark's audit reads HostConfig.SecurityOpt and finds no no-new-privileges.
    yield (
        "HostConfig.SecurityOpt has no no-new-privileges (a daemon default applies only if it was set "
        "when the container was created, which inspect does not show)"
    )


_each_no_new_privileges = per_container(_no_new_privileges, "none can gain new privileges")


@check("runtime_no_new_privileges")
def runtime_no_new_privileges(ctx: AuditContext) -> Outcome:
    outcome = _each_no_new_privileges(ctx)
    if outcome.status != FAIL:
        return outcome
    try:
        default_on = truthy(ctx.cfg.get("no-new-privileges", False).value)
    except CheckError:
        return outcome
    failing = {name for f in outcome.findings for name in f.containers[:1]}
    # The daemon's default now sets the flag, but only at create (see _no_new_privileges): a
    # restart keeps NoNewPrivs 0, a new container from the same image gets 1. A container that
    # turns the option off itself is not fixed by recreating it.
    stale = [c.name for c in ctx.containers() if c.name in failing and _opt_value(c, "no-new-privileges") is None]
    if not default_on or not stale:
        return outcome
    action = f"recreate {some(stale, 10)} (a restart keeps NoNewPrivs 0; dockerd applies its default at create)"
    return outcome._replace(pending=action)


def _healthcheck(ctx: AuditContext, container: Container) -> Iterable[str]:
    if (container.raw.get("State") or {}).get("Health"):
        return
    test = (container.config.get("Healthcheck") or {}).get("Test") or []
    if not test or test[0] == "NONE":
        yield "has no health check (Config.Healthcheck is not set)"


register("runtime_healthcheck", per_container(_healthcheck, "all have a health check", live=True))


def _pids_limit(ctx: AuditContext, container: Container) -> Iterable[str]:
    limit = container.host_config.get("PidsLimit")
    if not limit or limit < 0:
        yield f"HostConfig.PidsLimit={_json(limit)} (no PIDs limit)"


register("runtime_pids_limit", per_container(_pids_limit, "all have a PIDs limit"))


def _socket_exposing_paths(ctx: AuditContext) -> tuple[set[str], set[str]]:
    """(spellings of the Docker socket path, directories whose bind mount would expose the socket)."""
    sockets = {ctx.socket, *SOCKET_SPELLINGS}
    dirs = set()
    for sock in sockets:
        parent = posixpath.dirname(sock)
        while parent not in ("/", "", "/var"):  # /var/run is a symlink: binding /var does not expose /run
            dirs.add(parent)
            parent = posixpath.dirname(parent)
    return sockets, dirs


def _docker_socket(ctx: AuditContext, container: Container) -> Iterable[str]:
    sockets, dirs = _socket_exposing_paths(ctx)
    for mount in container.mounts():
        source = str(mount.get("Source") or "")
        if not source:
            continue
        source = posixpath.normpath(source)
        if source in sockets or posixpath.basename(source) == "docker.sock":
            yield f"Mounts: Docker socket {source} at {mount.get('Destination')}"
        elif source in dirs:
            yield f"Mounts: host {source}, which contains the Docker socket, at {mount.get('Destination')}"


register("runtime_docker_socket_mount", per_container(_docker_socket, "none mounts the Docker socket"))


@check("swarm_mode")
def swarm_mode(ctx: AuditContext) -> Outcome:
    swarm = ctx.swarm()
    state = swarm.get("LocalNodeState") or "inactive"
    if state == "inactive":
        return passed("/info Swarm.LocalNodeState=inactive")
    node = str(swarm.get("NodeID") or "")[:12]
    return failed([Finding(f"/info Swarm.LocalNodeState={state} (node {node or 'unknown'})")])


# -- manual controls: show what a reviewer should look at -----------------------------------------


def _listing(describe: Callable[[Container], Iterable[str]], question: str) -> Callable[[AuditContext], Outcome]:
    def check(ctx: AuditContext) -> Outcome:
        if ctx.engine_error:
            return manual(question, f"containers unknown: Docker Engine API unreachable ({ctx.engine_error})")
        lines = [f"container {c.shown} {detail}" for c in ctx.containers() for detail in describe(c)]
        lines.extend(f"container {u.shown} could not be inspected: {u.error}" for u in ctx.uninspected())
        return manual(question, *(lines or ["nothing to review among the containers"]))

    return check


def _published_ports(container: Container) -> Iterable[str]:
    when = "" if container.running else " when it starts"
    for port, ip, host_port in container.port_bindings():
        address = f"[{ip}]" if ":" in ip else ip or ("0.0.0.0" if container.running else "the daemon's default address")
        yield f"publishes {port} on {address}:{host_port or 'a random port'}{when}"


register("manual_needed_ports", _listing(_published_ports, "review whether every published port is needed"))


def _devices(container: Container) -> Iterable[str]:
    for device in container.host_config.get("Devices") or []:
        yield (
            f"maps host device {device.get('PathOnHost')} to {device.get('PathInContainer')} "
            f"({device.get('CgroupPermissions')})"
        )


register("manual_host_devices", _listing(_devices, "review whether each host device is needed"))


def _ulimits(container: Container) -> Iterable[str]:
    for limit in container.host_config.get("Ulimits") or []:
        yield f"sets ulimit {limit.get('Name')}={limit.get('Soft')}:{limit.get('Hard')}"


register("manual_container_ulimits", _listing(_ulimits, "review whether containers need limits other than the default"))


def _default_bridge(container: Container) -> Iterable[str]:
    networks = (container.raw.get("NetworkSettings") or {}).get("Networks") or {}
    if "bridge" in networks:
        yield "is attached to the default bridge network"


register("manual_default_bridge", _listing(_default_bridge, "review containers on the default bridge network"))


def _image_refs(container: Container) -> Iterable[str]:
    yield f"runs image {container.image_ref} ({container.image_id.split(':', 1)[-1][:12]})"


register("manual_latest_image", _listing(_image_refs, "review that each image is the current build of its tag"))


@check("manual_exec_user_root")
def manual_exec_user_root(ctx: AuditContext) -> Outcome:
    question = "review the audit log for 'docker exec' sessions run as root (ausearch -k docker)"
    if ctx.engine_error:
        return manual(question)
    execs = ctx.state.get("execs") or {}
    lines = []
    for container in ctx.containers():
        for exec_id in container.raw.get("ExecIDs") or []:
            user = str(((execs.get(exec_id) or {}).get("ProcessConfig") or {}).get("user") or "")
            if user.split(":", 1)[0] in ("", "root", "0"):
                lines.append(f"container {container.shown} exec {exec_id[:12]} runs as user '{user or 'default'}'")
    return manual(question, *lines)


register("runtime_host_network", per_container(_mode_is_host("NetworkMode"), "none uses the host network"))
register("runtime_host_pid", per_container(_mode_is_host("PidMode"), "none shares the host's PID namespace"))
register("runtime_host_ipc", per_container(_mode_is_host("IpcMode"), "none shares the host's IPC namespace"))
register("runtime_host_uts", per_container(_mode_is_host("UTSMode"), "none shares the host's UTS namespace"))
register("runtime_host_userns", per_container(_mode_is_host("UsernsMode"), "none shares the host's user namespace"))
