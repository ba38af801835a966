"""Rewrite, or check, a generated block between two marker lines of a text file."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Callable


def sync_block(path: Path, start: str, end: str, body: str, write: bool, fix_command: str) -> int:
    """Put `body` between the `start` and `end` markers of `path` (write), or exit 1 when it differs (check)."""
    text = path.read_text(encoding="utf-8")
    if start not in text or end not in text:
        print(f"{path}: no '{start}' ... '{end}' markers", file=sys.stderr)
        return 1
    head, rest = text.split(start, 1)
    tail = rest.split(end, 1)[1]
    updated = f"{head}{start}\n{body}\n{end}{tail}"
    return sync_file(path, updated, write, f"{path}: the generated part is stale; run: {fix_command}")


def sync_file(path: Path, text: str, write: bool, stale: str = "") -> int:
    """Write `text` to the generated file `path` (write), or print `stale` and exit 1 when it differs (check)."""
    current = path.read_text(encoding="utf-8") if path.exists() else None
    if write:
        if current != text:
            path.write_text(text, encoding="utf-8")
        return 0
    if current != text:
        print(stale or f"{path} is stale; run: make readme", file=sys.stderr)
        return 1
    return 0


def cli(description: str, sync: Callable[[bool], int]) -> int:
    """--write runs sync(True), --check runs sync(False); returns the exit status."""
    parser = argparse.ArgumentParser(description=description)
    group = parser.add_mutually_exclusive_group(required=True)
    group.add_argument("--write", action="store_true", help="rewrite the generated part")
    group.add_argument("--check", action="store_true", help="exit 1 when the generated part is stale")
    return sync(parser.parse_args().write)
