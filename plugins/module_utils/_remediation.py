# Private to the hardened.docker collection: not a public API, may change without notice.
"""Remediation entries: what fixes a control, as data the checks read too.

- ``AuditTarget`` (1.1.x): how the audited path is found on a host, and the form of
  the rule that watches it. The check finds the path the same way, and its
  matching (``_audit_rules.watch_of``) accepts the rule lines ``rules`` writes.
  ``excluded`` finds the directories whose events never-rules drop before that rule
  (CIS 1.7.0's 1.1.5).
- ``FileTarget`` (section 3): how the files are found, their owner and the mask of
  the mode bits allowed; the fix is ``mode & mask``.
- ``DaemonSettings`` (section 2 and daemon.json settings of other sections): a JSON
  merge patch (RFC 7396) for daemon.json, where null removes a key. Values a role
  makes configurable (log-opts sizes, ulimits, plugins) are the benchmark's example,
  and the role replaces them with its variables.
"""

from __future__ import annotations

from stat import S_ISVTX
from typing import Any, Callable, Iterable, List, NamedTuple, Optional, Tuple

from ansible_collections.hardened.docker.plugins.module_utils._audit_rules import ALL_PERMS

# (path, note): path is None when the control does not apply on this host, and note says why.
AuditLocator = Callable[[Any], Tuple[Optional[str], str]]
# The directories, present on the host, that never-rules exclude from the audit log.
ExcludedLocator = Callable[[Any], List[str]]
# (paths to check, reason when there is nothing to check)
FileLocator = Callable[[Any], Tuple[List[str], str]]


def ordered_perms(perms: str, allowed: str = ALL_PERMS) -> str:
    """Permissions in the order auditctl -l prints them, limited to `allowed`."""
    return "".join(p for p in allowed if p in perms)


class AuditTarget(NamedTuple):
    locate: AuditLocator
    form: str = "watch"  # "watch" (-w) or "syscall" (-a exit,always -F path=)
    excluded: ExcludedLocator | None = None

    def rules(self, path: str, key: str, perms: str, excluded: Iterable[str] = ()) -> tuple[list[str], list[str]]:
        """(the rule lines to write, the same rules as `auditctl -l` lists them once loaded).

        Never-rules for the `excluded` directories come first: the first rule of the exit list that
        matches an event decides it.
        """
        written = [f"-a never,exit -F dir={d} -k {key}" for d in excluded]
        loaded = [f"-a never,exit -S all -F dir={d} -F key={key}" for d in excluded]
        if self.form == "syscall":
            # A syscall rule has no execute permission; auditctl -l lists a path rule as a watch.
            syscall = ordered_perms(perms, "rwa")
            written.append(f"-a exit,always -F path={path} -F perm={syscall} -k {key}")
            loaded.append(f"-w {path} -p {syscall} -k {key}")
            return written, loaded
        line = f"-w {path} -p {ordered_perms(perms)} -k {key}"
        return [*written, line], [*loaded, line]


class FileTarget(NamedTuple):
    locate: FileLocator
    allowed: int  # the mode the benchmark names, e.g. 0o644
    docker_group: bool = False  # root:docker is the target owner (the Docker socket)
    # The sticky bit gives nobody access to a socket; rootless dockerd sets it on the sockets in
    # XDG_RUNTIME_DIR so that systemd's cleanup of that directory leaves them alone.
    sticky_ok: bool = False

    @property
    def mask(self) -> int:
        return self.allowed | (S_ISVTX if self.sticky_ok else 0)


class DaemonSettings(NamedTuple):
    settings: dict[str, Any]
