# Copyright (c) hardened.docker contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Range checks of the roles' numeric variables: argument_specs checks types, not ranges."""

from __future__ import annotations

import re


def _bounds(low: int | None, high: int | None) -> str:
    if high is None:
        return f"{low} or more"
    if low is None:
        return f"{high} or less"
    return f"from {low} to {high}"


def out_of_range(specs: dict) -> list[str]:
    """One message per variable that is not a whole number within its range; a null value is not checked.

    specs: {name: {value, min, max, what}}, min or max null for no bound. For example
    {'daemon_restart_timeout': {'value': -5, 'min': 1, 'max': 3600, 'what': 'seconds'}} gives
    ['daemon_restart_timeout must be a whole number from 1 to 3600 (seconds): got -5.'].
    """
    problems = []
    for name, spec in specs.items():
        value, low, high = spec.get("value"), spec.get("min"), spec.get("max")
        if value is None:
            continue
        whole = not isinstance(value, bool) and re.fullmatch(r"\s*-?[0-9]+\s*", str(value))
        if whole and (low is None or int(value) >= low) and (high is None or int(value) <= high):
            continue
        problems.append(f"{name} must be a whole number {_bounds(low, high)} ({spec['what']}): got {value}.")
    return problems


class FilterModule:
    def filters(self) -> dict:
        return {"out_of_range": out_of_range}
