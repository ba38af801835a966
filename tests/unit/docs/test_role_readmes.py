"""Each role README's variable table is generated from argument_specs; a stale copy fails the build."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]


def test_role_readme_variable_tables_are_current():
    proc = subprocess.run(
        [sys.executable, str(ROOT / "bin" / "role_docs.py"), "--check"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
