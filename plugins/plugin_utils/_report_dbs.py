# Private to the hardened.docker collection: not a public API, may change without notice.
"""docker-bench-security's JSON log, one per host: for pipelines built on its output.

The shape is that of docker-bench-security 1.6.0 (functions/output_lib.sh: beginjson,
startsectionjson, starttestjson, log_to_json, logcheckresult, endjson), checked against a
real log in tests/fixtures/dbs/. The verdicts are ours; docs/migrating-from-docker-bench-security.md
says where they differ in meaning from the ones docker-bench-security greps for.
"""

from __future__ import annotations

import datetime
import json

from ansible_collections.hardened.docker.plugins.module_utils._catalog import Control
from ansible_collections.hardened.docker.plugins.module_utils._evaluate import (
    InputError,
    Selection,
    catalog_for,
    parse_selection,
    skip_reason,
)
from ansible_collections.hardened.docker.plugins.plugin_utils._report_model import GENERATOR, Doc

# Our status -> docker-bench-security's result. No status maps to PASS but pass: a check that
# could not see (error), or a host that was not audited, is a WARN, as a failure is.
RESULTS = {
    "pass": "PASS",
    "fail": "WARN",
    "error": "WARN",
    "manual": "NOTE",  # what docker-bench-security logs for checks it leaves to a human (4.2, 4.3, ...)
    "not_applicable": "INFO",  # as its "File not found" / "No TLS CA certificate found"
    "skipped": "INFO",
    "waived": "INFO",  # an accepted failure: still listed, with the waiver, but not counted as a WARN
}

# Words in front of the evidence, so that a reader of "details" sees why the result is not a plain verdict.
_PREFIX = {
    "error": "Could not be checked: ",
    "manual": "Needs a manual review: ",
    "not_applicable": "Not applicable: ",
    "skipped": "Not audited: ",
    "waived": "Waived failure: ",
}


def _epoch(iso: str) -> int:
    moment = datetime.datetime.strptime(iso, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=datetime.timezone.utc)
    return int(moment.timestamp())


def _desc(title: str, automated: bool) -> str:
    # docker-bench-security ends every desc with the benchmark's assessment status; DefectDojo's parser
    # reads "(Manual)" there to decide whether a result becomes a finding.
    return "{} ({})".format(title, "Automated" if automated else "Manual")


def _details(result: Doc) -> str:
    status = result["status"]
    lines = result["evidence"]
    prefix = _PREFIX.get(status, "")
    waiver = result.get("waiver")
    if status == "waived" and waiver:
        # The waiver goes first, from the result's waiver record (the engine's own "waived ..." line is dropped).
        until = f"until {waiver['expires']}" if waiver["expires"] else "without expiry"
        prefix = f"Waived failure ({until}: {waiver['reason']}): "
        lines = [line for line in lines if not line.startswith("waived ")]
    return prefix + ("; ".join(lines) or "no evidence recorded")


def _entry(result: Doc) -> Doc:
    status = result["status"]
    entry: Doc = {
        "id": result["id"],
        "desc": _desc(result["title"], result["automated"]),
        "result": RESULTS[status],
    }
    if result["evidence"] or status in _PREFIX:
        entry["details"] = _details(result)
    if status != "pass" and result["objects"]:
        entry["items"] = list(result["objects"])
    if status != "pass" and result["remediation"]:
        entry["remediation"] = result["remediation"]
    return entry


def _selection(fleet: Doc, catalog: tuple[Control, ...]) -> Selection | None:
    raw = fleet.get("selection") or {}
    try:
        return parse_selection(
            catalog,
            sections=raw.get("sections"),
            ids=raw.get("ids"),
            level=raw.get("level") or 2,
            exclude=raw.get("exclude"),
        )
    except InputError:
        return None  # the play validated it before the audit; never drop a control for a bad selection


def unaudited_results(fleet: Doc, host: Doc) -> list[Doc]:
    """For a host that was not audited: every control of the benchmark, as an error (never a pass)."""
    catalog = catalog_for(fleet["benchmark_version"])
    selection = _selection(fleet, catalog)
    why = "host {}: {}".format(host["status"], host["message"] or "no audit result")
    results = []
    for control in catalog:
        reason = skip_reason(control, selection) if selection else None
        results.append(
            {
                "id": control.id,
                "title": control.title,
                "section": control.section,
                "automated": control.automated,
                "status": "skipped" if reason else "error",
                "evidence": [reason or why],
                "objects": [],
                "remediation": control.remediation,
            }
        )
    return results


def host_log(fleet: Doc, host: Doc) -> Doc:
    """One host's results as a docker-bench-security log (same keys, nesting and result values)."""
    results = host["results"] if host["status"] == "audited" else unaudited_results(fleet, host)
    titles = fleet["section_titles"]
    tests: list[Doc] = []
    by_section: dict[str, Doc] = {}
    score = 0
    for result in results:
        section = result["section"]
        if section not in by_section:
            by_section[section] = {"id": section, "desc": titles.get(section, section), "results": []}
            tests.append(by_section[section])
        entry = _entry(result)
        by_section[section]["results"].append(entry)
        # As docker-bench-security scores: +1 for a pass of an automated control, -1 for every WARN.
        if entry["result"] == "WARN":
            score -= 1
        elif entry["result"] == "PASS" and result["automated"]:
            score += 1
    moment = _epoch(fleet["generated_at"])
    return {
        "dockerbenchsecurity": "{} (CIS Docker Benchmark {})".format(GENERATOR, fleet["benchmark_version"]),
        "start": moment,
        "tests": tests,
        "checks": len(results),
        "score": score,
        "end": moment,
    }


def render_host(fleet: Doc, host: Doc) -> str:
    return json.dumps(host_log(fleet, host), indent=2, ensure_ascii=False) + "\n"
