# Private to the hardened.docker collection: not a public API, may change without notice.
"""SARIF 2.1.0 that GitHub code scanning ingests: one run; rules are the controls, results need attention.

- Only a failed control (level error for Level 1, warning for Level 2) and a check that could not run
  (level error) are results; pass, manual, not applicable and skipped are not emitted.
- A waived failure is a result with an external suppression carrying the reason (GitHub hides it).
- Every result has one location: the physical location is the file of the repository that defines the
  host (see _report_sources), the host and each offending object (container, image, path) are logical
  locations.
- partialFingerprints hash the host and the control, so GitHub tracks one alert per host and control
  across runs; automationDetails.id is a stable category (never the run name).
- Rules carry security-severity from level and section (SECURITY_SEVERITY, documented in
  docs/reports.md), a helpUri to the control in docs/verdicts.md, and the "security" tag.
- A host that could not be audited is a tool execution notification.
- With a baseline, results carry baselineState (new/unchanged); fixed failures are not listed, because
  GitHub closes an alert when its result is gone.
"""

from __future__ import annotations

import hashlib
import json

from ansible_collections.hardened.docker.plugins.plugin_utils._report_model import Doc, controls
from ansible_collections.hardened.docker.plugins.plugin_utils._report_sources import fallback

SCHEMA_URI = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
INFORMATION_URI = "https://github.com/hardened/docker"  # galaxy.yml's repository (a unit test keeps them in step)
VERDICTS_URI = INFORMATION_URI + "/blob/main/docs/verdicts.md"
DEFAULT_CATEGORY = "hardened.docker/compliance/"
URI_BASE_ID = "%SRCROOT%"
EMITTED = ("fail", "waived", "error")

# GitHub maps security-severity to critical (> 9.0), high (7.0-8.9), medium (4.0-6.9) and low (0.1-3.9).
# Level 1 controls of the daemon (2) and container runtime (5) sections guard the host from its containers.
SECURITY_SEVERITY = {(1, "2"): "8.0", (1, "5"): "8.0", (1, None): "7.0", (2, None): "5.5", (None, None): "4.5"}


# GitHub code scanning rejects a run with more results than this (hard limit, "SARIF results exceed limits").
GITHUB_MAX_RESULTS = 25_000


def github_limit_warning(fleet: Doc, category: str = DEFAULT_CATEGORY, limit: int = GITHUB_MAX_RESULTS) -> str | None:
    """A warning when the SARIF run would have more results than GitHub code scanning accepts, else None."""
    count = sum(1 for host in fleet["hosts"] for result in host["results"] if result["status"] in EMITTED)
    if count <= limit:
        return None
    return (
        f"compliance.sarif has {count} results; GitHub code scanning rejects more than {limit} in one run: "
        f"audit and upload the fleet in groups, each with its own sarif_category (now {category_id(category)!r})"
    )


def security_severity(level: int | None, section: str) -> str:
    """The rule's security-severity (a string number, as GitHub reads it) from its level and section."""
    if (level, section) in SECURITY_SEVERITY:
        return SECURITY_SEVERITY[(level, section)]
    return SECURITY_SEVERITY.get((level, None), SECURITY_SEVERITY[(None, None)])


def help_uri(control_id: str) -> str:
    # The anchor bin/verdicts_doc.py writes for each control.
    return "{}#c{}".format(VERDICTS_URI, control_id.replace(".", "-"))


def category_id(category: str) -> str:
    """automationDetails.id: the text up to its last "/" is GitHub's category, so it must end with one."""
    category = category.strip() or DEFAULT_CATEGORY
    return category if category.endswith("/") else category + "/"


def _rule(control: Doc, fleet: Doc) -> Doc:
    section = control["section"]
    title = fleet["section_titles"].get(section, f"Section {section}")
    level = control["level"]
    tags = ["security", "cis-docker", f"section-{section}"]
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
        "helpUri": help_uri(control["id"]),
        "defaultConfiguration": {"level": "warning" if level == 2 else "error"},
        "properties": {
            "security-severity": security_severity(level, section),
            "section": section,
            "level": level,
            "automated": control["automated"],
            "tags": tags,
        },
    }


def _location(host: str, objects: list[str], source: Doc) -> Doc:
    logical = [{"name": host, "fullyQualifiedName": host, "kind": "host"}]
    logical.extend({"name": obj, "fullyQualifiedName": f"{host}/{obj}", "kind": "object"} for obj in objects)
    return {
        "physicalLocation": {
            "artifactLocation": {"uri": source["uri"], "uriBaseId": URI_BASE_ID},
            "region": {"startLine": source["line"]},
        },
        "logicalLocations": logical,
    }


def _fingerprint(host: str, control_id: str) -> str:
    # Host and control only: a container that is recreated under a new id is still the same alert.
    return hashlib.sha256("\0".join([host, control_id]).encode("utf-8")).hexdigest()


def _message(host: str, result: Doc) -> str:
    lines = ["[{}] {} {}".format(host, result["id"], result["title"])]
    lines.extend(result["evidence"])
    return "\n".join(lines)


def _result(host: str, result: Doc, rule_index: int, source: Doc, baseline_state: str) -> Doc:
    level = result["level"]
    sarif: Doc = {
        "ruleId": result["id"],
        "ruleIndex": rule_index,
        "kind": "fail",
        "level": "error" if result["status"] == "error" or level != 2 else "warning",
        "message": {"text": _message(host, result)},
        "locations": [_location(host, result["objects"], source)],
        "partialFingerprints": {"hardenedDockerHostControl/v1": _fingerprint(host, result["id"])},
        "properties": {
            "host": host,
            "status": result["status"],
            "defined_in": source["defined_in"],
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


def build(fleet: Doc, sources: Doc | None = None, category: str = DEFAULT_CATEGORY) -> Doc:
    """The SARIF log; ``sources`` maps host -> {uri, line, defined_in} (a host without one gets the fallback)."""
    sources = sources or {}
    rule_list = controls(fleet)
    comparison = fleet.get("comparison")
    baseline_hosts = (comparison or {}).get("hosts", {})
    rules = [_rule(control, fleet) for control in rule_list]
    index: dict[str, int] = {control["id"]: i for i, control in enumerate(rule_list)}
    results: list[Doc] = []
    notifications: list[Doc] = []
    for host in fleet["hosts"]:
        name = host["name"]
        source = sources.get(name) or fallback(name)
        if host["status"] != "audited":
            notifications.append(
                {
                    "level": "error",
                    "message": {
                        "text": "host {} was not audited ({}): {}".format(name, host["status"], host["message"])
                    },
                    "locations": [_location(name, [], source)],
                    "properties": {"host": name, "status": host["status"]},
                }
            )
            continue
        changes = baseline_hosts.get(name)
        before: dict[str, str] = {}
        if changes:
            for kind in ("improved", "regressed", "changed"):
                for change in changes[kind]:
                    before[change["id"]] = change["before"]
        for result in host["results"]:
            status = result["status"]
            if status not in EMITTED:
                continue
            state = ""
            if comparison is not None:
                state = "unchanged" if before.get(result["id"], status) in EMITTED else "new"
            results.append(_result(name, result, index[result["id"]], source, state))
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
        "automationDetails": {"id": category_id(category)},
        "invocations": [
            {
                "executionSuccessful": all(h["status"] == "audited" for h in fleet["hosts"]),
                "endTimeUtc": fleet["generated_at"],
                "toolExecutionNotifications": notifications,
            }
        ],
        "results": results,
        "properties": {
            "run": fleet["run"],
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


def render(fleet: Doc, sources: Doc | None = None, category: str = DEFAULT_CATEGORY) -> str:
    return json.dumps(build(fleet, sources, category), indent=2, ensure_ascii=False) + "\n"
