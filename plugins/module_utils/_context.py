# Private to the hardened.docker collection: not a public API, may change without notice.
"""A read-only view of one HostState that the checks share.

It derives, once, what many checks need (the effective config, parsed
SecurityOptions, parsed audit rules, the paths of section 1 and 3) and turns
missing inputs into CheckError, so that each check stays a short pure function.
The gatherer uses the same path logic (``wanted_paths``) to decide what to
stat(), so checks and gatherer cannot disagree about which file is meant.
"""

from __future__ import annotations

import contextlib
import posixpath
import re
from typing import Any, NamedTuple

from ansible_collections.hardened.docker.plugins.module_utils._audit_rules import AuditRule, normalise_path, parse_rules
from ansible_collections.hardened.docker.plugins.module_utils._docker_api import DEFAULT_SOCKET
from ansible_collections.hardened.docker.plugins.module_utils._effective_config import (
    EffectiveConfig,
    TLSDecision,
    decide_tls,
)
from ansible_collections.hardened.docker.plugins.module_utils._image_store import describe_image_store
from ansible_collections.hardened.docker.plugins.module_utils._results import CheckError, Finding, one_line

DEFAULT_DAEMON_JSON = "/etc/docker/daemon.json"
DEFAULT_DATA_ROOT = "/var/lib/docker"
DEFAULT_EXEC_ROOT = "/var/run/docker"
ETC_DOCKER = "/etc/docker"
REGISTRY_CERTS_DIR = "/etc/docker/certs.d"
CONTAINERD_SOCK = "/run/containerd/containerd.sock"
CONTAINERD_CONFIG = "/etc/containerd/config.toml"
ETC_DEFAULT_DOCKER = "/etc/default/docker"
SYSCONFIG_DOCKER = "/etc/sysconfig/docker"
# Where distributions install the engine's binaries; the benchmark names /usr/bin,
# Debian ships runc and dockerd in /usr/sbin.
BINARY_DIRS = ("/usr/bin", "/usr/sbin", "/usr/local/bin", "/usr/local/sbin")
ENGINE_BINARIES = (
    "dockerd",
    "containerd",
    "containerd-shim",
    "containerd-shim-runc-v1",
    "containerd-shim-runc-v2",
    "runc",
)
NOISE_DIRS = ("overlay2", "volumes")  # under the data root: image layers and volume data
_USERNS_ROOT = re.compile(r"^\d+\.\d+$")


def _socket_path(address: str) -> str:
    """--containerd=unix:///run/containerd/containerd.sock names the same socket as the bare path."""
    return normalise_path(address[len("unix://") :] if address.startswith("unix://") else address)


def parse_security_options(options: Any) -> dict[str, dict[str, str]]:
    """["name=seccomp,profile=default", "name=userns"] -> {"seccomp": {"profile": "default"}, "userns": {}}."""
    parsed: dict[str, dict[str, str]] = {}
    for option in options or []:
        fields = dict(part.split("=", 1) for part in str(option).split(",") if "=" in part)
        name = fields.pop("name", None) or str(option)  # engines before 1.13 sent bare names
        parsed[name] = fields
    return parsed


class Container:
    """One container's inspect document (in any state), with the names evidence and waivers use."""

    def __init__(self, inspect: dict[str, Any]) -> None:
        self.raw = inspect
        self.id: str = inspect.get("Id") or ""
        self.short_id = self.id[:12]
        self.name: str = (inspect.get("Name") or "").lstrip("/") or self.short_id
        self.label = f"{self.name} ({self.short_id})"
        state = inspect.get("State") or {}
        # A paused container is Running too: its processes exist, frozen.
        self.running = bool(state.get("Running"))
        self.status: str = str(state.get("Status") or ("running" if self.running else "unknown"))
        # Evidence names a container that is not running with its state: "job (0a1b2c3d4e5f) (exited)".
        self.shown = self.label if self.status == "running" else f"{self.label} ({self.status})"
        self.config: dict[str, Any] = inspect.get("Config") or {}
        self.host_config: dict[str, Any] = inspect.get("HostConfig") or {}
        self.image_id: str = inspect.get("Image") or ""
        self.image_ref: str = self.config.get("Image") or self.image_id

    def finding(self, detail: str) -> Finding:
        return Finding(
            f"container {self.shown} {detail}",
            f"container {self.label}",
            (self.name, self.short_id, self.id),
            (self.image_ref, self.image_id),
        )

    def mounts(self) -> list[dict[str, Any]]:
        return [m for m in self.raw.get("Mounts") or [] if isinstance(m, dict)]

    def port_bindings(self) -> list[tuple[str, str, str]]:
        """(container port, host ip, host port) for every port published now, or at the next start.

        A running container shows its bindings in NetworkSettings.Ports. A stopped
        one has none there: HostConfig.PortBindings (and PublishAllPorts, which
        publishes every exposed port) are what it binds when it starts again. An
        empty host ip there means the daemon's default (its "ip" setting).
        """
        if self.running:
            ports = (self.raw.get("NetworkSettings") or {}).get("Ports") or {}
        else:
            ports = dict(self.host_config.get("PortBindings") or {})
            if self.host_config.get("PublishAllPorts"):
                for exposed in self.config.get("ExposedPorts") or {}:
                    ports.setdefault(exposed, [{"HostIp": "", "HostPort": ""}])
        found = []
        for container_port, bindings in sorted(ports.items()):
            for binding in bindings or []:
                found.append((container_port, binding.get("HostIp") or "", str(binding.get("HostPort") or "")))
        return found


class Uninspected(NamedTuple):
    """A container the daemon listed but whose inspect failed: every check that needs it says so."""

    id: str
    shown: str
    running: bool
    error: str


def _uninspected(record: dict[str, Any]) -> Uninspected:
    container_id = str(record.get("Id") or "")
    name = str(record.get("Name") or "") or container_id[:12]
    status = str(record.get("State") or "unknown")
    label = f"{name} ({container_id[:12]})"
    shown = label if status == "running" else f"{label} ({status})"
    return Uninspected(container_id, shown, status in ("running", "paused", "restarting"), str(record.get("error")))


class AuditContext:
    def __init__(self, state: dict[str, Any]) -> None:
        self.state = state
        self.cfg = EffectiveConfig(state.get("daemon_json") or {}, state.get("dockerd") or {})
        engine = state.get("engine") or {}
        self.socket: str = engine.get("socket") or DEFAULT_SOCKET
        self.info: dict[str, Any] = engine.get("info") or {}
        self.version: dict[str, Any] = engine.get("version") or {}
        self.networks: list[dict[str, Any]] = engine.get("networks") or []
        self.engine_error: str | None = engine.get("error") or (None if self.info else "the Engine API was not queried")
        self.security_options = parse_security_options(self.info.get("SecurityOptions"))
        rootless = state.get("rootless") or {}
        self.rootless = bool(rootless.get("enabled")) or "rootless" in self.security_options
        self.rootless_uid: int | None = rootless.get("uid")
        self.rootless_home: str | None = rootless.get("home")
        self._containers = [Container(c) for c in state.get("containers") or [] if isinstance(c, dict)]
        self._uninspected = [_uninspected(e) for e in state.get("container_errors") or [] if isinstance(e, dict)]

    # -- Engine API -------------------------------------------------------------------------

    def engine(self) -> dict[str, Any]:
        """/info, or CheckError when the Engine API could not be reached."""
        if self.engine_error:
            raise CheckError(f"Docker Engine API unreachable at {self.socket}: {self.engine_error}")
        return self.info

    def image_store(self) -> str:
        """The image store in use, from /info, for evidence; says why when it is unknown."""
        if self.engine_error:
            return f"image store unknown (Engine API unreachable: {self.engine_error})"
        return describe_image_store(self.info)

    def containers(self) -> list[Container]:
        """Every container in any state (docker ps --all): the benchmark judges their configuration."""
        self.engine()
        return self._containers

    def running_containers(self) -> list[Container]:
        """The containers with live processes, for checks that read /proc or the live state."""
        return [c for c in self.containers() if c.running]

    def uninspected(self, running_only: bool = False) -> list[Uninspected]:
        """Containers listed by the daemon whose inspect failed."""
        self.engine()
        return [u for u in self._uninspected if u.running or not running_only]

    def images(self) -> dict[str, dict[str, Any]]:
        """Inspect per image ID: every image on the host (docker images) and every image in use."""
        self.engine()
        return {k: v for k, v in (self.state.get("images") or {}).items() if isinstance(v, dict)}

    def image(self, image_id: str) -> dict[str, Any] | None:
        return (self.state.get("images") or {}).get(image_id)

    def image_error(self, image_id: str) -> str | None:
        return (self.state.get("image_errors") or {}).get(image_id)

    def daemon_security_option(self, name: str) -> dict[str, str] | None:
        """The fields of /info SecurityOptions name=NAME, None when the daemon does not list it.

        CheckError when /info has no SecurityOptions at all: an absent field says
        nothing about what the daemon enforces.
        """
        if not isinstance(self.engine().get("SecurityOptions"), list):
            raise CheckError("/info has no SecurityOptions field, so the daemon's security features are unknown")
        return self.security_options.get(name)

    def swarm(self) -> dict[str, Any]:
        return self.engine().get("Swarm") or {}

    # -- files ------------------------------------------------------------------------------

    def stat(self, path: str) -> dict[str, Any] | None:
        """The recorded stat() of a path, None when it does not exist; CheckError when it was not recorded."""
        paths = self.state.get("paths") or {}
        if path not in paths:
            raise CheckError(f"{path} was not recorded in the host state")
        record = paths[path] or {}
        if record.get("error"):
            raise CheckError(f"cannot stat {path}: {record['error']}")
        return record if record.get("exists") else None

    def exists(self, path: str) -> bool:
        return self.stat(path) is not None

    def unit_path(self, unit: str) -> str | None:
        units = self.state.get("units")
        if units is None:
            raise CheckError("the systemd unit paths were not recorded")
        return (units.get(unit) or {}).get("path") or None

    def unit_file(self, unit: str) -> str | None:
        """The unit's file as systemd reports it; CheckError when systemctl failed (it then says nothing
        about the unit), None when there is no such unit or no systemd at all."""
        path = self.unit_path(unit)
        problem = self.unit_problem(unit)
        if problem and not self.without_systemd():
            raise CheckError(f"systemctl show {unit} failed: {problem}")
        return path

    def rootless_unit_path(self, unit: str) -> str | None:
        """A rootless daemon's own systemd user unit (~/.config/systemd/user/<unit>); None when rootful."""
        if self.rootless and self.rootless_home:
            return f"{self.rootless_home.rstrip('/')}/.config/systemd/user/{unit}"
        return None

    def _runtime_dir(self) -> str | None:
        """A rootless daemon's XDG_RUNTIME_DIR, where it keeps its sockets and exec-root."""
        if self.rootless and self.rootless_uid is not None:
            return f"/run/user/{self.rootless_uid}"
        return None

    def containerd_socket_candidates(self) -> tuple[str, str]:
        """(the system containerd's socket, the socket of the containerd dockerd starts itself).

        moby cmd/dockerd/daemon.go systemContainerdRunning: the system socket is
        /run/containerd/containerd.sock, or $XDG_RUNTIME_DIR/containerd/containerd.sock
        for a rootless daemon; cmd/dockerd/daemon_unix.go initContainerD starts its own
        containerd in <exec-root>/containerd, whose socket is containerd.sock there
        (libcontainerd/supervisor/remote_daemon_linux.go setDefaults).
        """
        runtime = self._runtime_dir()
        system = f"{runtime}/containerd/containerd.sock" if runtime else CONTAINERD_SOCK
        return system, f"{self.exec_root().rstrip('/')}/containerd/containerd.sock"

    def exec_root(self) -> str:
        """dockerd's exec-root: its flag or daemon.json, else the default (in XDG_RUNTIME_DIR when rootless)."""
        runtime = self._runtime_dir()
        default = f"{runtime}/docker" if runtime else DEFAULT_EXEC_ROOT
        try:
            return str(self.cfg.get("exec-root").value or default)
        except CheckError:
            return default  # the flags are unknown; containerd_socket() says so

    def containerd_socket(self) -> tuple[str, str]:
        """The containerd socket the audited dockerd uses, and why that one.

        As dockerd decides (moby cmd/dockerd/daemon_unix.go initContainerD): the
        --containerd flag or daemon.json's "containerd" key; else the system
        containerd's socket when it exists; else the containerd dockerd runs itself.
        """
        setting = self.cfg.get("containerd")
        if setting.value:
            return _socket_path(str(setting.value)), setting.text
        system, managed = self.containerd_socket_candidates()
        if self.exists(system):
            return system, f"containerd is not set, and dockerd uses the system containerd at {system}"
        return managed, f"containerd is not set and {system} does not exist, so dockerd runs its own containerd"

    def unit_problem(self, unit: str) -> str | None:
        """Why systemd could not tell where a unit file is, if it could not."""
        units = self.state.get("units") or {}
        problem = units.get("error") or (units.get(unit) or {}).get("error")
        return " ".join(problem.split()) if problem else None

    def without_systemd(self) -> bool:
        """True when the host has no systemctl, so that no unit file can exist; not when systemctl failed."""
        return (self.state.get("units") or {}).get("systemd") is False

    def daemon_json_path(self) -> str:
        return (self.state.get("daemon_json") or {}).get("path") or DEFAULT_DAEMON_JSON

    def dockerd_exe(self) -> str | None:
        return (self.state.get("dockerd") or {}).get("exe") or None

    def binary_candidates(self, name: str) -> list[str]:
        found = [f"{d}/{name}" for d in BINARY_DIRS]
        if name == "dockerd" and self.dockerd_exe():
            found.insert(0, self.dockerd_exe() or "")
        return list(dict.fromkeys(found))

    def installed_binary(self, name: str) -> tuple[str | None, list[str]]:
        """The first candidate path of an engine binary that exists, and all the candidates looked at."""
        candidates = self.binary_candidates(name)
        for path in candidates:
            if self.exists(path):
                return path, candidates
        return None, candidates

    def data_root(self) -> tuple[str, str]:
        """The daemon's data-root (without the userns-remap subdirectory) and where it came from."""
        if not self.engine_error and self.info.get("DockerRootDir"):
            root = str(self.info["DockerRootDir"])
            if "userns" in self.security_options and _USERNS_ROOT.match(posixpath.basename(root)):
                root = posixpath.dirname(root)
            return root, f"/info DockerRootDir={self.info['DockerRootDir']}"
        setting = self.cfg.get("data-root")
        if setting.value:
            return str(setting.value), setting.text
        if self.rootless and self.rootless_home:
            return f"{self.rootless_home}/.local/share/docker", "rootless default data-root"
        return DEFAULT_DATA_ROOT, "default data-root"

    def noise_dirs(self) -> list[str]:
        """overlay2 and volumes under the data root (and the userns-remap root): the directories whose
        events CIS 1.7.0's never-rules of 1.1.5 keep out of the audit log."""
        roots = [self.data_root()[0]]
        if not self.engine_error and self.info.get("DockerRootDir"):
            roots.append(str(self.info["DockerRootDir"]))
        return list(dict.fromkeys(f"{root.rstrip('/')}/{name}" for root in roots for name in NOISE_DIRS))

    def dockerd_env(self) -> dict[str, str]:
        """dockerd's environment (the variables that change its TLS files), or CheckError when unknown."""
        dockerd = self.state.get("dockerd") or {}
        if dockerd.get("env") is not None:
            return dict(dockerd["env"])
        unit = (self.state.get("units") or {}).get("docker.service") or {}
        if not self.rootless and unit.get("environment") is not None:
            return dict(unit["environment"])  # systemctl show -p Environment, when /proc/PID/environ was unreadable
        why = dockerd.get("env_error") or "it was not recorded"
        raise CheckError(f"dockerd's environment (DOCKER_TLS_VERIFY, DOCKER_CERT_PATH) is unknown: {why}")

    def tls(self) -> TLSDecision:
        """Whether the API uses TLS, verifies clients, and with which files; every TLS check asks this."""
        home = self.rootless_home if self.rootless and self.rootless_home else "/root"
        return decide_tls(self.cfg, self.dockerd_env, home)

    def registry_cert_files(self) -> list[str]:
        """The files under certs.d/<registry>/; CheckError when the directory could not be read."""
        record = self.state.get("registry_certs")
        if record is None:
            raise CheckError("the registry certificate files were not recorded")
        if record.get("error"):
            raise CheckError(f"cannot list {self.registry_certs_dir()}: {record['error']}")
        return list(record.get("files") or [])

    def registry_certs_dir(self) -> str:
        return (self.state.get("registry_certs") or {}).get("dir") or REGISTRY_CERTS_DIR

    def owned_by_rootless_user(self, path: str) -> bool:
        """In rootless mode, files under the daemon user's home or runtime dir belong to that user."""
        if not self.rootless or self.rootless_uid is None:
            return False
        prefixes = [f"/run/user/{self.rootless_uid}/"]
        if self.rootless_home:
            prefixes.append(self.rootless_home.rstrip("/") + "/")
        return any(path.startswith(prefix) for prefix in prefixes)

    def wanted_paths(self) -> list[str]:
        """Every path whose stat() a check may look up; the gatherer records exactly these."""
        sockets = list(self.containerd_socket_candidates())
        # --containerd may be unknown, or the candidates not recorded yet: the candidates are stat()ed anyway.
        with contextlib.suppress(CheckError):
            sockets.append(self.containerd_socket()[0])
        paths = [
            ETC_DOCKER,
            *(p for sock in sockets for p in (sock, posixpath.dirname(sock))),
            CONTAINERD_CONFIG,
            ETC_DEFAULT_DOCKER,
            SYSCONFIG_DOCKER,
            self.socket,
            self.daemon_json_path(),
        ]
        for name in ENGINE_BINARIES:
            paths.extend(self.binary_candidates(name))
        paths.extend(
            p for p in (self.rootless_unit_path("docker.service"), self.rootless_unit_path("docker.socket")) if p
        )
        derived = (
            self.registry_cert_files,
            lambda: [p for p in (self.unit_path("docker.service"), self.unit_path("docker.socket")) if p],
            lambda: [self.data_root()[0]],
            self.noise_dirs,
            lambda: list(self.tls().files.values()),
        )
        for more in derived:
            # An input is missing or unreadable: the checks that need these paths report that.
            with contextlib.suppress(CheckError):
                paths.extend(more())
        return list(dict.fromkeys(paths))

    # -- audit rules ------------------------------------------------------------------------

    def loaded_rules(self) -> list[AuditRule] | None:
        """The rules in force (`auditctl -l`), None when the kernel's list could not be read."""
        loaded = (self.state.get("audit") or {}).get("loaded")
        return None if loaded is None else parse_rules(loaded)

    def loaded_rules_problem(self) -> str:
        """Why the kernel's rule list could not be read."""
        audit = self.state.get("audit") or {}
        return one_line(audit.get("auditctl_error") or "auditctl -l was not run")

    def unreadable_rule_files(self) -> list[str]:
        """Rule files (or rules.d itself) that exist but could not be read, with the reason."""
        return list((self.state.get("audit") or {}).get("unreadable") or [])

    def file_rules(self) -> list[AuditRule]:
        """The rules on disk, in the order augenrules loads them: rules.d/*.rules, then audit.rules."""
        files = (self.state.get("audit") or {}).get("files") or {}
        order = sorted(files, key=lambda name: (not name.startswith("/etc/audit/rules.d/"), name))
        return [rule for name in order for rule in parse_rules(files[name] or [], origin=name)]

    def audit_disabled(self) -> str | None:
        """Why the loaded rules are not in force, when `auditctl -s` showed the kernel's auditing disabled."""
        audit = self.state.get("audit") or {}
        if audit.get("loaded") is not None and audit.get("enabled") == 0:
            return "the kernel's auditing is disabled (auditctl -s: enabled 0), so no audit rule is in force"
        return None

    def resolved_paths(self) -> dict[str, str]:
        return (self.state.get("audit") or {}).get("resolved") or {}
