"""Generated documentation is current: a stale README table fails the build (fix: make readme)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]


@pytest.mark.parametrize(
    "script",
    [
        "coverage_table.py",  # README.md: the control coverage table, from the catalog and the roles' tags
        "role_docs.py",  # roles/*/README.md: the variable tables, from meta/argument_specs.yml
        "verdicts_doc.py",  # docs/verdicts.md: how each control is decided, from docs/src/verdicts.yml and the catalog
        "crosswalk_doc.py",  # docs/crosswalk.md: each control's ids in every benchmark version, from the catalog
    ],
)
def test_generated_tables_are_current(script):
    proc = subprocess.run(
        [sys.executable, str(ROOT / "bin" / script), "--check"], capture_output=True, text=True, check=False
    )
    assert proc.returncode == 0, proc.stderr
