# Private to the hardened.docker collection: not a public API, may change without notice.
"""JSON reports: the fleet document as is, and one self-contained document per host."""

from __future__ import annotations

import json
from typing import Any

from ansible_collections.hardened.docker.plugins.plugin_utils._report_model import Doc

_HEADER_KEYS = ("generator", "generated_at", "run", "benchmark_version", "selection", "section_titles")


def dumps(doc: Any) -> str:
    """Stable, readable JSON (UTF-8 text; key order is the document's own order)."""
    return json.dumps(doc, indent=2, ensure_ascii=False) + "\n"


def host_document(fleet: Doc, host: Doc) -> Doc:
    """The per-host report: the fleet header, the host entry, and the host's share of comparison and gate."""
    doc: Doc = {"schema_version": fleet["schema_version"], "kind": "host"}
    doc.update((key, fleet[key]) for key in _HEADER_KEYS)
    doc.update(host)
    doc["waivers"] = fleet["waivers"]
    comparison = fleet.get("comparison")
    doc["comparison"] = (
        {"baseline": comparison["baseline"], **comparison["hosts"][host["name"]]}
        if comparison and host["name"] in comparison["hosts"]
        else None
    )
    gate = fleet.get("gate")
    doc["gate"] = (
        {
            "rules": gate["rules"],
            "tripped": any(r["host"] == host["name"] for r in gate["reasons"]),
            "reasons": [r for r in gate["reasons"] if r["host"] == host["name"]],
        }
        if gate
        else None
    )
    return doc


def render_fleet(fleet: Doc) -> str:
    return dumps(fleet)


def render_host(fleet: Doc, host: Doc) -> str:
    return dumps(host_document(fleet, host))
