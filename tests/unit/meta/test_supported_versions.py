"""The versions we claim are the versions we test: bin/core-matrix.txt is the source."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[3]
PREFIX = "ansible_collections.hardened.docker.plugins.module_utils."
# The modules that run on targets (compliance_report runs on the controller).
TARGET_MODULES = ["cis_audit", "daemon_config"]


def matrix() -> list[tuple[str, str]]:
    lines = (ROOT / "bin" / "core-matrix.txt").read_text().splitlines()
    return [tuple(line.split()) for line in lines if line.strip() and not line.lstrip().startswith("#")]


def minor(version: str) -> str:
    return ".".join(version.split(".")[:2])


def test_matrix_lists_each_minor_once_oldest_first():
    minors = [tuple(map(int, minor(line[0]).split("."))) for line in matrix()]
    assert minors == sorted(set(minors)), minors


def test_requirements_pin_the_newest_line():
    pins = re.findall(r"^ansible-core==(\S+)$", (ROOT / "requirements.txt").read_text(), re.MULTILINE)
    assert pins == [matrix()[-1][0]]


def test_requires_ansible_is_the_oldest_line():
    runtime = yaml.safe_load((ROOT / "meta" / "runtime.yml").read_text())
    assert runtime["requires_ansible"] == f">={minor(matrix()[0][0])}.0"


def test_readme_names_every_tested_version():
    readme = (ROOT / "README.md").read_text()
    for core, python in matrix():
        assert f"| {core} | {python} |" in readme, f"README's tested-versions table lacks ansible-core {core}"


def target_sources() -> list[Path]:
    """The target modules and every module_util they import, transitively."""
    todo = [ROOT / "plugins" / "modules" / f"{name}.py" for name in TARGET_MODULES]
    seen: list[Path] = []
    while todo:
        path = todo.pop()
        if path in seen:
            continue
        seen.append(path)
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith(PREFIX):
                todo.append(ROOT / "plugins" / "module_utils" / f"{node.module[len(PREFIX) :]}.py")
    return sorted(seen)


def test_target_code_parses_at_the_declared_python_floor():
    floor = yaml.safe_load((ROOT / "tests" / "config.yml").read_text())["modules"]["python_requires"]
    version = tuple(int(part) for part in re.fullmatch(r">=(\d+)\.(\d+)", floor).groups())
    sources = target_sources()
    assert len(sources) > len(TARGET_MODULES)  # the walk found the module_utils
    for path in sources:
        # feature_version rejects grammar newer than the floor (walrus, match, except*, ...).
        ast.parse(path.read_text(), filename=str(path), feature_version=version)
