# Private to the hardened.docker collection: not a public API, may change without notice.
"""Parse Linux audit rules and match them to a path exactly.

Two forms name a path: file watches (``-w PATH -p PERMS -k KEY``) and syscall
rules on the exit list (``-a always,exit -F path=PATH -F perm=PERMS -k KEY``,
or ``-F dir=DIR``). ``auditctl -l`` prints the same forms, with ``-F key=``.
Matching is by whole path, never by substring: a rule for
/usr/bin/containerd-shim says nothing about /usr/bin/containerd.
"""

from __future__ import annotations

import posixpath
import re
import shlex
from typing import Iterable, NamedTuple

ALL_PERMS = "rwxa"
_FIELD = re.compile(r"^([A-Za-z_]+)(!=|>=|<=|&=|=|>|<|&)(.*)$")


class AuditRule(NamedTuple):
    path: str
    perms: str  # subset of "rwxa", in that order
    key: str | None
    form: str  # "watch" or "syscall"
    text: str


def normalise_path(path: str) -> str:
    return posixpath.normpath(path) if path else path


def _perms(value: str) -> str:
    return "".join(p for p in ALL_PERMS if p in value)


def _field_args(tokens: list[str]) -> Iterable[tuple[str, str]]:
    """Yield (option, argument) pairs; options without an argument are skipped."""
    i = 0
    while i < len(tokens):
        tok = tokens[i]
        if tok.startswith("-") and i + 1 < len(tokens) and not tokens[i + 1].startswith("-"):
            yield tok, tokens[i + 1]
            i += 2
        else:
            i += 1


def parse_rule(line: str) -> AuditRule | None:
    """One rule line to an AuditRule, or None when it does not watch a path for changes."""
    text = line.strip()
    try:
        tokens = shlex.split(text, comments=True)
    except ValueError:
        return None
    if not tokens:
        return None
    pairs = list(_field_args(tokens))
    opts = dict(pairs)
    if "-w" in opts:
        perms = _perms(opts["-p"]) if "-p" in opts else ALL_PERMS
        return AuditRule(normalise_path(opts["-w"]), perms, opts.get("-k"), "watch", text)
    action = opts.get("-a") or opts.get("-A")
    if action is None or set(action.split(",")) != {"always", "exit"}:
        # -a never,... suppresses events; other lists do not see file access.
        return None
    path = None
    perms = ALL_PERMS
    key = opts.get("-k")
    for opt, arg in pairs:
        if opt != "-F":
            continue
        match = _FIELD.match(arg)
        if not match:
            continue
        name, op, value = match.groups()
        if op != "=":
            continue
        if name in ("path", "dir"):
            path = value
        elif name == "perm":
            perms = _perms(value)
        elif name == "key":
            key = value
    if path is None:
        return None
    return AuditRule(normalise_path(path), perms, key, "syscall", text)


def parse_rules(lines: Iterable[str]) -> list[AuditRule]:
    return [rule for rule in (parse_rule(line) for line in lines) if rule is not None]


def rules_for_path(rules: Iterable[AuditRule], path: str, resolved: dict[str, str] | None = None) -> list[AuditRule]:
    """Rules that watch exactly `path`, directly or through a symlinked spelling of it.

    `resolved` maps recorded paths to their realpath on the host, so that a rule
    for /bin/runc matches /usr/bin/runc on a merged-/usr system.
    """
    resolved = resolved or {}
    want = normalise_path(path)
    want_real = resolved.get(want)
    found = []
    for rule in rules:
        if rule.path == want or (want_real is not None and resolved.get(rule.path) == want_real):
            found.append(rule)
    return found


def missing_perms(rule: AuditRule, needed: str) -> str:
    return "".join(p for p in needed if p not in rule.perms)
