from __future__ import annotations

import pytest
from ansible.errors import AnsibleFilterError

from ansible_collections.hardened.docker.plugins.filter.file_fixes import FilterModule, file_fixes, section3_mode


def entry(path="/etc/docker/daemon.json", mode="0666", mask="0644", group="root", gid=0, exists=True, owner="root"):
    return {
        "path": path,
        "exists": exists,
        "owner": owner,
        "group": group,
        "mask": mask,
        "mode": mode,
        "uid": 0,
        "gid": gid,
    }


def test_is_registered_as_a_filter():
    assert FilterModule().filters() == {"file_fixes": file_fixes, "section3_mode": section3_mode}


@pytest.mark.parametrize(
    ("mode", "mask", "target"),
    [
        ("0666", "0644", "0644"),
        ("0600", "0644", "0600"),  # stricter: kept
        ("0477", "0644", "0444"),  # numerically below 0644, yet other may write
        ("4755", "0644", "0644"),  # setuid goes
        ("0777", "0755", "0755"),
        ("0600", "0444", "0400"),
        ("1666", "1660", "1660"),  # the sticky bit a socket's mask allows stays
        ("0000", "0644", "0000"),
    ],
)
def test_the_mode_is_the_current_one_and_the_mask(mode, mask, target):
    assert file_fixes([entry(mode=mode, mask=mask)])[0]["mode"] == target


def test_missing_files_are_left_out():
    assert file_fixes([entry(exists=False, mode=None), entry(path="/etc/default/docker")]) == [
        {"path": "/etc/default/docker", "owner": "root", "group": "root", "mode": "0644"}
    ]


def test_group_root_is_kept_where_the_control_allows_a_group():
    socket = {"path": "/run/docker.sock", "mask": "1660", "mode": "0660", "group": "docker"}
    assert file_fixes([entry(**socket, gid=0)])[0]["group"] == "root"
    assert file_fixes([entry(**socket, gid=1000)])[0]["group"] == "docker"


def test_any_group_is_none():
    assert file_fixes([entry(group=None, gid=1000, owner="alice")])[0] == {
        "path": "/etc/docker/daemon.json",
        "owner": "alice",
        "group": None,
        "mode": "0644",
    }


def test_no_entries():
    assert file_fixes(None) == []
    assert file_fixes([]) == []


@pytest.mark.parametrize(
    ("entries", "message"),
    [
        ({"path": "/etc/docker"}, "expects the list of one control's host.files"),
        ([{"path": "/etc/docker", "exists": True}], "expects host_info's host.files entries"),
        (["/etc/docker"], "expects host_info's host.files entries"),
        ([entry(mode="rw-r--r--")], "file_fixes: /etc/docker/daemon.json: invalid literal"),
        ([entry(mask=None)], "file_fixes: /etc/docker/daemon.json: mode must be an octal string"),
    ],
)
def test_bad_input(entries, message):
    with pytest.raises(AnsibleFilterError, match=message):
        file_fixes(entries)


@pytest.mark.parametrize(
    ("stat", "control", "mode"),
    [
        ({"exists": False}, "3.10", "0444"),  # a new file gets the mask
        ({"exists": False}, "3.14", "0400"),
        ({"exists": True, "mode": "0644"}, "3.12", "0444"),
        ({"exists": True, "mode": "0400"}, "3.12", "0400"),  # stricter: kept
        ({"exists": True, "mode": "0600"}, "3.14", "0400"),
        ({"exists": True, "mode": "0000"}, "3.14", "0000"),
        ({"exists": True, "mode": "0444"}, "3.9", "0444"),  # the owner control names the same files
    ],
)
def test_section3_mode_tightens_with_the_controls_mask(stat, control, mode):
    assert section3_mode(stat, control) == mode


@pytest.mark.parametrize(("control", "version"), [("2.2", "1.6.0"), ("3.99", "1.6.0"), ("3.10", "0.1")])
def test_section3_mode_refuses_what_is_not_a_section_3_file_control(control, version):
    with pytest.raises(AnsibleFilterError, match="is not a section 3 file control"):
        section3_mode({"exists": False}, control, version)


@pytest.mark.parametrize("stat", [None, {"mode": "0644"}, "0644"])
def test_section3_mode_needs_a_stat(stat):
    with pytest.raises(AnsibleFilterError, match="expects the stat"):
        section3_mode(stat, "3.10")


def test_section3_mode_names_a_bad_mode():
    with pytest.raises(AnsibleFilterError, match=r"/etc/docker/tls/ca\.pem"):
        section3_mode({"exists": True, "mode": True, "path": "/etc/docker/tls/ca.pem"}, "3.10")
