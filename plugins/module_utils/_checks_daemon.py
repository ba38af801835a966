# Private to the hardened.docker collection: not a public API, may change without notice.
"""Checks for section 2 of the benchmark: the Docker daemon's configuration.

Settings come from the effective config (daemon.json merged with dockerd's
flags). Where /info reports a setting, /info decides, because it is what the
running daemon really does; those checks need the Engine API and report
error when it cannot be reached.
"""

from __future__ import annotations

from typing import Any, Callable

from ansible_collections.hardened.docker.plugins.module_utils._context import AuditContext
from ansible_collections.hardened.docker.plugins.module_utils._effective_config import TLS_FILES, format_value, truthy
from ansible_collections.hardened.docker.plugins.module_utils._registry import check, register
from ansible_collections.hardened.docker.plugins.module_utils._remediation import DaemonSettings
from ansible_collections.hardened.docker.plugins.module_utils._results import (
    CheckError,
    Finding,
    Outcome,
    decide,
    failed,
    manual,
    not_applicable,
    passed,
    some,
)

# dockerd adds these to every insecure-registries list it loads (moby registry/config.go
# loadInsecureRegistries: "Localhost is by default considered as an insecure registry"; ::1/128 in newer
# engines), so they are in /info on every host and are no finding; the result says so (CIS 1.8.0's 2.5).
LOOPBACK_REGISTRY_CIDRS = ("127.0.0.0/8", "::1/128")
LOOPBACK_NOTE = "dockerd always treats 127.0.0.0/8 and ::1/128 as insecure registries; they are not findings"
LOCAL_LOG_DRIVERS = ("json-file", "local", "none")
# moby daemon/logger/syslog/syslog.go parseAddress: unix/unixgram or no address is this host's syslog.
REMOTE_SYSLOG_SCHEMES = ("tcp", "udp", "tcp+tls")
LOCAL_HOST_SCHEMES = ("unix://", "fd://", "npipe://")


def _described(ctx: AuditContext, key: str, default: Any = None) -> str:
    """Evidence for a setting that is only context, without failing when daemon.json is unreadable."""
    try:
        return ctx.cfg.get(key, default).text
    except CheckError as exc:
        return f"{key} unknown: {exc}"


def _as_list(value: Any) -> list[str]:
    if value is None:
        return []
    if isinstance(value, (list, tuple)):
        return [str(v) for v in value]
    return [str(value)]


@check("daemon_rootless")
def daemon_rootless(ctx: AuditContext) -> Outcome:
    if ctx.rootless:
        return passed(f"the daemon runs rootless (uid {ctx.rootless_uid})")
    uid = (ctx.state.get("dockerd") or {}).get("uid")
    shown = "unknown uid (dockerd not found)" if uid is None else f"uid {uid}"
    return manual(f"dockerd runs as {shown}: decide whether this host's workloads can run on a rootless daemon")


def _info_field(ctx: AuditContext, name: str) -> Any:
    """A field of /info that the running daemon always reports; CheckError when it is missing or empty."""
    value = ctx.engine().get(name)
    if value is None or value == "":
        raise CheckError(f"/info has no {name} field")
    return value


def _known(ctx: AuditContext, key: str, default: Any = None) -> tuple[Any, str, bool]:
    """(value, evidence, known) of a setting; unknown when daemon.json is unreadable or the flags are unknown."""
    try:
        setting = ctx.cfg.get(key, default)
    except CheckError as exc:
        return None, f"{key} unknown: {exc}", False
    return setting.value, setting.text, True


STALE_BRIDGE = (
    "icc=false is configured but the running default bridge predates it: dockerd applies it when it "
    "restarts with no container running (live-restore keeps the old bridge for running containers)"
)


def _bridge_pending(ctx: AuditContext) -> str:
    """What brings a configured bridge option into force: a restart with no container running.

    dockerd rebuilds its default bridge only when it restores no running
    container: with live-restore, any active sandbox makes it keep the old
    network configuration (moby daemon/daemon_unix.go initNetworkController).
    """
    running = [c.name for c in ctx.running_containers()]
    running += [u.shown for u in ctx.uninspected(running_only=True)]
    if not running:
        return "restart dockerd (no container runs now)"
    return f"stop the {len(running)} running container(s) ({some(running, 10)}), restart dockerd, start them again"


@check("daemon_icc", DaemonSettings({"icc": False}))
def daemon_icc(ctx: AuditContext) -> Outcome:
    icc_open = Finding("containers on the default bridge can talk to each other", "network bridge")
    value, text, known = _known(ctx, "icc", True)
    evidence = [text, *ctx.cfg.notes()]
    if not ctx.engine_error:
        # What the running daemon really did to its default bridge decides.
        bridge = next((n for n in ctx.networks if n.get("Name") == "bridge"), None)
        if bridge is None:
            return passed(*evidence, "the daemon has no default bridge network")
        actual = (bridge.get("Options") or {}).get("com.docker.network.bridge.enable_icc")
        if actual is not None:
            evidence.append(f"default bridge network has com.docker.network.bridge.enable_icc={actual}")
            pending = ""
            if truthy(actual) and known and not truthy(value):
                # With live-restore, dockerd keeps the default bridge it had while containers run on it.
                evidence.append(STALE_BRIDGE)
                pending = _bridge_pending(ctx)
            return failed([icc_open], *evidence, pending=pending) if truthy(actual) else passed(*evidence)
    if not known:
        raise CheckError(text[len("icc unknown: ") :])
    return failed([icc_open], *evidence) if truthy(value) else passed(*evidence)


@check("daemon_log_level", DaemonSettings({"log-level": "info", "debug": None}))
def daemon_log_level(ctx: AuditContext) -> Outcome:
    findings = []
    debug_info = not ctx.engine_error and bool(ctx.info.get("Debug"))
    if debug_info:
        findings.append(Finding("/info reports Debug=true"))
    try:
        level = ctx.cfg.get("log-level", "info")
        debug = ctx.cfg.get("debug", False)
    except CheckError:
        if findings:  # the running daemon logs at debug level, whatever its configuration says
            return failed(findings, _described(ctx, "log-level", "info"))
        raise
    evidence = [level.text, *ctx.cfg.notes()]
    if str(level.value).lower() != "info":
        findings.insert(0, Finding(f"log level is {level.value}, not info"))
    if truthy(debug.value) and not debug_info:
        findings.append(Finding(debug.text))
    return decide(findings, ["log level is info"], evidence)


@check("daemon_iptables", DaemonSettings({"iptables": True}))
def daemon_iptables(ctx: AuditContext) -> Outcome:
    setting = ctx.cfg.get("iptables", True)
    findings = [] if truthy(setting.value) else [Finding("Docker may not manage iptables rules")]
    return decide(findings, [], [setting.text, *ctx.cfg.notes()])


@check("daemon_insecure_registries", DaemonSettings({"insecure-registries": None}))
def daemon_insecure_registries(ctx: AuditContext) -> Outcome:
    # /info shows what the running daemon trusts; a daemon.json that cannot be read changes nothing about that.
    registry = _info_field(ctx, "RegistryConfig")
    value, text, _known_setting = _known(ctx, "insecure-registries", [])
    seen: dict[str, str] = {}
    for cidr in registry.get("InsecureRegistryCIDRs") or []:
        if cidr not in LOOPBACK_REGISTRY_CIDRS:
            seen.setdefault(cidr, "/info RegistryConfig.InsecureRegistryCIDRs")
    for name, index in sorted((registry.get("IndexConfigs") or {}).items()):
        if isinstance(index, dict) and index.get("Secure") is False:
            seen.setdefault(name, "/info RegistryConfig.IndexConfigs")
    for name in _as_list(value):
        seen.setdefault(name, text)
    findings = [Finding(f"insecure registry {name} ({where})", f"registry {name}") for name, where in seen.items()]
    return decide(findings, ["no insecure registries besides the loopback ranges"], [LOOPBACK_NOTE])


def _not_driver(name: str) -> Callable[[AuditContext], Outcome]:
    """A check that the running daemon's storage driver (/info Driver) is not `name`."""

    def not_driver(ctx: AuditContext) -> Outcome:
        driver = _info_field(ctx, "Driver")
        evidence = [f"/info Driver={driver}", ctx.image_store(), _described(ctx, "storage-driver")]
        findings = [Finding(f"the {name} storage driver is in use")] if driver == name else []
        return decide(findings, [], evidence)

    return not_driver


# Removing the key lets dockerd choose its default driver (overlay2 where the kernel supports it).
register("daemon_no_aufs", _not_driver("aufs"), DaemonSettings({"storage-driver": None}))
register("daemon_no_devicemapper", _not_driver("devicemapper"), DaemonSettings({"storage-driver": None}))


def _listen_addresses(ctx: AuditContext) -> tuple[list[str], list[str]]:
    """(TCP listeners, all listeners) of the daemon, following fd:// to docker.socket."""
    hosts = _as_list(ctx.cfg.get("hosts").value) or ["unix:///var/run/docker.sock"]
    listeners: list[str] = []
    for host in hosts:
        if host.startswith("fd://"):
            problem = ctx.unit_problem("docker.socket")
            if problem:  # its ListenStream= sockets may be TCP
                raise CheckError(f"dockerd listens on {host}, and docker.socket could not be read: {problem}")
            socket_unit = (ctx.state.get("units") or {}).get("docker.socket") or {}
            listeners.extend(f"{entry} (docker.socket)" for entry in socket_unit.get("listen") or [])
        else:
            listeners.append(host)
    tcp = [entry for entry in listeners if not entry.startswith(LOCAL_HOST_SCHEMES) and not entry.startswith("/")]
    return tcp, listeners


@check("daemon_tls", DaemonSettings({"tlsverify": True}))
def daemon_tls(ctx: AuditContext) -> Outcome:
    tcp, listeners = _listen_addresses(ctx)
    notes = ctx.cfg.notes()
    if not tcp:
        return passed(f"the daemon listens only on local sockets: {', '.join(listeners) or 'none'}", *notes)
    tls = ctx.tls()
    if not tls.verified:
        text = f"the daemon listens on {', '.join(tcp)} without client certificate verification"
        return failed([Finding(text)], *tls.evidence, *notes)
    findings = [
        Finding(f"TLS is on, but dockerd uses no {key} file") for key, _name in TLS_FILES if key not in tls.files
    ]
    findings += [
        Finding(f"{key} {path} does not exist", path) for key, path in tls.files.items() if not ctx.exists(path)
    ]
    shown = ", ".join(f"{key}={path}" for key, path in tls.files.items())
    return decide(
        findings, [f"TCP listeners {', '.join(tcp)} verify client certificates with {shown}"], [*tls.evidence, *notes]
    )


@check(
    "manual_default_ulimit",
    DaemonSettings({"default-ulimits": {"nofile": {"Name": "nofile", "Soft": 64000, "Hard": 64000}}}),
)
def manual_default_ulimit(ctx: AuditContext) -> Outcome:
    return manual(_described(ctx, "default-ulimits"), "decide which default limits containers should get")


@check("daemon_userns", DaemonSettings({"userns-remap": "default"}))
def daemon_userns(ctx: AuditContext) -> Outcome:
    if ctx.rootless:
        return not_applicable("rootless daemon: containers already run in the daemon user's namespace")
    if "SecurityOptions" not in ctx.engine():  # null is a daemon without any, which is a fail here
        raise CheckError("/info has no SecurityOptions field")
    evidence = [_described(ctx, "userns-remap")]
    if "userns" in ctx.security_options:
        return passed("/info SecurityOptions includes name=userns", *evidence)
    return failed([Finding("/info SecurityOptions has no name=userns: user namespace remapping is off")], *evidence)


@check("daemon_cgroup_parent", DaemonSettings({"cgroup-parent": None}))
def daemon_cgroup_parent(ctx: AuditContext) -> Outcome:
    setting = ctx.cfg.get("cgroup-parent")
    findings = [Finding(f"{setting.text}: confirm the parent cgroup's limits")] if setting.value else []
    return decide(findings, [setting.text], ctx.cfg.notes())


@check("daemon_base_device_size")
def daemon_base_device_size(ctx: AuditContext) -> Outcome:
    setting = ctx.cfg.get("storage-opts", [])
    changed = [opt for opt in _as_list(setting.value) if opt.replace(" ", "").lower().startswith("dm.basesize=")]
    findings = [Finding(f"storage option {opt} changes the base device size") for opt in changed]
    return decide(findings, [setting.text], ctx.cfg.notes())


@check("daemon_authorization", DaemonSettings({"authorization-plugins": ["authz-broker"]}))
def daemon_authorization(ctx: AuditContext) -> Outcome:
    found = _info_field(ctx, "Plugins")
    if "Authorization" not in found:
        raise CheckError("/info Plugins has no Authorization list")
    plugins = _as_list(found["Authorization"])  # null: none loaded
    evidence = [_described(ctx, "authorization-plugins")]
    if plugins:
        return passed(f"/info Plugins.Authorization={', '.join(plugins)}", *evidence)
    return failed([Finding("no authorization plugin is loaded (/info Plugins.Authorization is empty)")], *evidence)


@check(
    "daemon_remote_logging",
    DaemonSettings({"log-driver": "syslog", "log-opts": {"syslog-address": "tcp://192.0.2.10:514"}}),
)
def daemon_remote_logging(ctx: AuditContext) -> Outcome:
    driver = str(_info_field(ctx, "LoggingDriver"))
    evidence = [f"/info LoggingDriver={driver}", _described(ctx, "log-driver", "json-file")]
    if driver in LOCAL_LOG_DRIVERS:
        return failed([Finding(f"log driver {driver} keeps container logs on this host only")], *evidence)
    if driver == "journald":
        return manual(*evidence, "journald keeps container logs in this host's journal: confirm that it is forwarded")
    if driver == "syslog":
        options = ctx.cfg.get("log-opts", {})
        address = str((options.value or {}).get("syslog-address") or "")
        scheme = address.partition("://")[0] if "://" in address else ""
        evidence.append(options.text)
        if scheme not in REMOTE_SYSLOG_SCHEMES:
            where = f"syslog-address {address}" if address else "no syslog-address"
            return failed([Finding(f"log driver syslog with {where} logs to this host's syslog only")], *evidence)
    return passed(*evidence)


@check("daemon_no_new_privileges", DaemonSettings({"no-new-privileges": True}))
def daemon_no_new_privileges(ctx: AuditContext) -> Outcome:
    info_says = not ctx.engine_error and "no-new-privileges" in ctx.security_options
    if info_says:
        return passed("/info SecurityOptions includes name=no-new-privileges", _described(ctx, "no-new-privileges"))
    setting = ctx.cfg.get("no-new-privileges", False)
    evidence = [setting.text, *ctx.cfg.notes()]
    if truthy(setting.value):
        return passed(*evidence)
    return failed([Finding("new containers may gain privileges through setuid/setgid binaries")], *evidence)


@check("daemon_live_restore", DaemonSettings({"live-restore": True}))
def daemon_live_restore(ctx: AuditContext) -> Outcome:
    enabled = _info_field(ctx, "LiveRestoreEnabled")
    evidence = [f"/info LiveRestoreEnabled={format_value(bool(enabled))}", _described(ctx, "live-restore", False)]
    findings = [] if enabled else [Finding("containers stop when the daemon stops")]
    return decide(findings, [], evidence)


@check("daemon_userland_proxy", DaemonSettings({"userland-proxy": False}))
def daemon_userland_proxy(ctx: AuditContext) -> Outcome:
    setting = ctx.cfg.get("userland-proxy", True)
    findings = [Finding("published ports are served by docker-proxy processes")] if truthy(setting.value) else []
    return decide(findings, [], [setting.text, *ctx.cfg.notes()])


@check("manual_seccomp_profile", DaemonSettings({"seccomp-profile": None}))
def manual_seccomp_profile(ctx: AuditContext) -> Outcome:
    evidence = [_described(ctx, "seccomp-profile")]
    if not ctx.engine_error:
        seccomp = ctx.security_options.get("seccomp")
        evidence.append(
            "/info: seccomp not supported"
            if seccomp is None
            else f"/info: seccomp profile {seccomp.get('profile', 'default')}"
        )
    return manual(*evidence, "decide whether the default profile fits the workloads or a custom one is needed")


@check("daemon_experimental", DaemonSettings({"experimental": False}))
def daemon_experimental(ctx: AuditContext) -> Outcome:
    experimental = bool(_info_field(ctx, "ExperimentalBuild"))
    evidence = [f"/info ExperimentalBuild={format_value(experimental)}", _described(ctx, "experimental", False)]
    findings = [Finding("experimental features are enabled")] if experimental else []
    return decide(findings, [], evidence)
