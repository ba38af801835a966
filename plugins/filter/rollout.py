"""Filters that check the harden playbook's rollout settings (serial, max_fail_percentage).

Ansible's own errors for these keywords are a traceback ("invalid literal for
int()") or accept nonsense (serial 0 or 150% silently means every host at once),
so the playbook passes its variables through these first.
"""

from __future__ import annotations

import re
from typing import Union

from ansible.errors import AnsibleFilterError

BatchSize = Union[int, str]

_PERCENT = re.compile(r"\s*(\d+)\s*%\s*")
_NUMBER = re.compile(r"\s*(\d+(?:\.\d+)?)\s*%?\s*")


def _batch_size(value: object) -> BatchSize | None:
    """One batch size as Ansible's serial takes it, or None when it is not one."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value if value >= 1 else None
    if isinstance(value, str):
        percent = _PERCENT.fullmatch(value)
        if percent:
            return f"{int(percent.group(1))}%" if 1 <= int(percent.group(1)) <= 100 else None
        if value.strip().isdigit():
            return _batch_size(int(value))
    return None


def rollout_serial(value: object, name: str = "harden_serial") -> list[BatchSize]:
    """The list of batch sizes for a play's serial keyword, checked."""
    items = value if isinstance(value, (list, tuple)) else [value]
    sizes = [_batch_size(item) for item in items]
    if not sizes or None in sizes:
        raise AnsibleFilterError(
            f"{name} must be a batch size: a number of hosts (such as 1 or 10), a percentage of the play's hosts"
            f' from 1% to 100% (such as "25%"), or a list of them for batches that grow (such as [1, "25%"];'
            f' the last size repeats). Got {value!r}. "100%" hardens every host at once.'
        )
    return sizes


def rollout_max_fail_percentage(value: object, name: str = "harden_max_fail_percentage") -> int | float:
    """A play's max_fail_percentage, checked: a number from 0 to 100."""
    number: float | None = None
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        number = value
    elif isinstance(value, str) and (match := _NUMBER.fullmatch(value)):
        number = float(match.group(1))
    if number is None or not 0 <= number <= 100:
        raise AnsibleFilterError(
            f"{name} must be a percentage from 0 to 100 (such as 0 or 20): the rollout stops once more than this"
            f" share of a batch's hosts has failed. Got {value!r}. 100 never stops early; Ansible still stops when"
            " every host of a batch failed."
        )
    return int(number) if float(number).is_integer() else number


class FilterModule:
    """hardened.docker rollout filters."""

    def filters(self) -> dict[str, object]:
        return {
            "rollout_serial": rollout_serial,
            "rollout_max_fail_percentage": rollout_max_fail_percentage,
        }
