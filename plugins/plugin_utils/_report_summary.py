# Private to the hardened.docker collection: not a public API, may change without notice.
"""The console summary printed at the end of the play: hosts x statuses, then the worst failures."""

from __future__ import annotations

from ansible_collections.hardened.docker.plugins.plugin_utils._report_model import Doc, controls

_COLUMNS = (
    ("PASS", "pass"),
    ("FAIL", "fail"),
    ("MANUAL", "manual"),
    ("WAIVED", "waived"),
    ("N/A", "not_applicable"),
    ("ERROR", "error"),
)


def _short(text: str, width: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 3] + "..."


def _names(names: list[str], limit: int = 3) -> str:
    shown = ", ".join(names[:limit])
    return shown + (f" +{len(names) - limit} more" if len(names) > limit else "")


def _table(rows: list[list[str]], right: int) -> list[str]:
    """Align columns; the columns from index ``right`` on are right-aligned numbers."""
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    lines = []
    for row in rows:
        cells = [cell.rjust(widths[i]) if i >= right else cell.ljust(widths[i]) for i, cell in enumerate(row)]
        lines.append("  ".join(cells).rstrip())
    return lines


def worst_failures(fleet: Doc, top: int) -> list[Doc]:
    """Failed controls, Level 1 before Level 2, then by number of hosts, then catalog order."""
    order = {c["id"]: (i, c) for i, c in enumerate(controls(fleet))}
    failing: dict[str, list[str]] = {}
    for host in fleet["hosts"]:
        for result in host["results"]:
            if result["status"] == "fail":
                failing.setdefault(result["id"], []).append(host["name"])
    ranked = sorted(failing, key=lambda i: (order[i][1]["level"] or 9, -len(failing[i]), order[i][0]))
    return [{**order[i][1], "hosts": failing[i]} for i in ranked[:top]]


def _host_rows(fleet: Doc, comparison: Doc | None) -> list[list[str]]:
    header = ["HOST", "STATUS", "SCORE"] + (["DELTA"] if comparison else []) + [c[0] for c in _COLUMNS]
    rows = [header]
    for host in fleet["hosts"]:
        summary = host["summary"]
        row = [host["name"], host["status"], f"{summary['score']:.1f}" if summary else "-"]
        if comparison:
            delta = (comparison["hosts"].get(host["name"]) or {}).get("score_delta")
            row.append("" if delta is None else f"{delta:+.1f}")
        row.extend(str(summary[column[1]]) if summary else "-" for column in _COLUMNS)
        rows.append(row)
    return rows


def _changes(comparison: Doc) -> list[str]:
    summary = comparison["summary"]
    base = comparison["baseline"]["run"] or comparison["baseline"]["path"]
    before = "-" if summary["score_before"] is None else f"{summary['score_before']:.1f}"
    out = [
        f"Since baseline {base}: {summary['improved']} improved, {summary['regressed']} regressed, "
        f"{summary['changed']} other changes (fleet score {before} -> {summary['score_after']:.1f})"
    ]
    for name, entry in comparison["hosts"].items():
        if entry["regressed"] or entry["improved"]:
            improved = _names([c["id"] for c in entry["improved"]], 8) or "-"
            regressed = _names([c["id"] for c in entry["regressed"]], 8) or "-"
            out.append(f"  {name}: improved {improved}; regressed {regressed}")
    return out


def _pending(fleet: Doc) -> list[str]:
    """Failures whose fix is configured but waits for a restart or a recreate, per host."""
    rows = [
        [f"  {host['name']}", result["id"], f"configured; in force after: {result['pending']}"]
        for host in fleet["hosts"]
        for result in host["results"]
        if result.get("pending")
    ]
    if not rows:
        return []
    return ["Configured, not yet in force:", *_table(rows, 99)]


def lines(fleet: Doc, top: int = 10, report_dir: str | None = None) -> list[str]:
    """The summary, one string per line."""
    total = fleet["summary"]
    comparison = fleet.get("comparison")
    out = [
        f"CIS Docker Benchmark {fleet['benchmark_version']} | run {fleet['run']} | {total['hosts']} hosts: "
        f"{total['audited']} audited, {total['unreachable']} unreachable, {total['failed']} failed | "
        f"fleet score {total['score']:.1f}"
    ]
    out.extend(_table(_host_rows(fleet, comparison), right=2))
    for host in fleet["hosts"]:
        if host["status"] != "audited":
            out.append(f"! {host['name']} {host['status']}: {_short(host['message'] or '', 160)}")
    worst = worst_failures(fleet, top)
    if worst:
        out.append("Worst failures (Level 1 first, then by hosts affected):")
        rows = [
            [
                "  " + c["id"],
                f"L{c['level'] or '?'}",
                f"{len(c['hosts'])} host{'' if len(c['hosts']) == 1 else 's'}",
                _short(c["title"], 72),
                f"({_names(c['hosts'])})",
            ]
            for c in worst
        ]
        out.extend(_table(rows, right=99))
    else:
        out.append("No failures.")
    out.extend(_pending(fleet))
    if comparison:
        out.extend(_changes(comparison))
    gate = fleet.get("gate")
    if gate and gate["rules"]:
        out.append(f"Gate ({', '.join(gate['rules'])}): {'TRIPPED' if gate['tripped'] else 'passed'}")
    if report_dir:
        out.append(f"Reports: {report_dir}")
    return out
