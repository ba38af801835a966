# Private to the hardened.docker collection: not a public API, may change without notice.
"""daemon.json read, merged and written: the one reader for cis_audit and daemon_config.

Read as dockerd reads it. dockerd 23.0 and later (moby daemon/config/config.go,
getConflictFreeConfiguration; moby#44790, backported in #44832) decode the file through a UTF-8 or
UTF-16 byte order mark, reject invalid UTF-8, trim whitespace and take an empty file as an empty
configuration, then json.Unmarshal it, and Go's decoder keeps the last of repeated keys. dockerd
20.10 has neither the BOM nor the empty-file handling and refuses to start on both ("EOF",
moby#41268; "invalid character 'ï'").

Merged key by key, keeping every other key and the order, and written as 2-space indented JSON
after a backup that only root can read or rewrite.

Standard library only: this file runs on the target.
"""

from __future__ import annotations

import codecs
import copy
import json
import os
import re
import shutil
import tempfile
import time
from typing import Any, Iterable, NamedTuple, Sequence

BOM_AWARE_MAJOR = 23  # the first engine that accepts a BOM and an empty file
_BOMS = (
    (codecs.BOM_UTF8, "utf-8", "UTF-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le", "UTF-16LE"),
    (codecs.BOM_UTF16_BE, "utf-16-be", "UTF-16BE"),
)
_MAJOR = re.compile(r"^\s*v?(\d+)\.")


class DaemonJSONError(ValueError):
    """dockerd cannot use the file; line and column are set for JSON syntax errors."""

    def __init__(self, message: str, line: int | None = None, column: int | None = None) -> None:
        super().__init__(message)
        self.line = line
        self.column = column


class DaemonJSON(NamedTuple):
    content: dict[str, Any]
    bom: str | None  # "UTF-8", "UTF-16LE" or "UTF-16BE" when the file starts with one
    empty: bool  # only whitespace: an empty configuration
    duplicates: tuple[str, ...]  # keys given more than once; the last value is the one in effect


def _reject_constant(name: str) -> Any:
    raise DaemonJSONError(f"invalid JSON value {name}")  # Go's decoder has no NaN or Infinity


def parse_daemon_json(raw: bytes) -> DaemonJSON:
    """The file's content as dockerd 23+ reads it; DaemonJSONError when dockerd would refuse it."""
    bom, encoding = None, "utf-8"
    for mark, codec, name in _BOMS:
        if raw.startswith(mark):
            bom, encoding, raw = name, codec, raw[len(mark) :]
            break
    try:
        text = raw.decode(encoding)
    except UnicodeDecodeError as exc:
        raise DaemonJSONError(f"not valid {encoding.upper()} text at byte {exc.start}") from exc
    if not text.strip():
        return DaemonJSON({}, bom, True, ())
    duplicates: list[str] = []

    def pairs(items: list[tuple[str, Any]]) -> dict[str, Any]:
        result: dict[str, Any] = {}
        for key, value in items:
            if key in result and key not in duplicates:
                duplicates.append(key)
            result[key] = value
        return result

    try:
        content = json.loads(text, object_pairs_hook=pairs, parse_constant=_reject_constant)
    except json.JSONDecodeError as exc:
        raise DaemonJSONError(exc.msg, exc.lineno, exc.colno) from exc
    if not isinstance(content, dict):
        raise DaemonJSONError(f"the top level must be a JSON object, not {type(content).__name__}")
    return DaemonJSON(content, bom, False, tuple(duplicates))


def engine_major(version: Any) -> int | None:
    """The major number of an Engine version such as "20.10.24+dfsg1"; None when unknown."""
    match = _MAJOR.match(str(version or ""))
    return int(match.group(1)) if match else None


def refused_by_engine(parsed: DaemonJSON, major: int | None) -> str | None:
    """Why an engine older than 23.0 would not start with this file, or None."""
    if major is None or major >= BOM_AWARE_MAJOR:
        return None
    if parsed.empty:
        return f"the file is empty, and dockerd {major}.x refuses it (EOF); write {{}} instead"
    if parsed.bom:
        return f"the file starts with a {parsed.bom} byte order mark, which dockerd {major}.x refuses"
    return None


def describe_duplicates(parsed: DaemonJSON) -> list[str]:
    return [f"key '{key}' appears more than once; dockerd uses the last value" for key in parsed.duplicates]


def load_daemon_json(path: str) -> tuple[bytes, DaemonJSON] | None:
    """The file's bytes and content; None when it does not exist. OSError or DaemonJSONError otherwise."""
    try:
        with open(path, "rb") as handle:
            raw = handle.read()
    except FileNotFoundError:
        return None
    return raw, parse_daemon_json(raw)


# -- merging and removing -------------------------------------------------------------------------


def merge_settings(current: dict[str, Any], settings: dict[str, Any]) -> dict[str, Any]:
    """``settings`` merged into a copy of ``current``.

    Objects (``log-opts``, ``features``, ...) are merged key by key, at every
    depth; lists and scalars are replaced. Existing keys keep their place; new
    keys are appended in the order given.
    """
    result = copy.deepcopy(current)
    for key, value in settings.items():
        if isinstance(value, dict) and isinstance(result.get(key), dict):
            result[key] = merge_settings(result[key], value)
        else:
            result[key] = copy.deepcopy(value)
    return result


def _remove_path(node: dict[str, Any], path: Sequence[str]) -> None:
    head, rest = path[0], path[1:]
    if not rest:
        node.pop(head, None)
        return
    child = node.get(head)
    if isinstance(child, dict):
        _remove_path(child, rest)
        if not child:  # do not leave "log-opts": {} behind
            del node[head]


def _resolve(node: Any, dotted: str) -> list[str] | None:
    """Split a dotted path against the keys that exist (keys may contain dots)."""
    if not isinstance(node, dict):
        return None
    if dotted in node:
        return [dotted]
    index = dotted.find(".")
    while index != -1:
        head = dotted[:index]
        if isinstance(node.get(head), dict):
            rest = _resolve(node[head], dotted[index + 1 :])
            if rest is not None:
                return [head, *rest]
        index = dotted.find(".", index + 1)
    return None


def remove_keys(current: dict[str, Any], keys: Iterable[str | Sequence[str]]) -> dict[str, Any]:
    """A copy of ``current`` without ``keys``.

    A key is a top-level name (``"icc"``), a dotted path into an object
    (``"log-opts.max-size"``; keys that themselves contain dots, such as
    ``default-network-opts.bridge.com.docker.network.driver.mtu``, are matched
    against what exists), or a tuple/list of path parts. Missing keys are
    ignored. An object emptied by a nested removal is removed as well.
    """
    result = copy.deepcopy(current)
    for key in keys:
        path = _resolve(result, key) if isinstance(key, str) else list(key)
        if path:
            _remove_path(result, path)
    return result


# -- writing --------------------------------------------------------------------------------------


def render(config: dict[str, Any]) -> str:
    """daemon.json as daemon_config writes it: 2-space indented JSON, keys in their order."""
    return json.dumps(config, indent=2, ensure_ascii=False) + "\n"


def backup(path: str) -> str:
    """Copy ``path`` to ``path.PID.YYYY-MM-DD@HH:MM:SS.XXXXXXXX~`` next to it, with mode 0600.

    Whatever the original's mode, the copy is 0600 and owned by whoever runs this (root): a
    rollback restores it as the daemon's configuration, so no other user may rewrite it. mkstemp
    creates it exclusively, never through a file or link planted under that name.
    """
    directory, name = os.path.split(path)
    stamp = time.strftime("%Y-%m-%d@%H:%M:%S")
    fd, target = tempfile.mkstemp(prefix=f"{name}.{os.getpid()}.{stamp}.", suffix="~", dir=directory)
    try:
        with os.fdopen(fd, "wb") as out, open(path, "rb") as source:
            os.fchmod(out.fileno(), 0o600)  # exactly 0600 under any umask
            shutil.copyfileobj(source, out)
    except BaseException:
        os.unlink(target)
        raise
    return target
