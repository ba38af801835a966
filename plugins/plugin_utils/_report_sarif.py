# Private to the hardened.docker collection: not a public API, may change without notice.
"""SARIF 2.1.0: one run; rules are the controls, results are the failures.

- A failed control is a result (level error for Level 1, warning for Level 2).
- A waived failure is a result with an accepted external suppression carrying the reason.
- The host, and each offending object (container, image, path), is a logical location.
- A check that could not run, and a host that could not be audited, is a tool
  execution notification, so nothing is silently dropped.
- With a baseline, results carry baselineState (new/unchanged), and failures that
  are gone since the baseline are listed as results with baselineState absent.
"""

from __future__ import annotations

import hashlib
import json

from ansible_collections.hardened.docker.plugins.plugin_utils._report_model import Doc, controls

SCHEMA_URI = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
INFORMATION_URI = "https://github.com/hardened/docker"


def _rule(control: Doc, fleet: Doc) -> Doc:
    section = control["section"]
    title = fleet["section_titles"].get(section, f"Section {section}")
    level = control["level"]
    tags = ["cis-docker", f"section-{section}"]
    if level:
        tags.append(f"level-{level}")
    return {
        "id": control["id"],
        "shortDescription": {"text": control["title"] or control["id"]},
        "fullDescription": {
            "text": "CIS Docker Benchmark {}, {} {} ({}, {}): {}".format(
                fleet["benchmark_version"],
                section,
                title,
                f"Level {level}" if level else "level unknown",
                "Automated" if control["automated"] else "Manual",
                control["title"],
            )
        },
        "help": {
            "text": control["remediation"] or "See the CIS Docker Benchmark for control {}.".format(control["id"])
        },
        "defaultConfiguration": {"level": "warning" if level == 2 else "error"},
        "properties": {
            "section": section,
            "level": level,
            "automated": control["automated"],
            "tags": tags,
        },
    }


def _locations(host: str, objects: list[str]) -> list[Doc]:
    locations = [{"logicalLocations": [{"name": host, "fullyQualifiedName": host, "kind": "host"}]}]
    for obj in objects:
        locations.append(
            {
                "logicalLocations": [{"name": obj, "fullyQualifiedName": f"{host}/{obj}", "kind": "object"}],
                "message": {"text": f"{obj} on host {host}"},
            }
        )
    return locations


def _fingerprint(host: str, result: Doc) -> str:
    material = "\0".join([host, result["id"], *sorted(result["objects"])])
    return hashlib.sha256(material.encode("utf-8")).hexdigest()


def _message(host: str, result: Doc) -> str:
    lines = ["[{}] {} {}".format(host, result["id"], result["title"])]
    lines.extend(result["evidence"])
    return "\n".join(lines)


def _result(host: str, result: Doc, rule_index: int, baseline_state: str) -> Doc:
    level = result["level"]
    sarif: Doc = {
        "ruleId": result["id"],
        "ruleIndex": rule_index,
        "kind": "fail",
        "level": "warning" if level == 2 else "error",
        "message": {"text": _message(host, result)},
        "locations": _locations(host, result["objects"]),
        "partialFingerprints": {"hardenedDockerControl/v1": _fingerprint(host, result)},
        "properties": {
            "host": host,
            "status": result["status"],
            "objects": result["objects"],
            "remediation": result["remediation"],
        },
    }
    waiver = result.get("waiver")
    if result["status"] == "waived" and waiver:
        sarif["suppressions"] = [
            {
                "kind": "external",
                "status": "accepted",
                "justification": "{} (expires {})".format(waiver["reason"], waiver["expires"] or "never"),
            }
        ]
    if waiver:
        sarif["properties"]["waiver"] = waiver
    if baseline_state:
        sarif["baselineState"] = baseline_state
    return sarif


def _absent(host: str, change: Doc, rule_index: int) -> Doc:
    return {
        "ruleId": change["id"],
        "ruleIndex": rule_index,
        "kind": "pass" if change["after"] == "pass" else "informational",
        "level": "none",
        "message": {
            "text": "[{}] {} {}: fixed since the baseline (was {}, now {})".format(
                host, change["id"], change["title"], change["before"], change["after"] or "not audited"
            )
        },
        "locations": _locations(host, []),
        "baselineState": "absent",
        "properties": {"host": host, "status": change["after"], "before": change["before"]},
    }


def build(fleet: Doc) -> Doc:
    rule_list = controls(fleet)
    comparison = fleet.get("comparison")
    baseline_hosts = (comparison or {}).get("hosts", {})
    rules = [_rule(control, fleet) for control in rule_list]
    index: dict[str, int] = {control["id"]: i for i, control in enumerate(rule_list)}
    results: list[Doc] = []
    notifications: list[Doc] = []
    for host in fleet["hosts"]:
        name = host["name"]
        if host["status"] != "audited":
            notifications.append(
                {
                    "level": "error",
                    "message": {
                        "text": "host {} was not audited ({}): {}".format(name, host["status"], host["message"])
                    },
                    "locations": _locations(name, []),
                    "properties": {"host": name, "status": host["status"]},
                }
            )
            continue
        changes = baseline_hosts.get(name)
        changed = {}
        if changes:
            for kind in ("improved", "regressed", "changed"):
                for change in changes[kind]:
                    changed[change["id"]] = change
        for result in host["results"]:
            status = result["status"]
            if status == "error":
                notifications.append(
                    {
                        "level": "error",
                        "message": {"text": _message(name, result)},
                        "associatedRule": {"id": result["id"], "index": index[result["id"]]},
                        "locations": _locations(name, result["objects"]),
                        "properties": {"host": name},
                    }
                )
            if status not in ("fail", "waived"):
                continue
            state = ""
            if comparison is not None:
                before = changed[result["id"]]["before"] if result["id"] in changed else status
                state = "unchanged" if before in ("fail", "waived") else "new"
            results.append(_result(name, result, index[result["id"]], state))
        if changes:
            for change in changes["improved"] + changes["changed"]:
                if (
                    change["before"] == "fail"
                    and change["after"] not in ("fail", "waived", "error")
                    and change["id"] in index
                ):
                    results.append(_absent(name, change, index[change["id"]]))
    run: Doc = {
        "tool": {
            "driver": {
                "name": "hardened.docker",
                "fullName": "hardened.docker CIS Docker Benchmark audit (cis_audit)",
                "informationUri": INFORMATION_URI,
                "rules": rules,
                "properties": {"benchmark_version": fleet["benchmark_version"]},
            }
        },
        "automationDetails": {"id": "hardened.docker/compliance/{}".format(fleet["run"])},
        "invocations": [
            {
                "executionSuccessful": all(h["status"] == "audited" for h in fleet["hosts"]),
                "endTimeUtc": fleet["generated_at"],
                "toolExecutionNotifications": notifications,
            }
        ],
        "results": results,
        "properties": {
            "schema_version": fleet["schema_version"],
            "generated_at": fleet["generated_at"],
            "summary": fleet["summary"],
            "hosts": [
                {"name": h["name"], "status": h["status"], "score": h["summary"]["score"] if h["summary"] else None}
                for h in fleet["hosts"]
            ],
        },
    }
    return {"$schema": SCHEMA_URI, "version": "2.1.0", "runs": [run]}


def render(fleet: Doc) -> str:
    return json.dumps(build(fleet), indent=2, ensure_ascii=False) + "\n"
