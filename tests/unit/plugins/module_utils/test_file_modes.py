from __future__ import annotations

import pytest

from ansible_collections.hardened.docker.plugins.module_utils._file_modes import (
    describe_owner,
    excess_bits,
    format_mode,
    mode_within,
    parse_mode,
)


@pytest.mark.parametrize(
    ("mode", "allowed", "ok"),
    [
        (0o644, 0o644, True),
        (0o600, 0o644, True),
        (0o444, 0o644, True),
        (0o000, 0o644, True),
        (0o477, 0o644, False),  # numerically smaller than 0644, yet group/other may write
        (0o664, 0o644, False),
        (0o646, 0o644, False),
        (0o4644, 0o644, False),  # setuid is an extra bit
        (0o755, 0o755, True),
        (0o775, 0o755, False),
        (0o1755, 0o755, False),
        (0o400, 0o444, True),
        (0o444, 0o400, False),
        (0o600, 0o400, False),
        (0o660, 0o660, True),
        (0o666, 0o660, False),
        (0o640, 0o660, True),
    ],
)
def test_mode_within_is_a_bitmask_comparison(mode, allowed, ok):
    assert mode_within(mode, allowed) is ok


def test_excess_bits_names_the_offending_bits():
    assert excess_bits(0o477, 0o644) == 0o033
    assert format_mode(excess_bits(0o666, 0o660)) == "0006"


@pytest.mark.parametrize(("value", "expected"), [("0644", 0o644), ("644", 0o644), (0o755, 0o755), ("4755", 0o4755)])
def test_parse_mode(value, expected):
    assert parse_mode(value) == expected


@pytest.mark.parametrize("value", [None, "", True, "rw-r--r--", 6.44])
def test_parse_mode_rejects_non_modes(value):
    with pytest.raises(ValueError):
        parse_mode(value)


def test_describe_owner_falls_back_to_numbers():
    assert describe_owner({"uid": 0, "gid": 989, "owner": "root", "group": "docker"}) == "root:docker (0:989)"
    assert describe_owner({"uid": 1000, "gid": 1000, "owner": None, "group": None}) == "1000:1000 (1000:1000)"
