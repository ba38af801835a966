# Private to the hardened.docker collection: not a public API, may change without notice.
"""Gates: when the fleet report should make the play fail (``compliance_fail_on``).

A gate list holds keywords and mappings; any gate that matches trips the run.

Keywords:
  fail         any failed control on any host
  level1       any failed control of the Level 1 profile
  level2       any failed control of the Level 2 profile (that is, any level)
  error        any control whose check could not run (status error)
  unreachable  any host that was unreachable or whose audit failed
  regressed    any control that passed (or was waived, manual, ...) in the baseline and fails now

Mappings:
  {section: "5"} / {section: ["2", "5"]}     failures in those top-level sections
  {id: "5.10"} / {id: ["1.1", "2.2"]}        failures of those controls ("1.1" also covers 1.1.x)
  {level: 1}                                 failures in the Level N profile (level <= N)
  section, id and level combine: {section: "5", level: 1} is a Level 1 failure in section 5.
  {score_below: 80}                          a host whose score is below the number (0-100)
"""

from __future__ import annotations

import re
from typing import Any

import yaml

from ansible_collections.hardened.docker.plugins.plugin_utils._report_model import Doc, ReportInputError

KEYWORDS = ("fail", "level1", "level2", "error", "unreachable", "regressed")
FILTER_KEYS = ("section", "id", "level")


def _as_list(value: Any) -> list[Any]:
    return list(value) if isinstance(value, (list, tuple)) else [value]


def _parse_mapping(item: dict[str, Any], where: str) -> Doc:
    if "score_below" in item:
        if len(item) != 1:
            raise ReportInputError(f"{where}: score_below stands alone in its gate, got keys {sorted(item)}")
        threshold = item["score_below"]
        if isinstance(threshold, bool) or not isinstance(threshold, (int, float)) or not 0 <= threshold <= 100:
            raise ReportInputError(f"{where}: score_below must be a number from 0 to 100, got {threshold!r}")
        return {"kind": "score_below", "threshold": float(threshold), "label": f"score_below={threshold:g}"}
    unknown = sorted(set(map(str, item)) - set(FILTER_KEYS))
    if unknown or not item:
        raise ReportInputError(
            "{}: unknown gate key(s) {}; a gate mapping has section, id and/or level, or score_below alone".format(
                where, ", ".join(unknown) or "(none)"
            )
        )
    gate: Doc = {"kind": "failures", "sections": [], "ids": [], "level": None}
    for section in _as_list(item.get("section", [])):
        text = str(section) if isinstance(section, int) and not isinstance(section, bool) else section
        if not isinstance(text, str) or not text.isdigit():
            raise ReportInputError(f'{where}: section must be a top-level section such as "5", got {section!r}')
        gate["sections"].append(text)
    for control_id in _as_list(item.get("id", [])):
        if not isinstance(control_id, str) or not re.match(r"^\d+(\.\d+)*$", control_id):
            raise ReportInputError(
                f'{where}: id must be a quoted control id such as "5.10", got {control_id!r} '
                "(unquoted 5.10 reads as 5.1)"
            )
        gate["ids"].append(control_id)
    if "level" in item:
        level = item["level"]
        if level not in (1, 2) or isinstance(level, bool):
            raise ReportInputError(f"{where}: level must be 1 or 2, got {level!r}")
        gate["level"] = level
    parts = []
    if gate["sections"]:
        parts.append("section=" + ",".join(gate["sections"]))
    if gate["ids"]:
        parts.append("id=" + ",".join(gate["ids"]))
    if gate["level"]:
        parts.append(f"level<={gate['level']}")
    gate["label"] = " ".join(parts)
    return gate


def parse_gates(spec: Any, label: str = "fail_on") -> list[Doc]:
    """Validate and normalize a gate list; raises ReportInputError naming ``label`` and the item.

    A string is read as YAML, so that ``-e compliance_fail_on=[]`` on the command line works.
    """
    if isinstance(spec, str):
        try:
            spec = yaml.safe_load(spec)
        except yaml.YAMLError as exc:
            raise ReportInputError(
                f"{label}: {spec!r} is not a list of gates; on the command line use "
                f"-e '{{\"compliance_fail_on\": [...]}}' ({exc})"
            ) from None
    if spec is None:
        return []
    if not isinstance(spec, list):
        spec = [spec]
    gates = []
    for index, item in enumerate(spec):
        where = f"{label}[{index}]"
        if isinstance(item, str):
            keyword = item.strip()
            if keyword not in KEYWORDS:
                raise ReportInputError(
                    f"{where}: unknown gate keyword {item!r}; keywords are {', '.join(KEYWORDS)}, "
                    "or a mapping with section/id/level or score_below"
                )
            if keyword in ("fail", "level1", "level2"):
                level = None if keyword == "fail" else int(keyword[-1])
                gates.append({"kind": "failures", "sections": [], "ids": [], "level": level, "label": keyword})
            else:
                gates.append({"kind": keyword, "label": keyword})
        elif isinstance(item, dict):
            gates.append(_parse_mapping(item, where))
        else:
            raise ReportInputError(f"{where}: a gate is a keyword or a mapping, got {item!r}")
    return gates


def _matches(gate: Doc, result: Doc) -> bool:
    if result["status"] != "fail":
        return False
    if gate["sections"] and result["section"] not in gate["sections"]:
        return False
    if gate["ids"] and not any(result["id"] == i or result["id"].startswith(i + ".") for i in gate["ids"]):
        return False
    return not (gate["level"] and (result["level"] is None or result["level"] > gate["level"]))


def _host_reasons(gate: Doc, host: Doc, comparison: Any) -> list[Doc]:
    kind = gate["kind"]
    if kind == "unreachable":
        if host["status"] != "audited":
            return [{"controls": [], "detail": "{}: {}".format(host["status"], host["message"])}]
        return []
    if host["status"] != "audited":
        return []
    if kind == "score_below":
        if host["summary"]["score"] < gate["threshold"]:
            return [{"controls": [], "detail": "score {:.1f}".format(host["summary"]["score"])}]
        return []
    if kind == "regressed":
        if not comparison:
            return []
        entry = comparison["hosts"].get(host["name"]) or {}
        ids = [change["id"] for change in entry.get("regressed", [])]
    elif kind == "error":
        ids = [r["id"] for r in host["results"] if r["status"] == "error"]
    else:
        ids = [r["id"] for r in host["results"] if _matches(gate, r)]
    return [{"controls": ids, "detail": ", ".join(ids)}] if ids else []


def evaluate(gates: list[Doc], fleet: Doc) -> Doc:
    """The verdict: {rules, tripped, reasons: [{gate, host, controls, detail}], message}."""
    reasons = []
    for gate in gates:
        for host in fleet["hosts"]:
            for reason in _host_reasons(gate, host, fleet.get("comparison")):
                reasons.append({"gate": gate["label"], "host": host["name"], **reason})
    return {
        "rules": [gate["label"] for gate in gates],
        "tripped": bool(reasons),
        "reasons": reasons,
        "message": message(reasons),
    }


def message(reasons: list[Doc]) -> str:
    """One line (Ansible prints fail messages on one line) naming each gate, host and control."""
    if not reasons:
        return "compliance gates passed"
    by_gate: dict[str, list[str]] = {}
    hosts: list[str] = []
    for reason in reasons:
        by_gate.setdefault(reason["gate"], []).append("{} ({})".format(reason["host"], reason["detail"]))
        if reason["host"] not in hosts:
            hosts.append(reason["host"])
    parts = [f"{gate} -> {'; '.join(items)}" for gate, items in by_gate.items()]
    return f"compliance gate tripped (compliance_fail_on) on {len(hosts)} host(s): {' | '.join(parts)}"
