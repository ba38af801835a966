# Private to the hardened.docker collection: not a public API, may change without notice.
"""Parse Linux audit rules and decide, as the kernel does, whether they watch a path.

Two forms name a path: file watches (``-w PATH -p PERMS -k KEY``) and syscall
rules on the exit list (``-a always,exit -F path=PATH -F perm=PERMS -k KEY``,
or ``-F dir=DIR``; ``exit,always`` is the same list and action). ``auditctl -l``
prints the kernel's normalised form of either, with ``-F key=``.

A rule watches a path only when it sees every change of it: a rule narrowed to
some syscalls (``-S open``) or to some processes (``-F uid=0``, ``-F exe=...``,
``-C uid!=euid``) records only part of them. A never-rule on the exit list for
the path, or for a directory above it that comes first, suppresses its events.
Matching is by whole path, never by substring or prefix: a rule for
/usr/bin/containerd-shim says nothing about /usr/bin/containerd.
"""

from __future__ import annotations

import posixpath
import re
import shlex
from typing import Iterable, NamedTuple

ALL_PERMS = "rwxa"
_FIELD = re.compile(r"^([A-Za-z0-9_]+)(!=|>=|<=|&=|=|>|<|&)(.*)$")
# Fields that say which path, which permissions, which ABI or which key: they do not narrow
# who or what is seen. Every other field (uid, auid, euid, gid, exe, success, ...) does.
_NEUTRAL_FIELDS = ("arch", "path", "dir", "perm", "key")


class AuditRule(NamedTuple):
    path: str
    perms: str  # subset of "rwxa", in that order
    key: str | None
    form: str  # "watch" or "syscall"
    text: str
    action: str = "always"  # "never" suppresses the events the rule matches
    tree: bool = False  # -F dir=: the directory and everything under it
    narrowed: str = ""  # what limits the rule to some events ("-S openat", "-F uid=0"); "" when none
    origin: str = ""  # the rule file it was read from, "" for the kernel's list


class Watch(NamedTuple):
    """How the rules treat one path: the rule that watches it, and why other rules for it do not."""

    rule: AuditRule | None
    problems: tuple[str, ...]


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


def _narrowing(pairs: list[tuple[str, str]]) -> str:
    """What limits a rule to some events: syscalls other than all, and fields about the process."""
    limits = []
    syscalls = [s for opt, arg in pairs if opt == "-S" for s in arg.split(",")]
    if syscalls and "all" not in syscalls:
        limits.append(f"-S {','.join(syscalls)}")
    for opt, arg in pairs:
        if opt == "-C":
            limits.append(f"-C {arg}")
        elif opt == "-F":
            match = _FIELD.match(arg)
            if match and match.group(1) not in _NEUTRAL_FIELDS:
                limits.append(f"-F {arg}")
    return " ".join(limits)


def parse_rule(line: str, origin: str = "") -> AuditRule | None:
    """One rule line to an AuditRule, or None when it names no path on the exit list."""
    text = line.strip()
    try:
        tokens = shlex.split(text, comments=True)
    except ValueError:
        return None
    if not tokens:
        return None
    pairs = list(_field_args(tokens))
    opts = dict(pairs)
    narrowed = _narrowing(pairs)
    if "-w" in opts:
        perms = _perms(opts["-p"]) if "-p" in opts else ALL_PERMS
        path = normalise_path(opts["-w"])
        return AuditRule(path, perms, opts.get("-k"), "watch", text, narrowed=narrowed, origin=origin)
    list_action = opts.get("-a") or opts.get("-A")
    parts = set((list_action or "").split(","))
    if "exit" not in parts or len(parts) != 2 or not parts & {"always", "never"}:
        return None  # other lists (task, user, exclude) do not see file access
    action = "never" if "never" in parts else "always"
    path, tree = None, False
    perms = ALL_PERMS
    key = opts.get("-k")
    for opt, arg in pairs:
        match = _FIELD.match(arg) if opt == "-F" else None
        if not match or match.group(2) != "=":
            continue
        name, _op, value = match.groups()
        if name in ("path", "dir"):
            path, tree = value, name == "dir"
        elif name == "perm":
            perms = _perms(value)
        elif name == "key":
            key = value
    if path is None:
        return None
    return AuditRule(normalise_path(path), perms, key, "syscall", text, action, tree, narrowed, origin)


def parse_rules(lines: Iterable[str], origin: str = "") -> list[AuditRule]:
    """Rules in the order the kernel evaluates them: -A puts a rule first, -a last."""
    rules: list[AuditRule] = []
    for line in lines:
        rule = parse_rule(line, origin)
        if rule is None:
            continue
        if rule.text.lstrip().startswith("-A"):
            rules.insert(0, rule)
        else:
            rules.append(rule)
    return rules


def _same(rule_path: str, want: str, resolved: dict[str, str]) -> bool:
    return rule_path == want or (want in resolved and resolved.get(rule_path) == resolved[want])


def _under(directory: str, path: str) -> bool:
    return path.startswith(directory.rstrip("/") + "/")


def missing_perms(rule: AuditRule, needed: str) -> str:
    return "".join(p for p in needed if p not in rule.perms)


def watch_of(rules: Iterable[AuditRule], path: str, needed: str, resolved: dict[str, str] | None = None) -> Watch:
    """Whether `rules` (in kernel order) record every `needed` access to `path`, and why not.

    The exit list is evaluated in order and the first matching rule decides, so a
    never-rule for a directory above the path counts only before the watch; a
    never-rule for the path itself always suppresses it (CIS 1.7.0's never-rules for
    /var/lib/docker/overlay2 and /volumes leave /var/lib/docker itself watched).
    """
    resolved = resolved or {}
    want = normalise_path(path)
    real = resolved.get(want, want)
    found: AuditRule | None = None
    excluded = False
    problems: list[str] = []
    for rule in rules:
        same = _same(rule.path, want, resolved)
        if rule.action == "never":
            above = rule.tree and (_under(rule.path, want) or _under(resolved.get(rule.path, rule.path), real))
            if same or (above and found is None):
                excluded = True
                problems.append(f"never-rule '{rule.text}' suppresses the events of {want}")
            continue
        if not same:
            continue
        if rule.narrowed:
            problems.append(f"audit rule '{rule.text}' sees only events matching {rule.narrowed}, not every change")
        elif missing_perms(rule, needed):
            problems.append(f"audit rule '{rule.text}' for {want} does not record '{missing_perms(rule, needed)}'")
        elif found is None:
            found = rule
    return Watch(None if excluded else found, tuple(problems))
