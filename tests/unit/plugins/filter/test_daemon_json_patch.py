from __future__ import annotations

import pytest
from ansible.errors import AnsibleFilterError

from ansible_collections.hardened.docker.plugins.filter.daemon_json_patch import FilterModule, daemon_json_patch

NONE = {"settings": {}, "remove": []}


def apply(*patches):
    changes = NONE
    for patch in patches:
        changes = daemon_json_patch(changes, *patch) if isinstance(patch, tuple) else daemon_json_patch(changes, patch)
    return changes


def test_is_registered_as_a_filter():
    assert FilterModule().filters() == {"daemon_json_patch": daemon_json_patch}


def test_values_are_set_and_nulls_removed():
    assert apply({"icc": False}, {"log-level": "info", "debug": None}) == {
        "settings": {"icc": False, "log-level": "info"},
        "remove": ["debug"],
    }


def test_the_input_is_not_changed():
    changes = {"settings": {"log-opts": {"max-size": "10m"}}, "remove": []}
    daemon_json_patch(changes, {"log-opts": {"max-file": "3"}, "debug": None})
    assert changes == {"settings": {"log-opts": {"max-size": "10m"}}, "remove": []}


def test_fill_replaces_the_benchmarks_example_values():
    catalog = {"log-driver": "syslog", "log-opts": {"syslog-address": "tcp://192.0.2.10:514"}}
    fill = {"log-driver": "journald", "log-opts": {"tag": "{{.Name}}"}}
    # The role owns the whole log-opts object: removed first, then set.
    assert apply({"log-opts": None}, (catalog, fill)) == {
        "settings": {"log-driver": "journald", "log-opts": {"tag": "{{.Name}}"}},
        "remove": ["log-opts"],
    }


def test_fill_with_null_removes_what_the_example_would_set():
    assert apply(({"seccomp-profile": None}, {"seccomp-profile": None})) == {
        "settings": {},
        "remove": ["seccomp-profile"],
    }
    assert apply(({"insecure-registries": None}, {"insecure-registries": ["r.lab:5000"]})) == {
        "settings": {"insecure-registries": ["r.lab:5000"]},
        "remove": [],
    }


def test_nested_nulls_are_removals_of_nested_keys():
    rotation = {"log-opts": {"max-size": "10m", "max-file": "3", "cache-max-size": None, "cache-max-file": None}}
    assert apply(rotation) == {
        "settings": {"log-opts": {"max-size": "10m", "max-file": "3"}},
        "remove": ["log-opts.cache-max-size", "log-opts.cache-max-file"],
    }


def test_nested_objects_merge_into_what_earlier_patches_set():
    changes = apply({"log-driver": "journald", "log-opts": {"tag": "x"}}, {"log-opts": {"cache-max-size": "10m"}})
    assert changes["settings"]["log-opts"] == {"tag": "x", "cache-max-size": "10m"}


def test_an_object_left_with_only_removals_is_not_set():
    assert apply({"features": {"buildkit": None}}) == {"settings": {}, "remove": ["features.buildkit"]}


def test_a_later_null_undoes_an_earlier_setting():
    assert apply({"experimental": True}, {"experimental": None}) == {"settings": {}, "remove": ["experimental"]}


def test_a_key_is_removed_once():
    assert apply({"debug": None}, {"debug": None})["remove"] == ["debug"]


def test_a_fill_key_the_catalog_does_not_name_is_refused():
    with pytest.raises(AnsibleFilterError, match="fill sets default-ulimit, which the control's remediation entry"):
        daemon_json_patch(NONE, {"default-ulimits": {}}, {"default-ulimit": {}})


@pytest.mark.parametrize(
    ("changes", "patch", "fill", "message"),
    [
        ([], {}, None, "expects {settings: {}, remove: \\[\\]}"),
        (NONE, ["icc"], None, "a daemon.json patch is a mapping"),
        (NONE, None, None, "a daemon.json patch is a mapping"),
        (NONE, {"icc": False}, ["icc"], "fill must be a mapping"),
    ],
)
def test_bad_input(changes, patch, fill, message):
    with pytest.raises(AnsibleFilterError, match=message):
        daemon_json_patch(changes, patch, fill)
