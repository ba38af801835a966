# Private to the hardened.docker collection: not a public API, may change without notice.
"""Writing a run's reports to disk: <report_dir>/<run>/..., plus a ``latest`` link to the run.

Layout of a run directory:
  fleet.json            the fleet document (json)
  hosts/<host>.json     one document per host (json)
  junit.xml             JUnit XML (junit)
  compliance.sarif      SARIF 2.1.0 (sarif)
  report.html           self-contained HTML (html)
  dbs/<host>.json       docker-bench-security's JSON log shape, one per host (dbs, opt-in)
  compliance.prom       Prometheus text format for node_exporter's textfile collector (prometheus)
  summary.txt           the console summary (always)
"""

from __future__ import annotations

import os
import re
from functools import partial
from typing import Callable, NamedTuple

from ansible_collections.hardened.docker.plugins.module_utils._atomic_file import write_text
from ansible_collections.hardened.docker.plugins.plugin_utils import (
    _report_dbs,
    _report_html,
    _report_json,
    _report_junit,
    _report_prometheus,
    _report_sarif,
    _report_summary,
)
from ansible_collections.hardened.docker.plugins.plugin_utils._report_model import Doc

FORMATS = ("json", "junit", "sarif", "html", "dbs", "prometheus")
# What the compliance role writes unless compliance_report_formats says otherwise (dbs and prometheus are opt-in).
DEFAULT_FORMATS = ("json", "junit", "sarif", "html")
FILE_NAMES = {
    "json": "fleet.json",
    "junit": "junit.xml",
    "sarif": "compliance.sarif",
    "html": "report.html",
    "prometheus": "compliance.prom",
}
LATEST = "latest"


def host_file_names(hosts: list[Doc]) -> dict[str, str]:
    """A safe, unique file name for each inventory hostname."""
    names: dict[str, str] = {}
    used = set()
    for host in hosts:
        base = re.sub(r"[^A-Za-z0-9._-]", "_", host["name"]).lstrip(".") or "host"
        name, number = base, 1
        while name.lower() in used:
            number += 1
            name = f"{base}-{number}"
        used.add(name.lower())
        names[host["name"]] = name + ".json"
    return names


def update_latest(base_dir: str, run: str) -> str | None:
    """Point <base_dir>/latest at the run (relative symlink, replaced atomically). Returns a warning or None."""
    link = os.path.join(base_dir, LATEST)
    if os.path.lexists(link) and not os.path.islink(link):
        return f"{link} exists and is not a symlink; left it alone"
    tmp = os.path.join(base_dir, f".{LATEST}.{os.getpid()}")
    try:
        if os.path.lexists(tmp):
            os.unlink(tmp)
        os.symlink(run, tmp)
        os.replace(tmp, link)
    except OSError as exc:
        return f"could not update {link}: {exc.strerror or exc}"
    return None


class Plan(NamedTuple):
    """A run's reports before anything is written: where each goes, and how to render it."""

    report_dir: str
    files: Doc  # format -> path; "hosts" maps each host to its JSON file
    renders: list[tuple[str, Callable[[], str]]]  # (path, render) in writing order
    summary_lines: list[str]


def _per_host(
    fleet: Doc, directory: str, render: Callable[[Doc, Doc], str], renders: list[tuple[str, Callable[[], str]]]
) -> Doc:
    """One file per host in `directory`, queued on `renders`; returns host -> path."""
    names = host_file_names(fleet["hosts"])
    paths = {}
    for host in fleet["hosts"]:
        paths[host["name"]] = os.path.join(directory, names[host["name"]])
        renders.append((paths[host["name"]], partial(render, fleet, host)))
    return paths


def plan_reports(
    fleet: Doc,
    base_dir: str,
    formats: list[str] | None = None,
    top: int = 10,
    sources: Doc | None = None,
    sarif_category: str = _report_sarif.DEFAULT_CATEGORY,
) -> Plan:
    """Every file of the run and its renderer; nothing is rendered or written yet (check mode stops here).

    ``sources`` and ``sarif_category`` are for SARIF: see _report_sarif.build.
    """
    formats = list(DEFAULT_FORMATS) if formats is None else formats
    run_dir = os.path.join(base_dir, fleet["run"])
    files: Doc = {}
    renders: list[tuple[str, Callable[[], str]]] = []
    if "json" in formats:
        files["json"] = os.path.join(run_dir, FILE_NAMES["json"])
        renders.append((files["json"], partial(_report_json.render_fleet, fleet)))
        files["hosts"] = _per_host(fleet, os.path.join(run_dir, "hosts"), _report_json.render_host, renders)
    if "dbs" in formats:
        files["dbs"] = _per_host(fleet, os.path.join(run_dir, "dbs"), _report_dbs.render_host, renders)
    renderers = {
        "junit": _report_junit.render,
        "sarif": partial(_report_sarif.render, sources=sources, category=sarif_category),
        "html": _report_html.render,
        "prometheus": _report_prometheus.render,
    }
    for fmt, render in renderers.items():
        if fmt in formats:
            files[fmt] = os.path.join(run_dir, FILE_NAMES[fmt])
            renders.append((files[fmt], partial(render, fleet)))
    summary = _report_summary.lines(fleet, top=top, report_dir=run_dir)
    files["summary"] = os.path.join(run_dir, "summary.txt")
    text = "\n".join(summary) + "\n"
    renders.append((files["summary"], lambda: text))
    return Plan(run_dir, files, renders, summary)


def write_plan(plan: Plan, latest_link: bool = True) -> list[str]:
    """Render and write every file of the plan, then point ``latest`` at the run; returns warnings."""
    for path, render in plan.renders:
        os.makedirs(os.path.dirname(path), exist_ok=True)
        write_text(path, render())
    if latest_link:
        base_dir, run = os.path.split(plan.report_dir)
        warning = update_latest(base_dir, run)
        if warning:
            return [warning]
    return []


def write_reports(
    fleet: Doc,
    base_dir: str,
    formats: list[str] | None = None,
    latest_link: bool = True,
    top: int = 10,
) -> Doc:
    """Render and write every requested format; returns {report_dir, files, summary_lines, warnings}."""
    plan = plan_reports(fleet, base_dir, formats, top)
    warnings = write_plan(plan, latest_link)
    return {
        "report_dir": plan.report_dir,
        "files": plan.files,
        "summary_lines": plan.summary_lines,
        "warnings": warnings,
    }
