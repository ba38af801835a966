"""The README's coverage table is generated; a stale copy fails the build."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]


def test_readme_coverage_table_is_current():
    proc = subprocess.run(
        [sys.executable, str(ROOT / "bin" / "coverage_table.py"), "--check"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
