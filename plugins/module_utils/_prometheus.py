# Private to the hardened.docker collection: not a public API, may change without notice.
"""Audit results as Prometheus metrics, in the text format node_exporter's textfile collector reads.

Text exposition format 0.0.4 (https://prometheus.io/docs/instrumenting/exposition_formats/):
one ``# HELP`` and one ``# TYPE`` line per metric family, the family's samples right after
them, label values escaped (backslash, double quote, line feed), UTF-8, every line ending in
a line feed. No sample carries a timestamp: node_exporter's textfile collector refuses files
that do. The metrics are documented in docs/prometheus.md.

The same formatter serves the controller's report (plugin_utils/_report_prometheus.py) and the
audit timer on the hosts (_audit_runner.py), so both write the same series.
"""

from __future__ import annotations

import re
from typing import Any, Iterable, NamedTuple

from ansible_collections.hardened.docker.plugins.module_utils._results import STATUSES

PREFIX = "hardened_docker_"
_NAME = re.compile(r"[a-zA-Z_:][a-zA-Z0-9_:]*\Z")
_LABEL = re.compile(r"[a-zA-Z_][a-zA-Z0-9_]*\Z")

# name -> help text, in the order the families are written.
FAMILIES = {
    "audit_success": "1 when the CIS Docker Benchmark audit of the host ran and the hardened_docker_cis_* series "
    "are its results; 0 when it could not run (the JSON report says why) and no results are given.",
    "audit_timestamp_seconds": "Unix time of the audit, successful or not.",
    "audit_info": "The benchmark version and Docker Engine version of the audit; always 1.",
    "cis_score": "100 * pass / (pass + fail) over the automated controls; 100 when none passed or failed.",
    "cis_controls": "Number of controls of the benchmark with each status.",
    "cis_control_status": "1 for each control, with its current status as the status label.",
}


class HostMetrics(NamedTuple):
    """One host's audit for the metrics.

    ``audit`` holds the keys a cis_audit result and a fleet report's host entry share
    (benchmark_version, host, results, summary), or is None when the audit did not run.
    """

    host: str
    audited_at: float  # unix seconds
    audit: dict[str, Any] | None


def escape_label_value(value: Any) -> str:
    """A label value as the format writes it between double quotes."""
    text = "" if value is None else str(value)
    # Only UTF-8 is allowed: a byte that was not UTF-8 (a surrogate escape) becomes visible text.
    text = text.encode("utf-8", "backslashreplace").decode("utf-8")
    return text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")


def escape_help(text: str) -> str:
    return text.replace("\\", "\\\\").replace("\n", "\\n")


def format_value(value: float) -> str:
    if isinstance(value, bool):
        return str(int(value))
    if isinstance(value, int) or float(value).is_integer():
        return str(int(value))
    return repr(float(value))


def sample(name: str, labels: dict[str, Any], value: float) -> str:
    """One sample line (without the line feed); names are checked, since a bad one breaks the whole file."""
    if not _NAME.match(name):
        raise ValueError(f"invalid metric name {name!r}")
    parts = []
    for key, raw in labels.items():
        if not _LABEL.match(key) or key.startswith("__"):
            raise ValueError(f"invalid label name {key!r}")
        parts.append(f'{key}="{escape_label_value(raw)}"')
    return f"{name}{{{','.join(parts)}}} {format_value(value)}"


def _samples(metric: HostMetrics) -> dict[str, list[tuple[dict[str, Any], float]]]:
    host = {"host": metric.host}
    out: dict[str, list[tuple[dict[str, Any], float]]] = {key: [] for key in FAMILIES}
    audit = metric.audit
    out["audit_success"].append((host, 1 if audit is not None else 0))
    out["audit_timestamp_seconds"].append((host, int(metric.audited_at)))
    if audit is None:
        return out  # never a stale or guessed "all pass": no result series at all
    engine = audit.get("host") or {}
    out["audit_info"].append(
        (
            {
                **host,
                "benchmark_version": audit.get("benchmark_version") or "",
                "docker_version": engine.get("docker_version") or "",
            },
            1,
        )
    )
    summary = audit["summary"]
    out["cis_score"].append((host, summary["score"]))
    out["cis_controls"].extend(({**host, "status": status}, summary[status]) for status in STATUSES)
    for result in audit["results"]:
        labels = {
            **host,
            "control": result["id"],
            "level": "" if result.get("level") is None else result["level"],
            "section": result.get("section") or "",
            "status": result["status"],
        }
        out["cis_control_status"].append((labels, 1))
    return out


def render(metrics: Iterable[HostMetrics]) -> str:
    """The text-format file for these hosts: each family once, with every host's samples."""
    families: dict[str, list[str]] = {key: [] for key in FAMILIES}
    for metric in metrics:
        for key, samples in _samples(metric).items():
            families[key].extend(sample(PREFIX + key, labels, value) for labels, value in samples)
    lines = []
    for key, help_text in FAMILIES.items():
        if not families[key]:
            continue
        lines.append(f"# HELP {PREFIX}{key} {escape_help(help_text)}")
        lines.append(f"# TYPE {PREFIX}{key} gauge")
        lines.extend(families[key])
    return "\n".join(lines) + "\n"
