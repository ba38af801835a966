# Private to the hardened.docker collection: not a public API, may change without notice.
"""Where each host is defined in the repository, for the SARIF physical location.

GitHub code scanning needs every result anchored to a file of the repository,
by a path relative to its root. A host's own file is the best anchor: its
``host_vars/<host>.yml`` (or ``.yaml``, ``.json``, no extension, or the first
file of a ``host_vars/<host>/`` directory) next to the inventory; else the inventory
file that defines the host, at the line that defines it; else a stable
placeholder path, so the result is still accepted and tracked.
"""

from __future__ import annotations

import os
import re
import urllib.parse
from typing import Any

from ansible_collections.hardened.docker.plugins.plugin_utils._report_model import Doc

FALLBACK_PREFIX = "ansible-inventory/"
HOST_VARS_SUFFIXES = (".yml", ".yaml", ".json", "")
_INI_SECTION = re.compile(r"^\s*\[([^\]]+)\]")


def git_toplevel(path: str) -> str | None:
    """The nearest directory at or above ``path`` that holds ``.git`` (a directory, or a worktree's file)."""
    current = os.path.abspath(path)
    while True:
        if os.path.exists(os.path.join(current, ".git")):
            return current
        parent = os.path.dirname(current)
        if parent == current:
            return None
        current = parent


def repository_root(override: str | None, inventory_dir: str | None, playbook_dir: str | None) -> str | None:
    """The option if set; else the inventory's git top-level; else the playbook directory."""
    if override:
        return os.path.abspath(override)
    if inventory_dir:
        top = git_toplevel(inventory_dir)
        if top:
            return top
    return os.path.abspath(playbook_dir) if playbook_dir else None


def _host_vars_file(host: str, inventory_dir: str) -> str | None:
    # As Ansible's host_group_vars plugin reads them: host_vars/<host>, with an extension or without, or a
    # directory of files (hidden ones are ignored).
    base = os.path.join(inventory_dir, "host_vars", host)
    for suffix in HOST_VARS_SUFFIXES:
        if os.path.isfile(base + suffix):
            return base + suffix
    if os.path.isdir(base):
        files = sorted(f for f in os.listdir(base) if not f.startswith(".") and os.path.isfile(os.path.join(base, f)))
        if files:
            return os.path.join(base, files[0])
    return None


def _yaml_key(host: str) -> re.Pattern:
    # The host as a mapping key (bare or quoted), not any line that mentions the name.
    name = re.escape(host)
    return re.compile(rf"^\s*(?:{name}|\"{name}\"|'{name}')\s*:(?:\s|$)")


def _ini_host(host: str, line: str, section: str) -> bool:
    if section.endswith(":vars") or section.endswith(":children"):
        return False
    fields = line.split()
    return bool(fields) and fields[0] == host


def defining_line(host: str, path: str) -> int | None:
    """The 1-based line of ``path`` that defines ``host`` (YAML key or INI host line), or None."""
    try:
        with open(path, encoding="utf-8", errors="replace") as stream:
            lines = stream.read().splitlines()
    except OSError:
        return None
    is_yaml = path.endswith((".yml", ".yaml")) or any(line.strip() in ("---", "all:") for line in lines[:5])
    key = _yaml_key(host)
    section = "ungrouped"
    for number, line in enumerate(lines, start=1):
        if line.lstrip().startswith(("#", ";")):
            continue
        if is_yaml:
            if key.match(line):
                return number
            continue
        match = _INI_SECTION.match(line)
        if match:
            section = match.group(1).strip()
        elif _ini_host(host, line, section):
            return number
    return None


def _relative_uri(path: str, root: str | None) -> str | None:
    if not root:
        return None
    relative = os.path.relpath(os.path.abspath(path), root)
    if relative == os.curdir or relative.split(os.sep, maxsplit=1)[0] == os.pardir:
        return None  # outside the repository: GitHub could not link it
    return urllib.parse.quote(relative.replace(os.sep, "/"))


def fallback(host: str) -> Doc:
    """A stable placeholder path for a host no file of the repository defines (GitHub requires a file)."""
    return {"uri": FALLBACK_PREFIX + urllib.parse.quote(host, safe=""), "line": 1, "defined_in": "none"}


def host_source(host: str, hostvars: dict[str, str | None], root: str | None) -> Doc:
    """{uri, line, defined_in} for one host; ``defined_in`` is host_vars, inventory or none (the fallback)."""
    inventory_dir = hostvars.get("inventory_dir")
    inventory_file = hostvars.get("inventory_file")
    if inventory_dir:
        path = _host_vars_file(host, inventory_dir)
        uri = _relative_uri(path, root) if path else None
        if uri:
            return {"uri": uri, "line": 1, "defined_in": "host_vars"}
    if inventory_file and os.path.isfile(inventory_file):
        uri = _relative_uri(inventory_file, root)
        if uri:
            return {"uri": uri, "line": defining_line(host, inventory_file) or 1, "defined_in": "inventory"}
    return fallback(host)


def _var(hostvars: Any, host: str, key: str) -> str | None:
    # One variable at a time: reading a host's whole hostvars would template every variable.
    if hostvars is None or host not in hostvars:  # Ansible's HostVars gives an undefined marker, not KeyError
        return None
    try:
        value = hostvars[host][key]
    except KeyError:
        return None
    return str(value) if isinstance(value, str) and value else None


def host_sources(hosts: list[str], hostvars: Any, playbook_dir: str | None, override: str | None) -> Doc:
    """Every host's source; each host's root follows its own inventory (a play may mix inventories)."""
    sources: Doc = {}
    for host in hosts:
        own = {key: _var(hostvars, host, key) for key in ("inventory_dir", "inventory_file")}
        sources[host] = host_source(host, own, repository_root(override, own["inventory_dir"], playbook_dir))
    return sources
