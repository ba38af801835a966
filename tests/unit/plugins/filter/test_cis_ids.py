from __future__ import annotations

import pytest
from ansible.errors import AnsibleFilterError

from ansible_collections.hardened.docker.plugins.filter.cis_ids import (
    FilterModule,
    cis_id,
    cis_key,
    cis_tag_warnings,
    cis_tags,
    cis_toggle_renames,
)


def test_the_filters():
    assert FilterModule().filters() == {
        "cis_key": cis_key,
        "cis_id": cis_id,
        "cis_tags": cis_tags,
        "cis_toggle_renames": cis_toggle_renames,
        "cis_tag_warnings": cis_tag_warnings,
    }


@pytest.mark.parametrize(
    ("control_id", "version", "key"),
    [
        ("2.9", "1.6.0", "userns"),
        ("2.10", "1.8.0", "userns"),
        ("2.7", "1.6.0", "tls"),
        ("2.7", "1.8.0", "no_devicemapper"),
        ("1.1.5", "1.7.0", "audit_data_root"),
        ("3.18", "1.8.0", "daemon_json_mode"),
    ],
)
def test_cis_key_is_the_control_of_that_id_in_that_version(control_id, version, key):
    assert cis_key(control_id, version) == key
    assert cis_id(key, version) == control_id


def test_cis_key_defaults_to_the_ids_of_1_6_0():
    assert cis_key("2.16") == "userland_proxy" and cis_id("userland_proxy") == "2.16"


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: cis_key("2.19", "1.6.0"), "'2.19' is not a control id of CIS Docker Benchmark 1.6.0"),
        (lambda: cis_key("2.9", "1.5.0"), "unknown benchmark version '1.5.0'; use one of 1.6.0, 1.7.0, 1.8.0"),
        (lambda: cis_id("no_devicemapper", "1.6.0"), "'no_devicemapper' is not the key of a control"),
        (lambda: cis_tags("nope"), "'nope' is not the key of a control"),
        (lambda: cis_toggle_renames("daemon_cis_2_9"), "expected a list of variable names, got str"),
    ],
)
def test_bad_input_is_named(call, message):
    with pytest.raises(AnsibleFilterError, match=message.replace("(", r"\(").replace(")", r"\)")):
        call()


def test_cis_id_gives_the_default_for_a_control_the_version_lacks():
    assert cis_id("no_devicemapper", "1.6.0", default="no_devicemapper") == "no_devicemapper"


def test_cis_tags_name_the_key_every_version_and_the_pinned_id():
    assert cis_tags("userns") == ["cis_userns", "cis_1.6.0_2.9", "cis_1.7.0_2.9", "cis_1.8.0_2.10", "cis_2.9"]
    # New in 1.8.0: no unqualified id, which would mean another control to a 1.6.0 user.
    assert cis_tags("no_devicemapper") == ["cis_no_devicemapper", "cis_1.8.0_2.7"]


def test_old_toggles_are_named_with_their_new_names():
    assert cis_toggle_renames(["daemon_cis_2_9", "tls_cis_2_7", "auditd_cis_1_1_5", "daemon_cis_3_18"]) == [
        "rename daemon_cis_2_9 to daemon_cis_userns",
        "rename tls_cis_2_7 to tls_cis_tls",
        "rename auditd_cis_1_1_5 to auditd_cis_audit_data_root",
        "rename daemon_cis_3_18 to daemon_cis_daemon_json_mode",
    ]


def test_an_old_toggle_of_no_control_is_to_be_removed_and_new_toggles_pass():
    assert cis_toggle_renames(["daemon_cis_9_9", "daemon_cis_userns", "daemon_section2"]) == [
        "remove daemon_cis_9_9 (9.9 is no control of CIS Docker Benchmark 1.6.0)"
    ]


def test_a_pinned_tag_whose_id_moved_in_1_8_0_is_explained():
    assert cis_tag_warnings(["cis_2.9"]) == [
        "--tags cis_2.9 selects userns (its 1.6.0 id); in CIS 1.8.0, 2.9 is default_ulimit: "
        "use cis_1.8.0_2.9 or cis_default_ulimit"
    ]


def test_an_id_only_1_8_0_has_selects_nothing():
    assert cis_tag_warnings(["cis_2.19"]) == [
        "--tags cis_2.19 selects nothing (no 1.6.0 control has that id); in CIS 1.8.0, 2.19 is experimental: "
        "use cis_1.8.0_2.19 or cis_experimental"
    ]


@pytest.mark.parametrize(
    "tags",
    [[], None, ["all"], ["cis_2.2", "cis_2.6", "cis_3.18", "cis_1.1.5"], ["cis_userns", "cis_1.8.0_2.10", "daemon"]],
)
def test_tags_that_mean_the_same_control_in_every_version_say_nothing(tags):
    assert cis_tag_warnings(tags) == []


def test_every_moved_id_is_explained_once():
    warnings = cis_tag_warnings([f"cis_2.{n}" for n in range(1, 20)])
    assert [w.split()[1] for w in warnings] == [f"cis_2.{n}" for n in range(7, 20)]
