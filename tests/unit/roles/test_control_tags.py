"""The roles' control tasks carry the tags the catalog gives their control, and toggles are named by key.

The catalog is the one source (hardened.docker.cis_tags): a task that fixes a control carries cis_<key>, one
cis_<version>_<id> per version that has the control, the unqualified 1.6.0 cis_<id> when 1.6.0 has it, and its
section and level tags, itself or through the import_tasks that brings its file in.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any, Iterator

import pytest
import yaml

from ansible_collections.hardened.docker.plugins.filter.cis_ids import PINNED_VERSION, cis_tags
from ansible_collections.hardened.docker.plugins.module_utils._catalog import CATALOGS, VERSIONS

ROOT = Path(__file__).resolve().parents[3]
ROLES = ("daemon", "tls", "rootless", "auditd")
CONTROLS = {c.key: c for version in VERSIONS for c in CATALOGS[version]}
PINNED = {c.id: c.key for c in CATALOGS[PINNED_VERSION]}
NAMED_BY_ID = re.compile(r"^([0-9]+(?:\.[0-9]+)+) \| ")


def _tags(task: dict[str, Any]) -> list[str]:
    tags = task.get("tags") or []
    return [tags] if isinstance(tags, str) else list(tags)


def _walk(tasks: list[dict[str, Any]], inherited: list[str]) -> Iterator[tuple[dict[str, Any], list[str]]]:
    """Every task with the tags it has, its blocks' tags included."""
    for task in tasks or []:
        tags = inherited + _tags(task)
        yield task, tags
        for part in ("block", "rescue", "always"):
            yield from _walk(task.get(part), tags)
        for action in ("ansible.builtin.include_tasks", "ansible.builtin.import_tasks"):
            applied = task.get(action)
            if isinstance(applied, dict) and isinstance(applied.get("apply"), dict):
                yield {"name": f"{task.get('name')} (apply)"}, _tags(applied["apply"])


def _importers(role: str) -> dict[str, list[str]]:
    """The tags main.yml's import_tasks give each task file."""
    main = yaml.safe_load((ROOT / "roles" / role / "tasks" / "main.yml").read_text())
    return {
        task["ansible.builtin.import_tasks"]: _tags(task) for task in main if "ansible.builtin.import_tasks" in task
    }


def _tasks() -> Iterator[tuple[str, dict[str, Any], list[str], list[str] | None]]:
    """(file, task, its own tags, its tags with the importer's: None in a file main.yml does not import)."""
    for role in ROLES:
        importers = _importers(role)
        for path in sorted((ROOT / "roles" / role / "tasks").glob("*.yml")):
            tasks = yaml.safe_load(path.read_text())
            imported = path.name in importers or path.name == "main.yml"
            for task, tags in _walk(tasks, []):
                yield (
                    f"{role}/tasks/{path.name}",
                    task,
                    tags,
                    (importers.get(path.name, []) + tags) if imported else None,
                )


TASKS = list(_tasks())


def test_the_tasks_were_read():
    assert len(TASKS) > 100
    assert sum(1 for _f, _t, own, _e in TASKS if "cis_userland_proxy" in own) >= 1


@pytest.mark.parametrize(
    ("where", "task", "own", "effective"), TASKS, ids=[f"{t[0]}:{t[1].get('name')}" for t in TASKS]
)
def test_each_control_task_carries_the_catalogs_tags(where, task, own, effective):
    cis = {tag for tag in own if tag.startswith("cis_")}
    keys = sorted(tag[4:] for tag in cis if tag[4:] in CONTROLS)
    expected = {tag for key in keys for tag in cis_tags(key)}
    assert cis == expected, (
        f"{where}: {task.get('name')}: tags {sorted(cis)}, the catalog's for {keys}: {sorted(expected)}"
    )
    for key in keys if effective is not None and "always" not in own else ():
        control = CONTROLS[key]
        wanted = {f"section{control.section}", f"level{control.level}"}
        assert wanted <= set(effective), f"{where}: {task.get('name')} ({key}) lacks {sorted(wanted - set(effective))}"


@pytest.mark.parametrize(
    ("where", "task", "own", "effective"), TASKS, ids=[f"{t[0]}:{t[1].get('name')}" for t in TASKS]
)
def test_a_task_named_by_a_control_id_carries_that_controls_key(where, task, own, effective):
    match = NAMED_BY_ID.match(str(task.get("name") or ""))
    if not match or effective is None:  # tasks_from entry points (in_force, safe_restart) are no control's tasks
        return
    # Task names keep the 1.6.0 ids; the key tag says which control they are.
    assert f"cis_{PINNED[match.group(1)]}" in effective, f"{where}: {task['name']}"


@pytest.mark.parametrize("role", ROLES)
def test_toggles_are_named_by_a_catalog_key(role):
    defaults = yaml.safe_load((ROOT / "roles" / role / "defaults" / "main.yml").read_text())
    specs = yaml.safe_load((ROOT / "roles" / role / "meta" / "argument_specs.yml").read_text())
    names = set(defaults) | set(specs["argument_specs"]["main"]["options"])
    toggles = sorted(name for name in names if name.startswith(f"{role}_cis_"))
    assert toggles
    assert [t for t in toggles if t[len(f"{role}_cis_") :] not in CONTROLS] == []
