# Private to the hardened.docker collection: not a public API, may change without notice.
"""Gather a HostState: everything the CIS checks read from one host, read once.

A HostState is plain JSON-able data, so a real host can be recorded and
replayed as a test fixture. Top-level keys:

- ``schema``, ``collected_at``, ``host`` (hostname, kernel, the host's SELinux mode)
- ``engine``: socket, error, /info, /version, /networks
- ``containers`` (one inspect per container in any state, as ``docker ps --all``
  lists them), ``container_errors`` (listed containers whose inspect failed: Id,
  Name, State, error), ``images`` (inspect per image on the host and per image in
  use, by ID), ``image_errors`` (ID -> why its inspect failed), ``execs``
  (inspect per exec instance, by ID)
- ``processes``: per running container ID, what the host's /proc shows for its PID
  and descendants (command names, NoNewPrivs, Seccomp); containers are never exec'd into
- ``rootless``, ``dockerd`` (pid, uid, exe, argv, the TLS variables of its environment),
  ``daemon_json`` (path, content or parse error)
- ``units`` (docker.service/docker.socket paths, sockets and TLS variables from systemd)
- ``paths`` (stat of every path a check looks at)
- ``audit`` (loaded rules, the kernel's audit state from ``auditctl -s``, rule files and those that
  could not be read, realpaths)
- ``docker_group``, ``registry_certs``
- ``content_trust`` (DOCKER_CONTENT_TRUST lines of the login shell files), ``env_files``
- ``mounts`` (mount points), ``listeners`` (swarm ports listening, when swarm is active)

Only the standard library is used: this runs on audited hosts.
"""

from __future__ import annotations

import datetime
import glob
import grp
import os
import pwd
import re
import shutil
import socket
import stat as stat_module
from typing import Any, Callable, Iterable

from ansible_collections.hardened.docker.plugins.module_utils._audit_rules import parse_rules
from ansible_collections.hardened.docker.plugins.module_utils._context import (
    DEFAULT_DAEMON_JSON,
    REGISTRY_CERTS_DIR,
    AuditContext,
)
from ansible_collections.hardened.docker.plugins.module_utils._daemon_json import (
    DaemonJSONError,
    describe_duplicates,
    engine_major,
    parse_daemon_json,
    refused_by_engine,
)
from ansible_collections.hardened.docker.plugins.module_utils._daemon_options import (
    CONFIG_FILE_KEY,
    find_dockerd_processes,
    parse_dockerd_args,
)
from ansible_collections.hardened.docker.plugins.module_utils._docker_api import (
    APIResponseError,
    DockerAPI,
    DockerAPIError,
    NotFound,
)
from ansible_collections.hardened.docker.plugins.module_utils._results import one_line

# 2: containers in every state (docker ps --all), container_errors, every image on the host, image_errors.
SCHEMA = 2
# (argv) -> (rc, stdout, stderr), e.g. AnsibleModule.run_command
Runner = Callable[[list], "tuple[int, str, str]"]

AUDIT_RULES_DIR = "/etc/audit/rules.d"
AUDIT_RULES_FILE = "/etc/audit/audit.rules"
CONTENT_TRUST_FILES = ("/etc/environment", "/etc/profile", "/etc/profile.d/*.sh", "/etc/bash.bashrc")
ENV_FILES = ("/etc/default/docker", "/etc/sysconfig/docker")
# Only the lines that pass options to dockerd; these files may also hold proxy credentials.
_ENV_OPTION_LINE = re.compile(r"^\s*(?:export\s+)?(?:DOCKER_OPTS|OPTIONS|DOCKER_OPTIONS|OTHER_ARGS|other_args)=")
SBIN_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"
SWARM_PORTS = (2377, 7946)
# dockerd's environment that decides its TLS files (cmd/dockerd/options.go); nothing else is recorded.
DOCKERD_ENV = ("DOCKER_TLS_VERIFY", "DOCKER_CERT_PATH", "DOCKER_CONFIG", "HOME")
_TCP_LISTEN = "0A"
_MAX_DESCENDANTS = 2000
_ROOTLESS_SOCKET = re.compile(r"^/run/user/(\d+)/")


# -- parsers (pure, unit-tested) ------------------------------------------------------------------


def parse_cmdline(raw: bytes) -> list[str]:
    """/proc/PID/cmdline (NUL-separated, NUL-terminated) to argv."""
    argv = [part.decode("utf-8", "replace") for part in raw.split(b"\0")]
    while argv and argv[-1] == "":
        argv.pop()
    return argv


def parse_proc_stat(text: str) -> tuple[int, str, int]:
    """/proc/PID/stat to (pid, comm, ppid); comm may itself contain spaces and parentheses."""
    left, right = text.index("("), text.rindex(")")
    fields = text[right + 2 :].split()
    return int(text[:left]), text[left + 1 : right], int(fields[1])


def parse_status_fields(text: str, names: Iterable[str]) -> dict[str, int | None]:
    wanted = set(names)
    found: dict[str, int | None] = {name: None for name in wanted}
    for line in text.splitlines():
        name, _sep, value = line.partition(":")
        if name in wanted:
            try:
                found[name] = int(value.split()[0])
            except (ValueError, IndexError):
                found[name] = None
    return found


def _unescape_mount(field: str) -> str:
    return re.sub(r"\\([0-7]{3})", lambda m: chr(int(m.group(1), 8)), field)


def parse_mountinfo(text: str) -> list[str]:
    """Mount points from /proc/self/mountinfo (field 5), octal escapes decoded."""
    points = []
    for line in text.splitlines():
        fields = line.split()
        if len(fields) > 4:
            points.append(_unescape_mount(fields[4]))
    return list(dict.fromkeys(points))


def parse_systemctl_show(text: str) -> dict[str, Any]:
    """`systemctl show -p FragmentPath -p Listen -p Environment UNIT` to {"path", "listen", "environment"}.

    Only the variables in DOCKERD_ENV are kept from Environment= (words NAME=VALUE, as systemctl prints them).
    """
    path, listen, environment = None, [], {}
    for line in text.splitlines():
        key, _sep, value = line.partition("=")
        if key == "FragmentPath":
            path = value.strip() or None
        elif key == "Listen" and value.strip():
            listen.append(value.strip())
        elif key == "Environment":
            environment.update(_wanted_env(word.strip('"') for word in value.split()))
    return {"path": path, "listen": listen, "environment": environment}


def _wanted_env(words: Iterable[str]) -> dict[str, str]:
    found = {}
    for word in words:
        name, sep, value = word.partition("=")
        if sep and name in DOCKERD_ENV:
            found[name] = value
    return found


def parse_environ(raw: bytes) -> dict[str, str]:
    """/proc/PID/environ (NUL-separated) to the variables in DOCKERD_ENV; no other variable is kept."""
    return _wanted_env(part.decode("utf-8", "replace") for part in raw.split(b"\0"))


def parse_proc_net_tcp(text: str, ipv6: bool) -> list[dict[str, Any]]:
    """Listening sockets from /proc/net/tcp or tcp6 as [{"address", "port"}]."""
    found = []
    for line in text.splitlines()[1:]:
        fields = line.split()
        if len(fields) < 4 or fields[3] != _TCP_LISTEN:
            continue
        address_hex, port_hex = fields[1].split(":")
        raw = bytes.fromhex(address_hex)
        # The kernel prints each 32-bit word in host (little-endian) order.
        words = b"".join(raw[i : i + 4][::-1] for i in range(0, len(raw), 4))
        family = socket.AF_INET6 if ipv6 else socket.AF_INET
        found.append({"address": socket.inet_ntop(family, words), "port": int(port_hex, 16)})
    return found


def read_daemon_json(path: str, major: int | None = None) -> dict[str, Any]:
    """daemon.json as recorded in a HostState, decoded as dockerd does (_daemon_json).

    `major` is the running engine's major version: dockerd before 23.0 refuses a BOM or an
    empty file, so for such an engine the file is an error, not the configuration in effect.
    """
    record: dict[str, Any] = {"path": path, "exists": False, "content": None, "error": None, "notes": []}
    try:
        with open(path, "rb") as handle:
            raw = handle.read()
    except FileNotFoundError:
        return record
    except OSError as exc:
        record.update(exists=True, error=exc.strerror or str(exc))
        return record
    record["exists"] = True
    try:
        parsed = parse_daemon_json(raw)
    except DaemonJSONError as exc:
        record["error"] = str(exc)
        if exc.line is not None:
            record.update(line=exc.line, column=exc.column)
        return record
    refused = refused_by_engine(parsed, major)
    if refused:
        record["error"] = refused
        return record
    record["content"] = parsed.content
    record["notes"] = describe_duplicates(parsed)
    return record


# -- gathering ------------------------------------------------------------------------------------


def _read_text(path: str, limit: int = 1 << 20) -> str | None:
    try:
        with open(path, encoding="utf-8", errors="replace") as handle:
            return handle.read(limit)
    except OSError:
        return None


def _stat(path: str) -> dict[str, Any]:
    try:
        st = os.stat(path)
    except FileNotFoundError:
        return {"exists": False}
    except OSError as exc:
        return {"exists": False, "error": exc.strerror or str(exc)}
    if stat_module.S_ISDIR(st.st_mode):
        kind = "dir"
    elif stat_module.S_ISSOCK(st.st_mode):
        kind = "socket"
    elif stat_module.S_ISREG(st.st_mode):
        kind = "file"
    else:
        kind = "other"
    try:
        owner = pwd.getpwuid(st.st_uid).pw_name
    except KeyError:
        owner = None
    try:
        group = grp.getgrgid(st.st_gid).gr_name
    except KeyError:
        group = None
    mode = f"{stat_module.S_IMODE(st.st_mode):04o}"
    return {
        "exists": True,
        "type": kind,
        "mode": mode,
        "uid": st.st_uid,
        "gid": st.st_gid,
        "owner": owner,
        "group": group,
    }


def _listed_name(item: dict[str, Any]) -> str:
    """The name `docker ps` shows for a list entry ("/web" -> "web")."""
    names = [str(n).lstrip("/") for n in item.get("Names") or [] if n]
    return names[0] if names else ""


def _gather_engine(socket_path: str, timeout: float, objects: bool = True) -> dict[str, Any]:
    """/info, /version, /networks, and with `objects` every container and image (and exec) inspected."""
    engine: dict[str, Any] = {"socket": socket_path, "error": None, "info": None, "version": None, "networks": []}
    containers: list[dict[str, Any]] = []
    container_errors: list[dict[str, Any]] = []
    images: dict[str, Any] = {}
    image_errors: dict[str, str] = {}
    execs: dict[str, Any] = {}
    with DockerAPI(socket_path, timeout) as api:
        try:
            engine["info"] = api.get("/info")
            engine["version"] = api.get("/version")
            engine["networks"] = api.get("/networks")
            # Stopped and created containers keep their HostConfig and come back on the next start.
            for item in api.list_containers() if objects else []:
                try:
                    containers.append(api.inspect_container(item["Id"]))
                except NotFound:
                    continue  # removed between list and inspect
                except APIResponseError as exc:
                    listed = {"Id": item["Id"], "Name": _listed_name(item), "State": item.get("State")}
                    container_errors.append({**listed, "error": one_line(exc)})
            on_host = [str(i.get("Id")) for i in (api.list_images() if objects else []) if i.get("Id")]
            in_use = [str(c["Image"]) for c in containers if c.get("Image")]
            for image_id in dict.fromkeys([*on_host, *in_use]):
                try:
                    images[image_id] = api.inspect_image(image_id)
                except NotFound:
                    continue  # removed since it was listed; an image in use then counts as not inspected
                except APIResponseError as exc:
                    image_errors[image_id] = one_line(exc)
            for exec_id in (e for c in containers for e in c.get("ExecIDs") or []):
                try:
                    execs[exec_id] = api.inspect_exec(exec_id)
                except NotFound:
                    continue
        except DockerAPIError as exc:
            engine["error"] = one_line(exc)
    return {
        "engine": engine,
        "containers": containers,
        "container_errors": container_errors,
        "images": images,
        "image_errors": image_errors,
        "execs": execs,
    }


def _same_pid_namespace(proc_root: str, pid: int) -> bool:
    """False for a dockerd in another PID namespace (e.g. inside a container on this host)."""
    try:
        return os.readlink(f"{proc_root}/{pid}/ns/pid") == os.readlink(f"{proc_root}/self/ns/pid")
    except OSError:
        return True


def _gather_dockerd(proc_root: str, want_uid: int) -> dict[str, Any]:
    candidates = [p for p in find_dockerd_processes(proc_root) if _same_pid_namespace(proc_root, p.pid)]
    chosen = next((p for p in candidates if p.uid == want_uid), None)
    if chosen is None:
        return {"pid": None, "uid": None, "exe": None, "argv": None, "error": f"no dockerd running as uid {want_uid}"}
    try:
        exe: str | None = os.readlink(f"{proc_root}/{chosen.pid}/exe")
    except OSError:
        exe = None
    record = {"pid": chosen.pid, "uid": chosen.uid, "exe": exe, "argv": chosen.argv, "error": None}
    try:
        with open(f"{proc_root}/{chosen.pid}/environ", "rb") as handle:
            record.update(env=parse_environ(handle.read()), env_error=None)
    except OSError as exc:
        record.update(env=None, env_error=f"cannot read {proc_root}/{chosen.pid}/environ: {exc.strerror or exc}")
    return record


def _gather_rootless(socket_path: str, info: dict[str, Any] | None) -> dict[str, Any]:
    by_socket = _ROOTLESS_SOCKET.match(socket_path)
    security = [str(o) for o in (info or {}).get("SecurityOptions") or []]
    by_info = any(o == "name=rootless" or o.startswith("name=rootless,") for o in security)
    record: dict[str, Any] = {"enabled": bool(by_info or by_socket), "uid": None, "user": None, "home": None}
    if not record["enabled"]:
        return record
    record["detected_by"] = "/info SecurityOptions name=rootless" if by_info else f"socket {socket_path}"
    if by_socket:
        record["uid"] = int(by_socket.group(1))
    else:
        try:
            record["uid"] = os.stat(socket_path).st_uid
        except OSError:
            return record
    try:
        entry = pwd.getpwuid(record["uid"])
        record.update(user=entry.pw_name, home=entry.pw_dir)
    except KeyError:
        pass
    return record


def _gather_units(run: Runner) -> dict[str, Any]:
    systemctl = shutil.which("systemctl", path=SBIN_PATH)
    if systemctl is None:
        return {"error": "systemctl not found (not a systemd host?)", "systemd": False}
    units: dict[str, Any] = {"error": None}
    for unit in ("docker.service", "docker.socket"):
        rc, out, err = run([systemctl, "show", "-p", "FragmentPath", "-p", "Listen", "-p", "Environment", unit])
        if rc != 0:
            units[unit] = {"path": None, "listen": [], "environment": None, "error": one_line(err or out, 300)}
        else:
            units[unit] = parse_systemctl_show(out)
    return units


def parse_auditctl_status(text: str) -> int | None:
    """The kernel's audit state from `auditctl -s`: 0 disabled, 1 enabled, 2 enabled and locked."""
    for line in text.splitlines():
        fields = line.split()
        if len(fields) >= 2 and fields[0] == "enabled" and fields[1].isdigit():
            return int(fields[1])
    return None


def _gather_audit(run: Runner) -> dict[str, Any]:
    audit: dict[str, Any] = {
        "loaded": None,
        "enabled": None,
        "auditctl_error": None,
        "auditctl_missing": False,
        "files": {},
    }
    auditctl = shutil.which("auditctl", path=SBIN_PATH)
    if auditctl is None:
        audit.update(auditctl_error="auditctl is not installed", auditctl_missing=True)
    elif os.geteuid() != 0:
        audit["auditctl_error"] = "auditctl -l needs root"
    else:
        rc, out, err = run([auditctl, "-l"])
        if rc == 0:
            audit["loaded"] = [line for line in out.splitlines() if line.strip() and line.strip() != "No rules"]
            # Loaded rules do nothing while the kernel's auditing is disabled (auditctl -e 0).
            rc, out, _err = run([auditctl, "-s"])
            audit["enabled"] = parse_auditctl_status(out) if rc == 0 else None
        else:
            # auditctl prints its errors over several lines; evidence lines must be single lines.
            audit["auditctl_error"] = f"auditctl -l failed: {one_line(err or out, 200)}"
    # A rule file that cannot be read (without root) is not a rule file without rules.
    audit["unreadable"] = []
    try:
        names = sorted(n for n in os.listdir(AUDIT_RULES_DIR) if n.endswith(".rules") and not n.startswith("."))
    except FileNotFoundError:
        names = []
    except OSError as exc:
        names = []
        audit["unreadable"].append(f"{AUDIT_RULES_DIR} ({exc.strerror or exc})")
    for path in [*(f"{AUDIT_RULES_DIR}/{name}" for name in names), AUDIT_RULES_FILE]:
        try:
            with open(path, encoding="utf-8", errors="replace") as handle:
                audit["files"][path] = handle.read(1 << 20).splitlines()
        except FileNotFoundError:
            continue
        except OSError as exc:
            audit["unreadable"].append(f"{path} ({exc.strerror or exc})")
    return audit


def _gather_selinux(sys_root: str = "/sys") -> dict[str, Any]:
    """The host's own SELinux mode: selinuxfs is mounted exactly when the kernel runs SELinux."""
    path = f"{sys_root}/fs/selinux/enforce"
    try:
        with open(path, encoding="ascii") as handle:
            value = handle.read().strip()
    except FileNotFoundError:
        return {"mode": "disabled", "source": f"{path} does not exist", "error": None}
    except (OSError, UnicodeDecodeError) as exc:
        return {"mode": None, "source": path, "error": f"cannot read {path}: {getattr(exc, 'strerror', None) or exc}"}
    modes = {"1": "enforcing", "0": "permissive"}
    if value not in modes:
        return {"mode": None, "source": path, "error": f"{path} holds {value!r}, not 0 or 1"}
    return {"mode": modes[value], "source": f"{path}={value}", "error": None}


def _gather_docker_group() -> dict[str, Any]:
    try:
        group = grp.getgrnam("docker")
    except KeyError:
        return {"exists": False, "gid": None, "members": []}
    members = set(group.gr_mem)
    # Users whose primary group is docker are members too, without being listed in /etc/group.
    members.update(user.pw_name for user in pwd.getpwall() if user.pw_gid == group.gr_gid)
    return {"exists": True, "gid": group.gr_gid, "members": sorted(members)}


def _gather_content_trust() -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for pattern in CONTENT_TRUST_FILES:
        for path in sorted(glob.glob(pattern)) if "*" in pattern else [pattern]:
            text = _read_text(path)
            if text is not None:
                found[path] = [line for line in text.splitlines() if "DOCKER_CONTENT_TRUST" in line]
    return found


def _gather_env_files() -> dict[str, list[str] | None]:
    found: dict[str, list[str] | None] = {}
    for path in ENV_FILES:
        text = _read_text(path)
        found[path] = None if text is None else [line for line in text.splitlines() if _ENV_OPTION_LINE.match(line)]
    return found


def _list_dir(path: str) -> list[os.DirEntry]:
    with os.scandir(path) as entries:
        return list(entries)


def _gather_registry_certs(rootless: dict[str, Any]) -> dict[str, Any]:
    """The files in certs.d/<registry>/; an unreadable directory is an error, not an empty one."""
    base = REGISTRY_CERTS_DIR
    if rootless.get("enabled") and rootless.get("home"):
        base = f"{rootless['home']}/.config/docker/certs.d"
    files: list[str] = []
    try:
        for registry in _list_dir(base):
            if registry.is_dir():
                files.extend(entry.path for entry in _list_dir(registry.path) if entry.is_file())
    except FileNotFoundError:
        pass  # no certs.d (or a registry directory removed meanwhile): nothing to check there
    except OSError as exc:
        return {"dir": base, "files": [], "error": f"{exc.filename}: {exc.strerror or exc}"}
    return {"dir": base, "files": sorted(files), "error": None}


def _process_tree(proc_root: str) -> tuple[dict[int, str], dict[int, list[int]]]:
    """One pass over /proc: command name per PID, and children per PID."""
    comms: dict[int, str] = {}
    children: dict[int, list[int]] = {}
    try:
        entries = os.listdir(proc_root)
    except OSError:
        return comms, children
    for entry in entries:
        if not entry.isdigit():
            continue
        text = _read_text(f"{proc_root}/{entry}/stat")
        if not text:
            continue
        try:
            pid, comm, ppid = parse_proc_stat(text)
        except (ValueError, IndexError):
            continue
        comms[pid] = comm
        children.setdefault(ppid, []).append(pid)
    return comms, children


def _gather_processes(containers: list[dict[str, Any]], proc_root: str) -> dict[str, Any]:
    # Only a running (or paused) container has processes; the others are judged from their inspect.
    containers = [c for c in containers if (c.get("State") or {}).get("Running")]
    if not containers:
        return {}
    comms, children = _process_tree(proc_root)
    found: dict[str, Any] = {}
    for container in containers:
        pid = (container.get("State") or {}).get("Pid") or 0
        record: dict[str, Any] = {"pid": pid, "comms": [], "no_new_privs": None, "seccomp": None, "error": None}
        if pid not in comms:
            record["error"] = f"PID {pid} is not visible in {proc_root}"
        else:
            names, queue, seen = set(), [pid], 0
            while queue and seen < _MAX_DESCENDANTS:
                current = queue.pop()
                seen += 1
                names.add(comms.get(current, ""))
                queue.extend(children.get(current, []))
            record["comms"] = sorted(n for n in names if n)
            status = parse_status_fields(_read_text(f"{proc_root}/{pid}/status") or "", ("NoNewPrivs", "Seccomp"))
            record.update(no_new_privs=status["NoNewPrivs"], seccomp=status["Seccomp"])
        found[container.get("Id") or ""] = record
    return found


def _gather_listeners(proc_root: str) -> list[dict[str, Any]] | None:
    """Sockets listening on the swarm ports; None when neither /proc/net/tcp nor tcp6 could be read."""
    found, read = [], False
    for name, ipv6 in (("tcp", False), ("tcp6", True)):
        text = _read_text(f"{proc_root}/net/{name}")
        if text is not None:
            read = True
            found.extend(e for e in parse_proc_net_tcp(text, ipv6) if e["port"] in SWARM_PORTS)
    return found if read else None


def _daemon_json_path(option: str | None, dockerd: dict[str, Any], rootless: dict[str, Any]) -> str:
    if option:
        return option
    flags = parse_dockerd_args(dockerd["argv"])[0] if dockerd.get("argv") else {}
    if flags.get(CONFIG_FILE_KEY):
        return str(flags[CONFIG_FILE_KEY])
    if rootless.get("enabled") and rootless.get("home"):
        return f"{rootless['home']}/.config/docker/daemon.json"
    return DEFAULT_DAEMON_JSON


def _resolved(state: dict[str, Any], paths: Iterable[str]) -> dict[str, str]:
    audit = state["audit"]
    # Both the kernel's rules and the rule files are judged, so both have their paths resolved.
    lines = [*(audit["loaded"] or []), *(x for f in audit["files"].values() for x in f)]
    every = {rule.path for rule in parse_rules(lines)} | set(paths)
    return {path: os.path.realpath(path) for path in sorted(every)}


def gather(
    socket_path: str,
    run: Runner,
    daemon_json: str | None = None,
    api_timeout: float = 10.0,
    proc_root: str = "/proc",
    objects: bool = True,
) -> dict[str, Any]:
    """Read everything the checks need from this host into a HostState.

    Without `objects`, no container or image is inspected (host_info: the roles need only the daemon).
    """
    state: dict[str, Any] = {
        "schema": SCHEMA,
        "collected_at": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "host": {"hostname": socket.gethostname(), "kernel": os.uname().release, "selinux": _gather_selinux()},
    }
    state.update(_gather_engine(socket_path, api_timeout, objects))
    rootless = _gather_rootless(socket_path, state["engine"]["info"])
    state["rootless"] = rootless
    state["dockerd"] = _gather_dockerd(proc_root, rootless["uid"] if rootless["enabled"] else 0)
    major = engine_major((state["engine"]["version"] or {}).get("Version"))
    state["daemon_json"] = read_daemon_json(_daemon_json_path(daemon_json, state["dockerd"], rootless), major)
    state["processes"] = _gather_processes(state["containers"], proc_root)
    state["units"] = _gather_units(run)
    state["audit"] = _gather_audit(run)
    state["docker_group"] = _gather_docker_group()
    state["registry_certs"] = _gather_registry_certs(rootless)
    state["content_trust"] = _gather_content_trust()
    state["env_files"] = _gather_env_files()
    mountinfo = _read_text(f"{proc_root}/self/mountinfo")
    state["mounts"] = None if mountinfo is None else parse_mountinfo(mountinfo)  # None: 1.1.1 cannot see
    swarm = (state["engine"]["info"] or {}).get("Swarm") or {}
    state["listeners"] = _gather_listeners(proc_root) if swarm.get("LocalNodeState") == "active" else []
    wanted = AuditContext(state).wanted_paths()
    state["paths"] = {path: _stat(path) for path in wanted}
    state["audit"]["resolved"] = _resolved(state, wanted)
    return state
