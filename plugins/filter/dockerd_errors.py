# Copyright (c) hardened.docker contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""What dockerd said when it did not start, from its journal since the restart: the lines that name the error.

systemd retries a failing start, so the same error repeats: timestamps are dropped and each line is kept once.
Informational lines and the shell trace of wrapper scripts (``+ ...``) are dropped. Docker Engine 28 follows a
flag error ("Status: unknown flag: --x") with dockerd's whole usage text (about 200 lines) before the exit code
(", Code: 125"); older engines print the status alone. The usage text names no error, so it is dropped too, and
the last lines then still say what dockerd refused.
"""

from __future__ import annotations

import re
from typing import Any

from ansible.errors import AnsibleFilterError

_QUIET = re.compile(r"level=(info|debug|trace)\b")
_TIMESTAMP = re.compile(r'^time="[^"]*" ')
# The end of a StatusError that carries the usage text (cobra's usage, then ", Code: N").
_STATUS_CODE = re.compile(r"^, Code: \d+$")


def dockerd_errors(lines: Any, count: int = 10) -> list[str]:
    """The last `count` distinct error lines of dockerd's journal `lines`, oldest first."""
    if lines is None:
        return []
    if not isinstance(lines, list) or not all(isinstance(line, str) for line in lines):
        raise AnsibleFilterError(f"dockerd_errors expects a list of journal lines, got {type(lines).__name__}")
    if isinstance(count, bool) or not isinstance(count, int) or count < 1:
        raise AnsibleFilterError(f"dockerd_errors: count must be a positive integer, got {count!r}")
    kept: list[str] = []
    in_usage = False
    for raw in lines:
        line = _TIMESTAMP.sub("", raw).rstrip()
        if in_usage:
            in_usage = not _STATUS_CODE.match(line)
            if in_usage:
                continue
        elif line.startswith("Usage:"):
            in_usage = True
            continue
        if not line.strip() or line.startswith("+ ") or _QUIET.search(line) or line in kept:
            continue
        kept.append(line)
    return kept[-count:]


class FilterModule:
    """dockerd's errors for the safe restart's failure message."""

    def filters(self) -> dict[str, Any]:
        return {"dockerd_errors": dockerd_errors}
