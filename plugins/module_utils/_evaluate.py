# Private to the hardened.docker collection: not a public API, may change without notice.
"""Evaluate a catalog against a HostState: selection, checks, waivers and summary.

Everything here is pure: the same HostState, options and date give the same
result. The result shape is the cis_audit contract in docs/CONTRACTS.md.
"""

from __future__ import annotations

import datetime
import difflib
import fnmatch
from typing import Any, Iterable, NamedTuple

from ansible_collections.hardened.docker.plugins.module_utils import (
    _checks_daemon,
    _checks_files,
    _checks_host,
    _checks_images,
    _checks_operations,
    _checks_runtime,
    _checks_swarm,
)
from ansible_collections.hardened.docker.plugins.module_utils._catalog import CATALOGS, Control
from ansible_collections.hardened.docker.plugins.module_utils._context import AuditContext
from ansible_collections.hardened.docker.plugins.module_utils._registry import CHECKS
from ansible_collections.hardened.docker.plugins.module_utils._results import (
    ERROR,
    FAIL,
    SKIPPED,
    STATUSES,
    WAIVED,
    CheckError,
    Finding,
    Outcome,
    one_line,
    summarize,
)

# Importing a check module registers its checks (_registry.CHECKS).
CHECK_MODULES = (
    _checks_host,
    _checks_daemon,
    _checks_files,
    _checks_images,
    _checks_runtime,
    _checks_operations,
    _checks_swarm,
)
WAIVER_KEYS = ("id", "reason", "expires", "container", "image")


class InputError(ValueError):
    """Bad module input, found before anything is gathered. The message names the entry."""


class Selection(NamedTuple):
    sections: frozenset[str] = frozenset()
    ids: frozenset[str] = frozenset()
    level: int = 2
    exclude: frozenset[str] = frozenset()


class Waiver(NamedTuple):
    id: str
    reason: str
    expires: datetime.date | None = None
    container: str | None = None
    image: str | None = None

    def expired(self, today: datetime.date) -> bool:
        """The one expiry rule: a waiver applies until the end of its expiry day (the run's UTC date)."""
        return self.expires is not None and self.expires < today

    def as_dict(self) -> dict[str, Any]:
        """The waiver in the form the waivers option takes."""
        doc: dict[str, Any] = {"id": self.id, "reason": self.reason}
        doc.update((key, value) for key, value in (("container", self.container), ("image", self.image)) if value)
        if self.expires:
            doc["expires"] = self.expires.isoformat()
        return doc


def catalog_for(version: str) -> tuple[Control, ...]:
    try:
        return CATALOGS[version]
    except KeyError:
        raise InputError(f"unknown benchmark_version '{version}'; supported: {', '.join(sorted(CATALOGS))}") from None


def _id_problem(value: Any, catalog: tuple[Control, ...]) -> str | None:
    if isinstance(value, bool) or not isinstance(value, str):
        hint = " (quote ids in YAML: an unquoted 2.10 is the number 2.1)" if isinstance(value, (int, float)) else ""
        return f"control id {value!r} must be a string such as '2.10'{hint}"
    known = [c.id for c in catalog]
    if value in known:
        return None
    close = difflib.get_close_matches(value, known, n=3, cutoff=0.6)
    suggestion = f"; did you mean {', '.join(repr(c) for c in close)}?" if close else ""
    return (
        f"unknown control id '{value}'; valid ids are the benchmark's numbers as strings, "
        f"from '{known[0]}' to '{known[-1]}' (e.g. '2.10', '5.32'){suggestion}"
    )


def parse_selection(
    catalog: tuple[Control, ...],
    sections: Iterable[Any] | None = None,
    ids: Iterable[Any] | None = None,
    level: int = 2,
    exclude: Iterable[Any] | None = None,
) -> Selection:
    """Validate the selection options; raises InputError naming every bad entry."""
    problems = []
    valid_sections = list(dict.fromkeys(c.section for c in catalog))
    chosen_sections = set()
    for index, value in enumerate(sections or []):
        text = str(value).strip() if isinstance(value, (str, int)) and not isinstance(value, bool) else None
        if text not in valid_sections:
            problems.append(
                f"sections[{index}]: unknown section {value!r}; valid sections: {', '.join(valid_sections)}"
            )
        else:
            chosen_sections.add(text)
    checked: dict[str, set[str]] = {"ids": set(), "exclude": set()}
    for field, values in (("ids", ids), ("exclude", exclude)):
        for index, value in enumerate(values or []):
            problem = _id_problem(value, catalog)
            if problem:
                problems.append(f"{field}[{index}]: {problem}")
            else:
                checked[field].add(value)
    if level not in (1, 2):
        problems.append(f"level: {level!r} is not a profile level; use 1 (level 1 controls only) or 2 (all)")
    if problems:
        raise InputError("; ".join(problems))
    return Selection(frozenset(chosen_sections), frozenset(checked["ids"]), level, frozenset(checked["exclude"]))


def parse_date(value: Any) -> datetime.date | None:
    """A YYYY-MM-DD string (or a date YAML already parsed) as a date; None when it is not one."""
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    if isinstance(value, str):
        try:
            return datetime.datetime.strptime(value.strip(), "%Y-%m-%d").date()
        except ValueError:
            return None
    return None


def parse_waivers(catalog: tuple[Control, ...], waivers: Any, label: str = "waivers") -> list[Waiver]:
    """Validate waivers: cis_audit's option, the report's and the waivers file's.

    The one parser for both sides; raises InputError naming ``label`` and every bad entry.
    """
    if waivers is not None and not isinstance(waivers, list):
        raise InputError(f"{label} must be a list of waivers, got {type(waivers).__name__}")
    problems, parsed = [], []
    for index, entry in enumerate(waivers or []):
        where = f"{label}[{index}]"
        if not isinstance(entry, dict):
            problems.append(f"{where}: must be a mapping with keys {', '.join(WAIVER_KEYS)}, got {entry!r}")
            continue
        where = f"{where} (id {entry.get('id')!r})"
        errors = []
        unknown = sorted(str(k) for k in entry if k not in WAIVER_KEYS)
        if unknown:
            errors.append(f"unknown key(s) {', '.join(unknown)}; valid keys: {', '.join(WAIVER_KEYS)}")
        if "id" not in entry:
            errors.append("id is required, e.g. id: '5.10'")
        else:
            problem = _id_problem(entry["id"], catalog)
            if problem:
                errors.append(problem)
        reason = entry.get("reason")
        if not isinstance(reason, str) or not reason.strip():
            errors.append("reason is required: say why the finding is accepted")
        expires = None
        if entry.get("expires") not in (None, ""):
            expires = parse_date(entry["expires"])
            if expires is None:
                errors.append(f"expires {entry['expires']!r} is not a date; use YYYY-MM-DD, e.g. '2026-12-31'")
        for key in ("container", "image"):
            if entry.get(key) is not None and not isinstance(entry[key], str):
                errors.append(f"{key} must be a glob pattern string such as 'web-*', got {entry[key]!r}")
        if errors:
            problems.extend(f"{where}: {error}" for error in errors)
            continue
        parsed.append(Waiver(entry["id"], reason.strip(), expires, entry.get("container"), entry.get("image")))
    if problems:
        raise InputError("; ".join(problems))
    return parsed


def skip_reason(control: Control, selection: Selection) -> str | None:
    if control.id in selection.exclude:
        return "excluded by the exclude option"
    chosen = selection.sections or selection.ids
    if chosen and control.section not in selection.sections and control.id not in selection.ids:
        return "not selected by the sections/ids options"
    if selection.level == 1 and control.level != 1:
        return "a level 2 control; level 1 was selected"
    return None


def run_check(control: Control, ctx: AuditContext) -> Outcome:
    check = CHECKS.get(control.check)
    if check is None:
        return Outcome(ERROR, (f"no check function named {control.check}",))
    try:
        return check(ctx)
    except CheckError as exc:
        return Outcome(ERROR, (str(exc),))
    except Exception as exc:  # a malformed HostState must not take the other 116 controls down with it
        return Outcome(
            ERROR, (f"check {control.check} could not evaluate the host state: {type(exc).__name__}: {exc}",)
        )


def _covers(waiver: Waiver, finding: Finding) -> bool:
    if waiver.container and not any(fnmatch.fnmatchcase(n, waiver.container) for n in finding.containers if n):
        return False
    return not (waiver.image and not any(fnmatch.fnmatchcase(n, waiver.image) for n in finding.images if n))


def _waiver_record(waiver: Waiver, expired: bool) -> dict[str, Any]:
    return {
        "reason": waiver.reason,
        "expires": waiver.expires.isoformat() if waiver.expires else None,
        "expired": expired,
    }


def _unique(items: Iterable[str]) -> list[str]:
    return [item for item in dict.fromkeys(items) if item]


def build_result(control: Control, outcome: Outcome, waivers: list[Waiver], today: datetime.date) -> dict[str, Any]:
    status = outcome.status if outcome.status in STATUSES else ERROR
    findings = list(outcome.findings)
    evidence = [f.text for f in findings] + list(outcome.evidence)
    objects = _unique([f.obj for f in findings] + list(outcome.objects))
    waiver_field = None
    if status == FAIL:
        mine = [w for w in waivers if w.id == control.id]
        active = [w for w in mine if not w.expired(today)]
        expired = [w for w in mine if w not in active]
        # A failure without itemised findings can only be waived as a whole.
        items = findings or [Finding("")]
        covering = {i: next((w for w in active if _covers(w, f)), None) for i, f in enumerate(items)}
        if all(covering.values()):
            status = WAIVED
            used = covering[0]
            waiver_field = _waiver_record(used, False)
            until = f"until {used.expires.isoformat()}" if used.expires else "without expiry"
            evidence.append(f"waived {until}: {used.reason}")
        else:
            if findings and any(covering.values()):
                left = [f for i, f in enumerate(findings) if covering[i] is None]
                evidence = [f.text for f in left] + list(outcome.evidence)
                evidence += [f"waived: {f.text} ({covering[i].reason})" for i, f in enumerate(findings) if covering[i]]
                objects = _unique([f.obj for f in left] + list(outcome.objects))
            lapsed = next((w for w in expired if any(_covers(w, f) for f in items)), None)
            if lapsed is not None and lapsed.expires is not None:
                waiver_field = _waiver_record(lapsed, True)
                evidence.append(
                    f"waiver expired on {lapsed.expires.isoformat()} and no longer applies: {lapsed.reason}"
                )
    result = {
        "id": control.id,
        "key": control.key,
        "benchmark_version": control.version,
        "ids": dict(control.ids),
        "title": control.title,
        "section": control.section,
        "level": control.level,
        "automated": control.automated,
        "cis_label": control.cis_label,
        "status": status,
        "evidence": [line for line in map(one_line, evidence) if line],
        "objects": _unique(map(one_line, objects)),
        "remediation": control.remediation,
    }
    if waiver_field is not None:
        result["waiver"] = waiver_field
    if status == FAIL and outcome.pending:
        result["pending"] = one_line(outcome.pending)
    return result


def evaluate(
    state: dict[str, Any],
    version: str,
    selection: Selection,
    waivers: list[Waiver],
    today: datetime.date,
) -> dict[str, Any]:
    """The cis_audit result (without timings and state) for one HostState."""
    catalog = catalog_for(version)
    ctx = AuditContext(state)
    results = []
    for control in catalog:
        reason = skip_reason(control, selection)
        outcome = Outcome(SKIPPED, (reason,)) if reason else run_check(control, ctx)
        results.append(build_result(control, outcome, waivers, today))
    return {
        "benchmark_version": version,
        "host": {
            "hostname": (state.get("host") or {}).get("hostname") or "",
            "docker_version": None if ctx.engine_error else (ctx.version.get("Version") or None),
            "rootless": ctx.rootless,
            "socket": ctx.socket,
        },
        "results": results,
        "summary": summarize(results),
    }
