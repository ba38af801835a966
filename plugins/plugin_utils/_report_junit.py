# Private to the hardened.docker collection: not a public API, may change without notice.
"""JUnit XML: one testsuite per host, one testcase per control.

fail -> <failure> with the evidence, objects and remediation; error -> <error>;
manual, not_applicable, skipped and waived -> <skipped> with the reason. A host
that could not be audited is a testsuite with one <error> testcase named "audit".
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from ansible_collections.hardened.docker.plugins.plugin_utils._report_model import Doc

_SKIP_PREFIX = {
    "manual": "manual: needs a person to check",
    "not_applicable": "not_applicable",
    "skipped": "skipped: not selected for this audit",
}


def _classname(host: str, section: str = "") -> str:
    name = "cis_docker." + re.sub(r"[^A-Za-z0-9_-]", "_", host)
    return name + (".section" + section if section else "")


def _details(result: Doc) -> str:
    lines: list[str] = []
    if result["evidence"]:
        lines.append("Evidence:")
        lines.extend("  " + line.replace("\n", "\n    ") for line in result["evidence"])
    if result["objects"]:
        lines.append("Objects:")
        lines.extend("  " + obj for obj in result["objects"])
    waiver = result.get("waiver")
    if waiver:
        lines.append(
            "Waiver{}: {} (expires {})".format(
                " (EXPIRED)" if waiver["expired"] else "", waiver["reason"], waiver["expires"] or "never"
            )
        )
    if result["remediation"]:
        lines.append("Remediation: " + result["remediation"])
    return "\n".join(lines)


def _skip_message(result: Doc) -> str:
    status = result["status"]
    if status == "waived":
        waiver = result.get("waiver") or {"reason": "", "expires": None}
        return "waived: {} (expires {})".format(waiver["reason"], waiver["expires"] or "never")
    message = _SKIP_PREFIX[status]
    if result["evidence"]:
        message += ": " + "; ".join(result["evidence"])
    return message


def _first_line(result: Doc) -> str:
    for line in result["evidence"]:
        if line.strip():
            return line.strip().splitlines()[0]
    return result["title"]


def _testcase(parent: ET.Element, host: str, result: Doc) -> None:
    case = ET.SubElement(
        parent,
        "testcase",
        {
            "name": ("{} {}".format(result["id"], result["title"])).strip(),
            "classname": _classname(host, result["section"]),
            "time": "0",
        },
    )
    status = result["status"]
    if status in ("fail", "error"):
        tag = "failure" if status == "fail" else "error"
        element = ET.SubElement(case, tag, {"message": _first_line(result), "type": status})
        element.text = _details(result)
    elif status != "pass":
        ET.SubElement(case, "skipped", {"message": _skip_message(result)})


def _suite(root: ET.Element, host: Doc, timestamp: str) -> dict[str, int]:
    suite = ET.SubElement(root, "testsuite", {"name": host["name"], "hostname": host["name"]})
    props = ET.SubElement(suite, "properties")
    properties = {"status": host["status"]}
    if host["host"]:
        properties.update(
            {
                "benchmark_version": host["benchmark_version"] or "",
                "docker_version": host["host"]["docker_version"] or "unknown",
                "rootless": str(host["host"]["rootless"]).lower(),
                "socket": host["host"]["socket"],
                "score": "{:.1f}".format(host["summary"]["score"]),
            }
        )
    for name, value in properties.items():
        ET.SubElement(props, "property", {"name": name, "value": value})
    if host["status"] != "audited":
        case = ET.SubElement(suite, "testcase", {"name": "audit", "classname": _classname(host["name"]), "time": "0"})
        error = ET.SubElement(case, "error", {"message": host["message"] or host["status"], "type": host["status"]})
        error.text = host["message"] or ""
        counts = {"tests": 1, "failures": 0, "errors": 1, "skipped": 0}
    else:
        for result in host["results"]:
            _testcase(suite, host["name"], result)
        summary = host["summary"]
        counts = {
            "tests": summary["total"],
            "failures": summary["fail"],
            "errors": summary["error"],
            "skipped": summary["total"] - summary["pass"] - summary["fail"] - summary["error"],
        }
    for key, value in counts.items():
        suite.set(key, str(value))
    suite.set("time", "0")
    suite.set("timestamp", timestamp)
    return counts


def render(fleet: Doc) -> str:
    root = ET.Element("testsuites", {"name": "CIS Docker Benchmark {}".format(fleet["benchmark_version"])})
    timestamp = fleet["generated_at"].rstrip("Z")
    totals = {"tests": 0, "failures": 0, "errors": 0, "skipped": 0}
    for host in fleet["hosts"]:
        for key, value in _suite(root, host, timestamp).items():
            totals[key] += value
    for key, value in totals.items():
        root.set(key, str(value))
    root.set("time", "0")
    if hasattr(ET, "indent"):
        ET.indent(root, space="  ")
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"
