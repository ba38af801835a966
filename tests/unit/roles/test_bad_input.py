"""The roles refuse numeric variables outside their range, with a message naming the variable (bad_input.yml)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[2]
# The tls role names community.crypto modules. The older ansible-cores of the matrix run from venvs with
# ansible-core only, so the collections come from the project venv's `ansible` package (make venv).
PYPI_COLLECTIONS = sorted(
    str(p) for p in ROOT.glob(".venv/lib/python3*/site-packages") if (p / "ansible_collections").is_dir()
)


def test_numeric_variables_outside_their_range_are_refused():
    env = dict(
        os.environ,
        ANSIBLE_COLLECTIONS_PATH=os.pathsep.join([str(ROOT / ".collections"), *PYPI_COLLECTIONS]),
        ANSIBLE_LOCALHOST_WARNING="false",
        ANSIBLE_INVENTORY_UNPARSED_WARNING="false",
        ANSIBLE_PYTHON_INTERPRETER=sys.executable,
        ANSIBLE_NOCOLOR="true",
    )
    run = subprocess.run(
        [str(Path(sys.executable).parent / "ansible-playbook"), "-i", "localhost,", str(HERE / "bad_input.yml")],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
        check=False,
    )
    assert run.returncode == 0, run.stdout[-4000:] + run.stderr[-2000:]
    # Every case failed inside the role, and its message passed the pattern's check.
    assert "rescued=" in run.stdout and "failed=0" in run.stdout, run.stdout[-4000:]
