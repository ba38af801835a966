"""Print make demo's before/after view from the fleet report of the second audit.

Usage: demo_summary.py REPORT_DIR/RUN/fleet.json
"""

from __future__ import annotations

import json
import re
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# A role toggle is <role>_cis_<the control's stable key>.
OFF_TOGGLE = re.compile(r"^([a-z]+_cis_([a-z][a-z0-9_]*)): false$", re.M)


def _workload(result: dict) -> bool:
    """A failure that names containers or images is the operator's to fix, not the host's."""
    objects = result.get("objects") or []
    return bool(objects) and all(o.startswith(("container ", "image ")) for o in objects)


def _opt_in() -> dict[str, str]:
    """Control key -> the role toggle that is off by default, e.g. "userns" -> "daemon_cis_userns"."""
    toggles = {}
    for defaults in sorted(ROOT.glob("roles/*/defaults/main.yml")):
        for match in OFF_TOGGLE.finditer(defaults.read_text(encoding="utf-8")):
            toggles.setdefault(match.group(2), match.group(1))
    return toggles


def _why(result: dict, toggles: dict[str, str]) -> str:
    """The line that best says why a host-level control still fails."""
    if result.get("key") in toggles:
        return f"opt-in, off by default: set {toggles[result['key']]}: true"
    pending = [line for line in result["evidence"] if "predates" in line]
    return (pending or result["evidence"] or [result["remediation"]])[0]


def _audit_rules_unverified(result: dict) -> bool:
    """1.1.3 to 1.1.18 written by the auditd role but not verifiable: lab hosts are containers."""
    return (
        result["id"].startswith("1.1.")
        and result["status"] == "error"
        and any("which is not verified in force" in line for line in result["evidence"])
    )


def _short(text: str, width: int = 110) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 3] + "..."


def main(path: str) -> int:
    with open(path, encoding="utf-8") as handle:
        fleet = json.load(handle)
    comparison = (fleet.get("comparison") or {}).get("hosts", {})
    print("\n== Before -> after, per host")
    for host in fleet["hosts"]:
        entry = comparison.get(host["name"]) or {}
        if host["status"] != "audited":
            print(f"  {host['name']}: {host['status']} ({_short(host.get('message') or '', 90)})")
            continue
        before, after = entry.get("score_before"), host["summary"]["score"]
        fixed = [c["id"] for c in entry.get("improved", [])]
        regressed = [c["id"] for c in entry.get("regressed", [])]
        line = f"  {host['name']}: score {'-' if before is None else f'{before:.1f}'} -> {after:.1f}"
        line += f"; fixed {len(fixed)}: {', '.join(fixed) or '-'}"
        if regressed:
            line += f"; REGRESSED: {', '.join(regressed)}"
        print(line)
        unverified = [r["id"] for r in host.get("results", []) if _audit_rules_unverified(r)]
        if unverified:
            # Counted neither as fixed nor as failing: the kernel's rule list cannot be read in a container.
            print(
                f"    audit rules {', '.join(unverified)}: written, cannot be verified in this lab; "
                "the `auditd` VM scenario proves them"
            )

    workloads: dict[str, dict] = {}
    host_level: dict[str, dict] = {}
    where: dict[str, list[str]] = defaultdict(list)
    for host in fleet["hosts"]:
        for result in host.get("results", []):
            if result["status"] != "fail":
                continue
            (workloads if _workload(result) else host_level).setdefault(result["id"], result)
            where[result["id"]].append(host["name"])

    print("\n== What remains, and why")
    print("  Workloads (the operator must fix these containers or images; hardening the host cannot):")
    for cid, result in workloads.items():
        print(f"    {cid} {_short(result['title'], 80)}")
        print(f"        {_short('; '.join(result['objects']), 100)}  [{len(where[cid])} host(s)]")
    print("  Host level (left for a reason: opt-in, pending a restart, or a site decision):")
    toggles = _opt_in()
    for cid, result in host_level.items():
        print(f"    {cid} {_short(result['title'], 80)}")
        print(f"        {_short(_why(result, toggles), 180)}  [{len(where[cid])} host(s)]")
    return 0


if __name__ == "__main__":
    if len(sys.argv) != 2:
        print(__doc__, file=sys.stderr)
        sys.exit(2)
    sys.exit(main(sys.argv[1]))
