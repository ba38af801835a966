"""Every matrix venv can import what the unit tests import: bin/core-venv.sh
installs ansible-core plus the requirements.txt lines marked `# unit-tests`."""

from __future__ import annotations

import ast
import importlib.metadata
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
OURS = {"ansible", "ansible_collections"}
UNIT = ROOT / "tests" / "unit"
MARKED = re.compile(r"^([A-Za-z0-9_.\[\]-]+)==\S+\s+#\s*unit-tests\s*$", re.MULTILINE)


def normalise(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def marked() -> set[str]:
    return {normalise(name) for name in MARKED.findall((ROOT / "requirements.txt").read_text())}


def ansible_core_closure() -> set[str]:
    """ansible-core and what it installs (PyYAML, Jinja2, ...), as installed here."""
    names = {"ansible-core"}
    todo = ["ansible-core"]
    while todo:
        for req in importlib.metadata.requires(todo.pop()) or []:
            if "extra ==" in req:
                continue
            dep = normalise(re.split(r"[<>=!~;\[ (]", req, maxsplit=1)[0])
            if dep not in names:
                names.add(dep)
                todo.append(dep)
    return names


def third_party_imports() -> dict[str, Path]:
    """Top-level modules the unit tests import that are neither stdlib nor ours."""
    local = {path.stem for path in UNIT.rglob("*.py")} | {path.stem for path in (ROOT / "bin").glob("*.py")}
    found: dict[str, Path] = {}
    for path in UNIT.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [node.module]
            else:
                continue
            for name in names:
                top = name.split(".")[0]
                if top not in sys.stdlib_module_names and top not in local | OURS:
                    found.setdefault(top, path)
    return found


def test_every_third_party_import_is_installed_into_the_matrix_venvs():
    provided = marked() | ansible_core_closure()
    distributions = importlib.metadata.packages_distributions()
    missing = {
        top: str(path.relative_to(ROOT))
        for top, path in third_party_imports().items()
        if not {normalise(dist) for dist in distributions.get(top, [top])} & provided
    }
    assert not missing, f"mark their requirements.txt lines `# unit-tests`: {missing}"


def test_core_venv_installs_the_marked_lines():
    script = (ROOT / "bin" / "core-venv.sh").read_text()
    assert "unit-tests" in script
    assert {"pytest", "prometheus-client"} <= marked()
