"""docs/src/verdicts.yml documents exactly the catalog's controls, by stable key.

test_generated_docs.py checks that the page is current.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from ansible_collections.hardened.docker.plugins.module_utils._catalog import CATALOGS

ROOT = Path(__file__).resolve().parents[3]
sys.path.insert(0, str(ROOT / "bin"))

import verdicts_doc  # noqa: E402  (bin/ is not a package)

CATALOG_KEYS = list(dict.fromkeys(c.key for catalog in CATALOGS.values() for c in catalog))


@pytest.fixture(scope="module")
def source():
    return verdicts_doc.load_source()


def test_every_catalog_control_has_an_entry(source):
    assert [i for i in CATALOG_KEYS if i not in source["controls"]] == []


def test_no_entry_names_an_unknown_id(source):
    assert [i for i in source["controls"] if i not in CATALOG_KEYS] == []


def test_every_entry_resolves_and_says_what_it_reads(source):
    assert verdicts_doc.problems(source, CATALOG_KEYS) == []


def test_problems_name_missing_and_unknown_ids_and_bad_entries():
    source = {
        "templates": {"t": {"reads": "{what}", "pass": "ok"}},
        "controls": {
            "1.1.1": {"template": "t"},  # no value for {what}
            "9.9": {"reads": "x", "pass": "ok"},
            "2.2": {"reads": "x", "passes": "typo"},
        },
    }
    found = verdicts_doc.problems(source, ["1.1.1", "2.2", "2.3"])
    assert "control 2.3 has no entry in verdicts.yml" in found
    assert "entry 9.9 names no control of the catalog" in found
    assert any(p.startswith("entry 2.2: unknown field(s) passes") for p in found)
    assert "entry 2.2: names no verdict (pass, fail, not_applicable, manual, error)" in found
    assert "verdicts.yml control 1.1.1: no value for {what}" in found


def test_template_fields_yield_to_the_entry_and_differs_add_up():
    source = {
        "templates": {"t": {"reads": "the {path}", "pass": "ok", "differs": ["template's"]}},
        "controls": {
            "1.1.4": {"template": "t", "vars": {"path": "/run/containerd"}, "pass": "mine", "differs": ["own"]},
        },
    }
    assert verdicts_doc.resolve("1.1.4", source) == {
        "reads": "the /run/containerd",
        "pass": "mine",
        "differs": ["template's", "own"],
    }
