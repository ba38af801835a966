from __future__ import annotations

from pathlib import Path

import pytest
from ansible.errors import AnsibleFilterError

from ansible_collections.hardened.docker.plugins.filter.dockerd_errors import FilterModule, dockerd_errors

# dockerd 28.5.2 (Debian sid) started twice with --no-such-flag, as `journalctl --output=cat` prints it.
DOCKER_28_FLAG_ERROR = (
    Path(__file__).resolve().parents[3] / "fixtures" / "journal" / "dockerd-28-unknown-flag.txt"
).read_text()


def test_is_registered_as_a_filter():
    assert FilterModule().filters() == {"dockerd_errors": dockerd_errors}


def test_docker_28_usage_text_after_a_flag_error_is_dropped():
    lines = DOCKER_28_FLAG_ERROR.splitlines()
    assert len(lines) > 300 and "Usage:\tdockerd [OPTIONS]" in lines
    assert dockerd_errors(lines) == ["Status: unknown flag: --no-such-flag", "See 'dockerd --help'.", ", Code: 125"]


def test_older_engines_flag_error_is_kept_as_it_is():
    # Docker 20.10 and 26.1 print the status alone.
    lines = ["Status: unknown flag: --no-such-flag", "See 'dockerd --help'., Code: 125"] * 3
    assert dockerd_errors(lines) == lines[:2]


def test_timestamps_info_lines_shell_trace_and_repeats_are_dropped():
    lines = [
        'time="2026-12-04T03:00:00Z" level=info msg="Starting up"',
        "+ exec dockerd",
        'time="2026-12-04T03:00:01Z" level=error msg="Failed to GetDriver graph" driver=no-such-driver',
        "failed to start daemon: error initializing graphdriver: driver not supported: no-such-driver",
        "",
        'time="2026-12-04T03:00:05Z" level=debug msg="retry"',
        'time="2026-12-04T03:00:06Z" level=error msg="Failed to GetDriver graph" driver=no-such-driver',
        "failed to start daemon: error initializing graphdriver: driver not supported: no-such-driver",
    ]
    assert dockerd_errors(lines) == [
        'level=error msg="Failed to GetDriver graph" driver=no-such-driver',
        "failed to start daemon: error initializing graphdriver: driver not supported: no-such-driver",
    ]


def test_only_the_last_count_lines_are_returned():
    lines = [f"level=error msg=e{n}" for n in range(20)]
    assert dockerd_errors(lines, 3) == lines[-3:]
    assert dockerd_errors(None) == []


@pytest.mark.parametrize(
    ("lines", "count", "message"),
    [
        ("one line", 10, "expects a list of journal lines, got str"),
        ([1, 2], 10, "expects a list of journal lines, got list"),
        (["x"], 0, "count must be a positive integer, got 0"),
        (["x"], True, "count must be a positive integer, got True"),
    ],
)
def test_bad_input_is_refused(lines, count, message):
    with pytest.raises(AnsibleFilterError, match=message):
        dockerd_errors(lines, count)
