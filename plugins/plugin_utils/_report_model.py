# Private to the hardened.docker collection: not a public API, may change without notice.
"""The fleet document: every host's cis_audit result in one plain, versioned structure.

All report writers (JSON, JUnit, SARIF, HTML, console summary) and the gates read
this document and nothing else. ``build_fleet`` turns what Ansible registered for
each host (a cis_audit result, a failure, an unreachable marker or nothing) into
host entries; ``compare`` adds the before/after view against a baseline fleet
document of the same ``schema_version``.

The schema is documented in roles/compliance/README.md ("Report schema").
"""

from __future__ import annotations

import datetime
import re
from typing import Any, Dict

from ansible_collections.hardened.docker.plugins.module_utils._evaluate import InputError, Waiver
from ansible_collections.hardened.docker.plugins.module_utils._results import STATUSES, summarize

SCHEMA_VERSION = 1
GENERATOR = "hardened.docker.compliance_report"

HOST_STATUSES = ("audited", "unreachable", "failed")

# Outcome groups used by the baseline comparison.
GOOD = frozenset(("pass", "not_applicable"))
BAD = frozenset(("fail", "error"))

# Top-level section titles of the CIS Docker Benchmark (unchanged from 1.6.0 to 1.8.0).
SECTION_TITLES = {
    "1": "Host Configuration",
    "2": "Docker daemon configuration",
    "3": "Docker daemon configuration files",
    "4": "Container Images and Build File",
    "5": "Container Runtime",
    "6": "Docker Security Operations",
    "7": "Docker Swarm Configuration",
}

Doc = Dict[str, Any]

_SURROGATES = re.compile("[\ud800-\udfff]")
_CONTROL_CHARS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


class ReportInputError(InputError):
    """Bad input to the report writers; the message names the option or file."""


def _surrogate(match: re.Match) -> str:
    code = ord(match.group(0))
    if 0xDC80 <= code <= 0xDCFF:  # a byte that was not UTF-8, kept by surrogateescape
        return "\\x%02x" % (code - 0xDC00)
    return "\ufffd"


def clean_text(value: Any) -> str:
    """Return ``value`` as text that every output format can carry.

    Bytes that are not UTF-8 (as bytes, or as surrogate escapes) and control
    characters other than tab/newline/carriage return become visible ``\\xNN``
    text, so evidence is never lost and never breaks a file.
    """
    if value is None:
        return ""
    if isinstance(value, bytes):
        value = value.decode("utf-8", "surrogateescape")
    elif not isinstance(value, str):
        value = str(value)
    if _SURROGATES.search(value):
        value = _SURROGATES.sub(_surrogate, value)
    if _CONTROL_CHARS.search(value):
        value = _CONTROL_CHARS.sub(lambda m: f"\\x{ord(m.group(0)):02x}", value)
    return value


def _text_list(value: Any) -> list[str]:
    if value is None:
        return []
    if isinstance(value, (list, tuple)):
        return [clean_text(item) for item in value]
    return [clean_text(value)]


def utc_now() -> datetime.datetime:
    return datetime.datetime.now(datetime.timezone.utc).replace(microsecond=0)


def iso(moment: datetime.datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def run_name(moment: datetime.datetime) -> str:
    return moment.strftime("%Y%m%dT%H%M%SZ")


def _normalize_waiver(raw: Any) -> Doc | None:
    if not isinstance(raw, dict):
        return None
    expires = raw.get("expires")
    return {
        "reason": clean_text(raw.get("reason")),
        "expires": clean_text(expires) if expires not in (None, "") else None,
        "expired": bool(raw.get("expired", False)),
    }


def normalize_result(raw: Any) -> Doc:
    """One control result in the docs/CONTRACTS.md shape, with clean text and known types."""
    if not isinstance(raw, dict):
        raw = {
            "id": "?",
            "status": "error",
            "evidence": [f"cis_audit returned a result that is not a mapping: {raw!r}"],
        }
    control_id = clean_text(raw.get("id")) or "?"
    status = clean_text(raw.get("status"))
    evidence = _text_list(raw.get("evidence"))
    if status not in STATUSES:
        evidence.append(f"cis_audit reported an unknown status {status!r}")
        status = "error"
    level = raw.get("level")
    try:
        level = int(level) if level is not None else None
    except (TypeError, ValueError):
        level = None
    result = {
        "id": control_id,
        "title": clean_text(raw.get("title")),
        "section": clean_text(raw.get("section")) or control_id.split(".", 1)[0],
        "level": level,
        "automated": bool(raw.get("automated", True)),
        "status": status,
        "evidence": evidence,
        "objects": _text_list(raw.get("objects")),
        "remediation": clean_text(raw.get("remediation")),
    }
    # The control across benchmark versions (cis_audit since the catalog has stable keys); kept when present.
    for field in ("key", "benchmark_version", "cis_label"):
        if raw.get(field) is not None:
            result[field] = clean_text(raw.get(field))
    if isinstance(raw.get("ids"), dict):
        result["ids"] = {clean_text(k): clean_text(v) for k, v in raw["ids"].items()}
    waiver = _normalize_waiver(raw.get("waiver"))
    if waiver is not None:
        result["waiver"] = waiver
    pending = clean_text(raw.get("pending"))
    if pending and status == "fail":
        result["pending"] = pending
    return result


def _sections(results: list[Doc]) -> Doc:
    by_section: dict[str, list[Doc]] = {}
    for result in results:
        by_section.setdefault(result["section"], []).append(result)
    out = {}
    for section in sorted(by_section, key=_section_key):
        counts = summarize(by_section[section])
        scored = sum(1 for r in by_section[section] if r["automated"] and r["status"] in ("pass", "fail"))
        if not scored:
            counts["score"] = None
        out[section] = counts
    return out


def _section_key(section: str) -> tuple:
    return (0, int(section), "") if section.isdigit() else (1, 0, section)


def _message(registered: Doc) -> str:
    parts = [clean_text(registered.get("msg"))]
    for key in ("module_stderr", "exception"):
        if registered.get(key):
            parts.append(clean_text(registered[key]).strip().splitlines()[-1])
            break
    return " | ".join(p for p in parts if p) or "cis_audit failed without a message"


def build_host(name: str, registered: Any) -> Doc:
    """A host entry from what Ansible registered for the audit task on that host."""
    entry: Doc = {
        "name": clean_text(name),
        "status": "audited",
        "message": None,
        "benchmark_version": None,
        "host": None,
        "summary": None,
        "sections": {},
        "results": [],
    }
    if not isinstance(registered, dict):
        entry["status"] = "unreachable"
        entry["message"] = (
            "no audit result: the host left the play before the audit ran (unreachable or failed earlier)"
        )
        return entry
    if registered.get("unreachable"):
        entry["status"] = "unreachable"
        entry["message"] = clean_text(registered.get("msg")) or "host unreachable"
        return entry
    if registered.get("skipped"):
        entry["status"] = "failed"
        entry["message"] = "the audit task was skipped on this host: {}".format(
            clean_text(registered.get("skip_reason"))
        )
        return entry
    if registered.get("failed") or not isinstance(registered.get("results"), list):
        entry["status"] = "failed"
        entry["message"] = _message(registered)
        return entry
    results = [normalize_result(item) for item in registered["results"]]
    host = registered.get("host") if isinstance(registered.get("host"), dict) else {}
    entry["benchmark_version"] = clean_text(registered.get("benchmark_version")) or None
    entry["host"] = {
        "hostname": clean_text(host.get("hostname")),
        "docker_version": clean_text(host["docker_version"]) if host.get("docker_version") else None,
        "rootless": bool(host.get("rootless", False)),
        "socket": clean_text(host.get("socket")),
    }
    entry["summary"] = summarize(results)
    entry["sections"] = _sections(results)
    entry["results"] = results
    return entry


def fleet_summary(hosts: list[Doc]) -> Doc:
    summary: Doc = {"hosts": len(hosts)}
    for status in HOST_STATUSES:
        summary[status] = sum(1 for h in hosts if h["status"] == status)
    summary.update(summarize(result for host in hosts for result in host["results"]))
    return summary


def controls(fleet: Doc) -> list[Doc]:
    """The controls seen in the fleet (first-seen, i.e. catalog, order) with their metadata."""
    seen: dict[str, Doc] = {}
    for host in fleet["hosts"]:
        for result in host["results"]:
            if result["id"] not in seen:
                seen[result["id"]] = {
                    "id": result["id"],
                    "title": result["title"],
                    "section": result["section"],
                    "level": result["level"],
                    "automated": result["automated"],
                    "remediation": result["remediation"],
                }
    return list(seen.values())


def waiver_table(waivers: list[Waiver], today: datetime.date) -> list[Doc]:
    """The configured waivers, with ``expired`` decided on the run's date by the rule cis_audit applies."""
    return [
        {
            "id": clean_text(waiver.id),
            "container": clean_text(waiver.container) or None,
            "image": clean_text(waiver.image) or None,
            "reason": clean_text(waiver.reason),
            "expires": waiver.expires.isoformat() if waiver.expires else None,
            "expired": waiver.expired(today),
        }
        for waiver in waivers
    ]


def build_fleet(
    audits: dict[str, Any],
    *,
    generated_at: datetime.datetime | None = None,
    run: str | None = None,
    benchmark_version: str = "1.6.0",
    selection: Doc | None = None,
    waivers: list[Waiver] | None = None,
    today: datetime.date | None = None,
    baseline: Doc | None = None,
    baseline_path: str | None = None,
) -> Doc:
    """The fleet document. ``audits`` maps inventory hostname -> registered result (or None).

    ``today`` is the run's UTC date that the audits decided waiver expiry on; it defaults to the UTC date now.
    """
    moment = generated_at or utc_now()
    hosts = [build_host(name, registered) for name, registered in audits.items()]
    versions = [h["benchmark_version"] for h in hosts if h["benchmark_version"]]
    fleet: Doc = {
        "schema_version": SCHEMA_VERSION,
        "kind": "fleet",
        "generator": GENERATOR,
        "generated_at": iso(moment),
        "run": clean_text(run) if run else run_name(moment),
        "benchmark_version": versions[0] if versions else clean_text(benchmark_version),
        "selection": selection or {},
        "section_titles": dict(SECTION_TITLES),
        "waivers": waiver_table(waivers or [], today or moment.date()),
        "summary": fleet_summary(hosts),
        "hosts": hosts,
        "comparison": None,
        "gate": None,
    }
    if baseline is not None:
        fleet["comparison"] = compare(fleet, baseline, baseline_path)
    return fleet


def _change_kind(before: str | None, after: str | None) -> str:
    if before in BAD and after in GOOD:
        return "improved"
    if after in BAD and before is not None and before not in BAD:
        return "regressed"
    return "changed"


def compare(fleet: Doc, baseline: Doc, baseline_path: str | None = None) -> Doc:
    """Per host and control: what got better, what regressed, what else changed since ``baseline``."""
    before_hosts = {h["name"]: h for h in baseline.get("hosts", [])}
    after_hosts = {h["name"]: h for h in fleet["hosts"]}
    names = list(after_hosts) + [name for name in before_hosts if name not in after_hosts]
    titles = {c["id"]: c["title"] for c in controls(baseline)}
    titles.update({c["id"]: c["title"] for c in controls(fleet)})
    hosts: Doc = {}
    totals = {"improved": 0, "regressed": 0, "changed": 0}
    for name in names:
        before = before_hosts.get(name)
        after = after_hosts.get(name)
        # Controls are compared only where both runs audited the host; otherwise the host status says it all.
        both = bool(before and after and before["status"] == "audited" and after["status"] == "audited")
        before_status = {r["id"]: r["status"] for r in before["results"]} if both else {}
        after_status = {r["id"]: r["status"] for r in after["results"]} if both else {}
        ids = list(after_status) + [i for i in before_status if i not in after_status]
        entry: Doc = {
            "status_before": before["status"] if before else "absent",
            "status_after": after["status"] if after else "absent",
            "score_before": before["summary"]["score"] if before and before.get("summary") else None,
            "score_after": after["summary"]["score"] if after and after.get("summary") else None,
            "score_delta": None,
            "improved": [],
            "regressed": [],
            "changed": [],
        }
        if entry["score_before"] is not None and entry["score_after"] is not None:
            entry["score_delta"] = round(entry["score_after"] - entry["score_before"], 1)
        for control_id in ids:
            old, new = before_status.get(control_id), after_status.get(control_id)
            if old == new:
                continue
            kind = _change_kind(old, new)
            entry[kind].append({"id": control_id, "title": titles.get(control_id, ""), "before": old, "after": new})
            totals[kind] += 1
        hosts[name] = entry
    return {
        "baseline": {
            "path": clean_text(baseline_path) if baseline_path else None,
            "generated_at": clean_text(baseline.get("generated_at")) or None,
            "run": clean_text(baseline.get("run")) or None,
        },
        "summary": {
            **totals,
            "score_before": (baseline.get("summary") or {}).get("score"),
            "score_after": fleet["summary"]["score"],
        },
        "hosts": hosts,
    }


def check_baseline(doc: Any, label: str) -> Doc:
    """Raise ReportInputError unless ``doc`` is a fleet document this version can compare with."""
    if not isinstance(doc, dict) or doc.get("kind") != "fleet":
        raise ReportInputError(f"{label} is not a compliance fleet report (fleet.json with kind: fleet)")
    if doc.get("schema_version") != SCHEMA_VERSION:
        raise ReportInputError(
            f"{label} has schema_version {doc.get('schema_version')!r}; this collection reads schema_version "
            f"{SCHEMA_VERSION}: re-run the audit that produced it with this collection, or drop the baseline"
        )
    hosts = doc.get("hosts")
    if not isinstance(hosts, list) or not all(
        isinstance(h, dict) and isinstance(h.get("name"), str) and isinstance(h.get("results"), list) for h in hosts
    ):
        raise ReportInputError(f"{label}: 'hosts' must be a list of host entries with 'name' and 'results'")
    for host in hosts:
        if not all(isinstance(r, dict) and "id" in r and "status" in r for r in host["results"]):
            raise ReportInputError("{}: host {} has results without 'id'/'status'".format(label, host["name"]))
        host.setdefault("status", "audited")
        host.setdefault("summary", None)
        for result in host["results"]:
            result.setdefault("title", "")
            result.setdefault("section", str(result["id"]).split(".", 1)[0])
            result.setdefault("level", None)
            result.setdefault("automated", True)
            result.setdefault("remediation", "")
    return doc
