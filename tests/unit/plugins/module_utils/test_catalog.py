"""The catalog: one list of controls with stable keys, and each benchmark version a view of it."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from ansible_collections.hardened.docker.plugins.module_utils import _catalog
from ansible_collections.hardened.docker.plugins.module_utils._catalog import (
    CATALOGS,
    CONTROLS,
    DEFAULT_VERSION,
    VERSIONS,
)
from ansible_collections.hardened.docker.plugins.module_utils._evaluate import (
    CHECKS,  # importing it registers the checks
)

CROSSWALK = Path(__file__).resolve().parents[3] / "fixtures" / "cis" / "crosswalk.tsv"


def _reference() -> list[dict[str, str]]:
    lines = [line for line in CROSSWALK.read_text().splitlines() if line and not line.startswith("#")]
    header = lines[0].split("\t")
    return [dict(zip(header, line.split("\t"))) for line in lines[1:]]


def by_key(version: str) -> dict[str, _catalog.Control]:
    return {c.key: c for c in CATALOGS[version]}


def test_the_versions_and_their_sizes():
    assert VERSIONS == ("1.6.0", "1.7.0", "1.8.0") and tuple(CATALOGS) == VERSIONS
    assert DEFAULT_VERSION == "1.6.0"
    assert [len(CATALOGS[v]) for v in VERSIONS] == [117, 117, 118]


def test_every_version_is_built_from_the_one_list():
    # No copied tuples: every control of every version is a view of an entry of CONTROLS.
    keys = [e.key for e in CONTROLS]
    for version in VERSIONS:
        assert [c.key for c in CATALOGS[version]] == [k for k in keys if k in by_key(version)]
        assert all(c.version == version for c in CATALOGS[version])


def test_keys_are_unique_snake_case_names_never_cis_ids():
    keys = [e.key for e in CONTROLS]
    assert len(keys) == len(set(keys)) == 118
    assert all(re.fullmatch(r"[a-z][a-z0-9]*(_[a-z0-9]+)*", k) for k in keys)
    assert not any(re.search(r"\d+_\d+", k) for k in keys)


def test_ids_match_the_reference_crosswalk_and_levels_its_data():
    rows = _reference()
    assert len(rows) == 118
    found = {tuple(c.ids.get(v, "-") for v in VERSIONS): c for c in [*CATALOGS["1.8.0"], *CATALOGS["1.6.0"]]}
    for row in rows:
        ids = (row["1.6.0"], row["1.7.0"], row["1.8.0"])
        assert ids in found, ids
        control = found[ids]
        assert str(control.level) == row["level_1.8.0"]
        if row["level_1.7.0"] != "-":
            assert str(control.level) == row["level_1.7.0"]
        assert ("level" in by_key("1.8.0")[control.key].unsure) == (row["level_1.8.0_unconfirmed"] == "yes")


def test_userland_proxy_keeps_its_key_when_1_8_0_renumbers_it():
    assert {v: by_key(v)["userland_proxy"].id for v in VERSIONS} == {"1.6.0": "2.16", "1.7.0": "2.16", "1.8.0": "2.17"}
    assert by_key("1.8.0")["userland_proxy"].ids == {"1.6.0": "2.16", "1.7.0": "2.16", "1.8.0": "2.17"}
    assert by_key("1.8.0")["userland_proxy"].change == "renumbered from 2.16"
    assert by_key("1.7.0")["userland_proxy"].change == ""


def test_devicemapper_is_new_in_1_8_0_at_2_7_and_moves_2_7_to_2_18_down():
    assert "no_devicemapper" not in by_key("1.7.0")
    new = by_key("1.8.0")["no_devicemapper"]
    assert (new.id, new.ids, new.check) == ("2.7", {"1.8.0": "2.7"}, "daemon_no_devicemapper")
    assert new.cis_label == "unknown" and "label" in new.unsure
    old = {c.key: c.id for c in CATALOGS["1.7.0"] if c.section == "2"}
    new_ids = {c.key: c.id for c in CATALOGS["1.8.0"] if c.section == "2"}
    for key, id_ in old.items():
        number = int(id_.split(".")[1])
        assert new_ids[key] == (id_ if number < 7 else f"2.{number + 1}")


@pytest.mark.parametrize(
    "key, checks",
    [
        ("audit_docker_socket", ("audit_docker_socket_unit", "audit_docker_sock", "audit_docker_sock")),
        ("audit_data_root", ("audit_data_root", "audit_data_root_excluding", "audit_data_root_excluding")),
        (
            "sensitive_mounts",
            ("runtime_sensitive_mounts", "runtime_sensitive_mounts_lib64", "runtime_sensitive_mounts_lib64"),
        ),
        ("insecure_registries", ("daemon_insecure_registries",) * 3),
        ("content_trust", ("image_content_trust",) * 3),
    ],
)
def test_a_version_that_changed_a_control_names_another_check(key, checks):
    assert tuple(by_key(v)[key].check for v in VERSIONS) == checks
    assert all(check in CHECKS for check in checks)


def test_changes_are_recorded_where_the_version_made_them():
    changed = {v: sorted(c.id for c in CATALOGS[v] if c.change) for v in VERSIONS}
    assert changed["1.6.0"] == []
    assert changed["1.7.0"] == ["1.1.5", "1.1.9", "5.6"]
    assert changed["1.8.0"] == sorted(["2.5", *(f"2.{n}" for n in range(7, 20))])
    assert by_key("1.7.0")["audit_docker_socket"].title == "Docker socket (docker.sock) is audited"
    assert by_key("1.6.0")["audit_docker_socket"].title == "docker.socket unit file is audited"
    assert "/lib64" in by_key("1.7.0")["sensitive_mounts"].remediation
    assert "/lib64" not in by_key("1.6.0")["sensitive_mounts"].remediation


def test_the_label_is_kept_apart_from_what_we_decide_and_unsure_facts_are_data():
    for version in VERSIONS:
        for control in CATALOGS[version]:
            assert control.cis_label in ("Automated", "Manual", "unknown")
            assert isinstance(control.automated, bool)
            assert set(control.unsure) <= {"level", "label"}
            assert ("level" in control.unsure) == (version == "1.8.0")
            assert "label" in control.unsure  # no source in the reference data confirms a label
    current = by_key("1.6.0")
    # The two facts differ: decided by us, but labelled Manual by the benchmark (and the other way round).
    assert current["userland_proxy"].automated and current["userland_proxy"].cis_label == "Manual"
    assert current["audit_dockerd"].automated and current["audit_dockerd"].cis_label == "Automated"
    assert sum(c.automated for c in CATALOGS["1.6.0"]) == 90
