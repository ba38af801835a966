from __future__ import annotations

import pytest
from ansible.errors import AnsibleFilterError

from ansible_collections.hardened.docker.plugins.filter.subid_plan import FilterModule, subid_plan


def subids(subuid=(), subgid=None):
    """host_info's host.subids from "name:start:count" strings (subgid defaults to subuid)."""

    def ranges(lines):
        return [dict(zip(("name", "start", "count"), (n, int(s), int(c)))) for n, s, c in (x.split(":") for x in lines)]

    return {"/etc/subuid": ranges(subuid), "/etc/subgid": ranges(subuid if subgid is None else subgid)}


# The daemon role's call: one remap user, existing ranges kept, the same start in both files.
def daemon(host, start=None, count=65536):
    users = [{"name": "dockremap", "subuid_start": start, "subid_count": count}]
    return subid_plan(host, users, minimum=100000, align=1, keep_existing=True, same_start=True)


def rootless(host, users, **kwargs):
    return subid_plan(host, users, variable="rootless_users", **kwargs)


def lines(result, kind="subuid"):
    return {name: p[kind]["line"] for name, p in result["plan"].items()}


def test_is_registered_as_a_filter():
    assert FilterModule().filters() == {"subid_plan": subid_plan}


def test_empty_files_start_at_the_minimum():
    result = daemon(subids())
    assert result["errors"] == []
    assert result["plan"]["dockremap"]["subuid"] == {
        "action": "set",
        "start": 100000,
        "count": 65536,
        "line": "dockremap:100000:65536",
        "overlaps": [],
        "free": 100000,
    }
    assert lines(result, "subgid") == {"dockremap": "dockremap:100000:65536"}


def test_daemon_starts_after_every_range_of_both_files():
    # Not aligned for the daemon (as before): the first ID after the highest end in either file.
    result = daemon(subids(["alice:100000:65536"], ["alice:100000:65536", "bob:165536:70000"]))
    assert lines(result) == {"dockremap": "dockremap:235536:65536"}
    assert lines(result, "subgid") == {"dockremap": "dockremap:235536:65536"}


def test_daemon_keeps_an_existing_range_even_with_an_explicit_start():
    result = daemon(subids(["dockremap:300000:65536"], []), start=500000)
    assert result["plan"]["dockremap"]["subuid"]["action"] == "keep"
    assert result["plan"]["dockremap"]["subuid"]["line"] == "dockremap:300000:65536"
    # Only the file without a range gets the explicit one.
    assert result["plan"]["dockremap"]["subgid"]["line"] == "dockremap:500000:65536"


def test_daemon_allocation_avoids_its_own_kept_range_in_the_other_file():
    result = daemon(subids(["dockremap:300000:65536"], []))
    assert result["plan"]["dockremap"]["subgid"]["start"] == 365536


def test_an_explicit_start_that_overlaps_is_reported_with_the_range_it_hits():
    result = daemon(subids(["bob:100000:65536"]), start=120000)
    uid = result["plan"]["dockremap"]["subuid"]
    assert uid["overlaps"] == ["/etc/subuid bob:100000:65536"]
    assert uid["free"] == 165536
    assert len(result["errors"]) == 2
    assert "overlaps bob's range 100000-165535 in /etc/subuid" in result["errors"][0]
    assert "the next free start is 165536" in result["errors"][0]


def test_rootless_keeps_existing_ranges_and_aligns_new_ones():
    host = subids(["legacy:2000000:65536", "alice:165536:65536"])
    result = rootless(host, ["alice", "bob"])
    assert result["errors"] == []
    assert result["plan"]["alice"]["subuid"]["action"] == "keep"
    # The next multiple of 65536 above the highest end (2065536).
    assert lines(result) == {"alice": "alice:165536:65536", "bob": "bob:2097152:65536"}
    assert result["entries"] == [{"name": "alice"}, {"name": "bob"}]


def test_rootless_explicit_start_replaces_the_users_own_range():
    result = rootless(subids(["alice:165536:65536"]), [{"name": "alice", "subuid_start": 262144}])
    assert result["plan"]["alice"]["subuid"]["line"] == "alice:262144:65536"
    # subgid_start defaults to subuid_start.
    assert result["plan"]["alice"]["subgid"]["line"] == "alice:262144:65536"
    assert result["errors"] == []


def test_rootless_allocation_goes_around_explicit_ranges_of_later_users():
    result = rootless(subids(), ["alice", {"name": "bob", "subuid_start": 131072, "subgid_start": 196608}])
    assert lines(result) == {"alice": "alice:196608:65536", "bob": "bob:131072:65536"}
    assert lines(result, "subgid") == {"alice": "alice:262144:65536", "bob": "bob:196608:65536"}


def test_a_range_owned_by_the_users_uid_is_the_users():
    result = rootless(subids(["1001:196608:65536"]), ["alice"], passwd={"alice": ["x", "1001", "1001"]})
    assert result["plan"]["alice"]["subuid"]["line"] == "1001:196608:65536"
    assert result["plan"]["alice"]["subuid"]["action"] == "keep"


def test_subid_count_sets_the_size():
    result = rootless(subids(), [{"name": "alice", "subid_count": 131072}, "bob"], count=65536)
    assert lines(result) == {"alice": "alice:131072:131072", "bob": "bob:262144:65536"}


def test_explicit_ranges_that_overlap_each_other():
    result = rootless(subids(), [{"name": "carol", "subuid_start": 2162688}, {"name": "dave", "subuid_start": 2200000}])
    assert any("of user dave overlaps carol" in e and "Fix: set subuid_start of dave" in e for e in result["errors"])
    assert any("Fix: set subgid_start of dave" in e for e in result["errors"])
    assert "65536-aligned start is 2228224" in result["errors"][0]


@pytest.mark.parametrize(
    ("users", "message"),
    [
        ([{"name": "erin", "subid_count": 1000}], "rootless_users[0] (user erin): subid_count must be at least 65536"),
        (["alice", "alice"], "rootless_users[1]: user alice is listed twice"),
        ([{"name": "alice", "shell": "/bin/sh"}], "unknown keys shell; allowed: name, subuid_start"),
        ([{"name": "alice", "subuid_start": "100000"}], "subuid_start must be a positive integer, got 100000"),
        ([{"name": "alice", "subgid_start": True}], "subgid_start must be a positive integer, got True"),
        ([{"subid_count": 65536}], "rootless_users[0]: 'name' must be a user name, got nothing"),
        (["9lives!"], "'name' must be a user name, got 9lives!"),
    ],
)
def test_bad_user_entries_are_named(users, message):
    result = rootless(subids(), users)
    assert any(message in e for e in result["errors"]), result["errors"]
    assert all(p == {} for p in result["plan"].values())


def test_the_user_list_must_be_a_list():
    with pytest.raises(AnsibleFilterError, match="rootless_users must be a list"):
        rootless(subids(), "alice")


def test_an_unreadable_file_stops_the_plan():
    with pytest.raises(AnsibleFilterError, match="/etc/subgid could not be read"):
        daemon({"/etc/subuid": [], "/etc/subgid": None})


@pytest.mark.parametrize(
    "host",
    [
        ["/etc/subuid"],
        {"/etc/subuid": "alice:100000:65536"},
        {"/etc/subuid": [{"name": "alice", "start": "100000", "count": 65536}]},
    ],
)
def test_host_subids_must_have_host_infos_shape(host):
    with pytest.raises(AnsibleFilterError, match="subid_plan"):
        daemon(host)


def test_a_missing_file_has_no_ranges():
    assert lines(daemon({})) == {"dockremap": "dockremap:100000:65536"}
