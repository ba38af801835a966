# Private to the hardened.docker collection: not a public API, may change without notice.
"""The value a check returns, and the helpers that build it."""

from __future__ import annotations

import re
from typing import Any, Iterable, NamedTuple

PASS = "pass"
FAIL = "fail"
MANUAL = "manual"
NOT_APPLICABLE = "not_applicable"
SKIPPED = "skipped"
WAIVED = "waived"
ERROR = "error"
STATUSES = (PASS, FAIL, MANUAL, NOT_APPLICABLE, SKIPPED, WAIVED, ERROR)


def score(passed: int, failed: int) -> float:
    """100 * pass / (pass + fail), one decimal; 100.0 when nothing was scored (docs/CONTRACTS.md)."""
    if passed + failed == 0:
        return 100.0
    return round(100.0 * passed / (passed + failed), 1)


def summarize(results: Iterable[dict[str, Any]]) -> dict[str, Any]:
    """Status counts, total and score of control results: the one summary cis_audit and the reports show."""
    summary: dict[str, Any] = dict.fromkeys(STATUSES, 0)
    passed = failed = total = 0
    for result in results:
        summary[result["status"]] += 1
        total += 1
        if result["automated"]:
            passed += result["status"] == PASS
            failed += result["status"] == FAIL
    summary["total"] = total
    summary["score"] = score(passed, failed)
    return summary


def some(labels: list[str], shown: int = 3) -> str:
    """'a, b, c and 197 more': a list shared by many containers stays a short line."""
    if len(labels) <= shown + 1:
        return ", ".join(labels)
    return f"{', '.join(labels[:shown])} and {len(labels) - shown} more"


_SPACE = re.compile(r"\s+")


def one_line(text: object, limit: int | None = None) -> str:
    """Text as one evidence line: lines joined with "; ", runs of whitespace collapsed, cut at `limit`.

    Tools such as auditctl print their errors over several lines; evidence and
    objects must stay one line each (docs/CONTRACTS.md).
    """
    text = str(text)
    if text.isprintable() and (limit is None or len(text) <= limit):
        return text  # the common case: no line breaks, tabs or other control characters
    lines = [_SPACE.sub(" ", line).strip() for line in text.splitlines()]
    flat = "; ".join(line for line in lines if line)
    if limit is not None and len(flat) > limit:
        flat = flat[: max(limit - 3, 0)].rstrip() + "..."
    return flat


class CheckError(Exception):
    """The check cannot decide (daemon unreachable, file unreadable...): the control gets status error."""


class Finding(NamedTuple):
    """One offending item. Waivers with a container/image pattern match against the names listed here."""

    text: str
    obj: str = ""
    containers: tuple[str, ...] = ()
    images: tuple[str, ...] = ()


class Outcome(NamedTuple):
    status: str
    evidence: tuple[str, ...] = ()
    findings: tuple[Finding, ...] = ()
    objects: tuple[str, ...] = ()
    # A failure whose fix is configured but not yet in force: the exact action that brings it into force.
    pending: str = ""


def passed(*evidence: str, objects: Iterable[str] = ()) -> Outcome:
    return Outcome(PASS, tuple(evidence), (), tuple(objects))


def failed(findings: Iterable[Finding], *evidence: str, pending: str = "") -> Outcome:
    return Outcome(FAIL, tuple(evidence), tuple(findings), pending=pending)


def not_applicable(*evidence: str, objects: Iterable[str] = ()) -> Outcome:
    return Outcome(NOT_APPLICABLE, tuple(evidence), (), tuple(objects))


def manual(*evidence: str) -> Outcome:
    return Outcome(MANUAL, tuple(evidence))


def decide(findings: list[Finding], pass_evidence: Iterable[str], context: Iterable[str] = ()) -> Outcome:
    """fail with the findings when there are any, else pass; `context` lines go with either."""
    if findings:
        return failed(findings, *context)
    return passed(*pass_evidence, *context)
