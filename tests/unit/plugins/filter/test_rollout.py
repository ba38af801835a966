from __future__ import annotations

import pytest
from ansible.errors import AnsibleFilterError

from ansible_collections.hardened.docker.plugins.filter.rollout import (
    FilterModule,
    rollout_max_fail_percentage,
    rollout_serial,
)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("100%", ["100%"]),
        (1, [1]),
        ("3", [3]),  # -e harden_serial=3 arrives as a string
        (" 25 % ", ["25%"]),
        ([1, "25%", 10], [1, "25%", 10]),
        ((2, "50%"), [2, "50%"]),
    ],
)
def test_serial_accepts_what_ansible_means(value, expected):
    assert rollout_serial(value) == expected


@pytest.mark.parametrize(
    "value",
    ["abc", 0, -1, "0", "0%", "150%", "12.5%", 2.5, True, None, [], [1, "x"], [1, 0], {"size": 1}],
)
def test_serial_rejects_what_ansible_would_misread(value):
    with pytest.raises(AnsibleFilterError) as error:
        rollout_serial(value, "harden_serial")
    message = str(error.value)
    assert message.startswith("harden_serial must be a batch size")
    assert f"Got {value!r}" in message
    assert '[1, "25%"]' in message


def test_serial_names_the_variable_it_was_given():
    with pytest.raises(AnsibleFilterError, match=r"^my_serial must"):
        rollout_serial("many", "my_serial")


@pytest.mark.parametrize(
    ("value", "expected"),
    [(0, 0), (100, 100), ("20", 20), ("20%", 20), (12.5, 12.5), ("12.5", 12.5), (30.0, 30)],
)
def test_max_fail_percentage_accepts_0_to_100(value, expected):
    assert rollout_max_fail_percentage(value) == expected


@pytest.mark.parametrize("value", ["abc", -1, 101, "150", True, None, [0], ""])
def test_max_fail_percentage_rejects_the_rest(value):
    with pytest.raises(AnsibleFilterError) as error:
        rollout_max_fail_percentage(value)
    message = str(error.value)
    assert message.startswith("harden_max_fail_percentage must be a percentage from 0 to 100")
    assert f"Got {value!r}" in message


def test_the_filters_are_registered():
    assert set(FilterModule().filters()) == {"rollout_serial", "rollout_max_fail_percentage"}
