"""What the auditd role must write on a host, worked out from the host itself.

Shared by the auditd (VM) and auditd_container scenarios. This is an
independent reading of the benchmark's paths, not the role's own logic.
"""

from __future__ import annotations

import json

KEY = "docker"
PERMS = "rwxa"
BINARY_DIRS = ("/usr/bin", "/usr/sbin", "/usr/local/bin", "/usr/local/sbin")
BINARIES = ("dockerd", "containerd", "containerd-shim", "containerd-shim-runc-v1", "containerd-shim-runc-v2", "runc")
FIXED = (
    "/etc/docker",
    "/etc/default/docker",
    "/etc/docker/daemon.json",
    "/etc/containerd/config.toml",
    "/etc/sysconfig/docker",
)
RULES_FILE = "/etc/audit/rules.d/docker.rules"


def real(host, path: str) -> str | None:
    """The real location of path on the host, or None when it does not exist."""
    result = host.run("readlink -e -- %s", path)
    return result.stdout.strip() if result.rc == 0 else None


def dockerd_flag(host, name: str) -> str | None:
    """The value of dockerd's --NAME flag (--NAME=value or --NAME value), None when it is not given."""
    argv = host.run("tr '\\0' '\\n' < /proc/$(pgrep -o -x dockerd)/cmdline").stdout.splitlines()
    for i, arg in enumerate(argv):
        if arg.startswith(f"--{name}="):
            return arg.split("=", 1)[1]
        if arg == f"--{name}" and i + 1 < len(argv):
            return argv[i + 1]
    return None


def data_root(host) -> str:
    """dockerd's --data-root, else data-root in daemon.json, else the default."""
    flag = dockerd_flag(host, "data-root")
    if flag:
        return flag
    daemon_json = host.file("/etc/docker/daemon.json")
    if daemon_json.exists:
        return json.loads(daemon_json.content_string or "{}").get("data-root") or "/var/lib/docker"
    return "/var/lib/docker"


def containerd_socket(host) -> str:
    """dockerd's --containerd, else the system containerd's socket if it exists, else dockerd's own one."""
    flag = dockerd_flag(host, "containerd")
    if flag:
        return flag
    system = "/run/containerd/containerd.sock"
    return system if real(host, system) else "/var/run/docker/containerd/containerd.sock"


def unit_files(host) -> list[str]:
    out = host.check_output("systemctl show -p FragmentPath --value docker.service docker.socket")
    return [line for line in out.splitlines() if line.strip()]


def expected(host) -> tuple[set[str], set[str]]:
    """(rules as written in the rules file, rules as auditctl -l lists them)."""
    written, listed = set(), set()

    def watch(path: str | None) -> None:
        if path:
            rule = f"-w {path} -p {PERMS} -k {KEY}"
            written.add(rule)
            listed.add(rule)

    for name in BINARIES:
        found = [p for p in (real(host, f"{d}/{name}") for d in BINARY_DIRS) if p]
        watch(found[0] if found else None)
    socket = containerd_socket(host)
    for path in (data_root(host), socket, *FIXED, *unit_files(host)):
        watch(real(host, path))
    run_containerd = real(host, socket.rsplit("/", 1)[0])
    if run_containerd:
        written.add(f"-a exit,always -F path={run_containerd} -F perm=rwa -k {KEY}")
        listed.add(f"-w {run_containerd} -p rwa -k {KEY}")
    return written, listed


def rule_lines(text: str) -> list[str]:
    """The rule lines of a rules file or of auditctl -l output, blanks and comments left out."""
    lines = (line.strip() for line in text.splitlines())
    return [line for line in lines if line and not line.startswith("#") and line != "No rules"]


def converge_report(host) -> dict:
    return json.loads(host.file("/var/tmp/molecule-auditd.json").content_string)


def assert_rules_file_is_exact(host) -> None:
    """The rules file is root's, 0640, and holds each expected rule once and nothing else."""
    rules = host.file(RULES_FILE)
    assert rules.is_file
    assert rules.user == "root"
    assert rules.mode == 0o640
    lines = rule_lines(rules.content_string)
    written, _ = expected(host)
    assert len(lines) == len(set(lines)), "a rule is written twice"
    assert set(lines) == written
