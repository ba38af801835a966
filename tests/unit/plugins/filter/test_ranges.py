from __future__ import annotations

import pytest

from ansible_collections.hardened.docker.plugins.filter.ranges import FilterModule, out_of_range

TIMEOUT = {"min": 1, "max": 3600, "what": "seconds"}


@pytest.mark.parametrize("value", [1, 60, 3600, "60", " 7 ", None])
def test_values_in_range_pass(value):
    assert out_of_range({"daemon_restart_timeout": {"value": value, **TIMEOUT}}) == []


@pytest.mark.parametrize("value", [-5, 0, 3601, "-5", "1.5", 2.5, "ten", "", True])
def test_values_out_of_range_name_the_variable_and_the_range(value):
    assert out_of_range({"daemon_restart_timeout": {"value": value, **TIMEOUT}}) == [
        f"daemon_restart_timeout must be a whole number from 1 to 3600 (seconds): got {value}."
    ]


def test_open_ranges():
    specs = {
        "compliance_summary_top": {"value": -1, "min": 0, "max": None, "what": "failures listed"},
        "below": {"value": 11, "min": None, "max": 10, "what": "x"},
        "fine": {"value": 10**9, "min": 0, "max": None, "what": "x"},
    }
    assert out_of_range(specs) == [
        "compliance_summary_top must be a whole number 0 or more (failures listed): got -1.",
        "below must be a whole number 10 or less (x): got 11.",
    ]


def test_filter_is_registered():
    assert FilterModule().filters() == {"out_of_range": out_of_range}
