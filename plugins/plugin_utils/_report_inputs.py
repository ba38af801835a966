# Private to the hardened.docker collection: not a public API, may change without notice.
"""Checks of the compliance role's inputs, run on the controller before any host is touched.

Every error is a ReportInputError whose message names the role variable or the
file that is wrong, so that the user knows what to fix.
"""

from __future__ import annotations

import datetime
import json
import os
import re
import tempfile
from typing import Any

from ansible_collections.hardened.docker.plugins.plugin_utils._report_model import ReportInputError, check_baseline

_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
WAIVER_KEYS = ("id", "container", "image", "reason", "expires")


def _control_id(value: Any, where: str) -> str:
    if isinstance(value, bool) or not isinstance(value, str):
        raise ReportInputError(
            f'{where}: id must be a quoted string like "2.10", got {value!r} '
            "(unquoted ids such as 2.10 are read as the number 2.1)"
        )
    if not re.match(r"^\d+(\.\d+)*$", value.strip()):
        raise ReportInputError(f'{where}: id {value!r} is not a CIS control id such as "5.10"')
    return value.strip()


def normalize_waiver(raw: Any, where: str) -> dict[str, Any]:
    """One waiver as cis_audit takes it: {id, container?, image?, reason, expires?}."""
    if not isinstance(raw, dict):
        raise ReportInputError(f"{where}: a waiver must be a mapping with id and reason, got {raw!r}")
    unknown = sorted(set(raw) - set(WAIVER_KEYS))
    if unknown:
        raise ReportInputError(
            "{}: unknown key(s) {}; a waiver has {}".format(where, ", ".join(map(str, unknown)), ", ".join(WAIVER_KEYS))
        )
    if "id" not in raw:
        raise ReportInputError(f"{where}: a waiver needs the id of the control it waives")
    waiver: dict[str, Any] = {"id": _control_id(raw["id"], where)}
    reason = raw.get("reason")
    if not isinstance(reason, str) or not reason.strip():
        raise ReportInputError("{} (id {}): a waiver needs a non-empty reason".format(where, waiver["id"]))
    waiver["reason"] = reason.strip()
    for key in ("container", "image"):
        value = raw.get(key)
        if value is not None:
            if not isinstance(value, str) or not value:
                raise ReportInputError("{} (id {}): {} must be a non-empty string".format(where, waiver["id"], key))
            waiver[key] = value
    expires = raw.get("expires")
    if isinstance(expires, (datetime.date, datetime.datetime)):
        expires = expires.strftime("%Y-%m-%d")
    if expires not in (None, ""):
        if not isinstance(expires, str) or not _DATE.match(expires):
            raise ReportInputError(
                "{} (id {}): expires must be a date YYYY-MM-DD, got {!r}".format(where, waiver["id"], expires)
            )
        try:
            datetime.date(*map(int, expires.split("-")))
        except ValueError:
            raise ReportInputError(
                "{} (id {}): expires {!r} is not a real date".format(where, waiver["id"], expires)
            ) from None
        waiver["expires"] = expires
    return waiver


def normalize_waivers(raw: Any, label: str) -> list[dict[str, Any]]:
    if raw is None:
        return []
    if not isinstance(raw, list):
        raise ReportInputError(f"{label} must be a list of waivers, got {type(raw).__name__}")
    return [normalize_waiver(item, f"{label}[{index}]") for index, item in enumerate(raw)]


def waivers_from_document(doc: Any, path: str) -> list[dict[str, Any]]:
    """The waivers of a parsed waivers file: a mapping with a ``waivers`` list (or a bare list)."""
    if isinstance(doc, dict):
        unknown = sorted(set(doc) - {"waivers"})
        if unknown:
            raise ReportInputError(
                "waivers file {}: unknown top-level key(s) {}; expected 'waivers:'".format(
                    path, ", ".join(map(str, unknown))
                )
            )
        doc = doc.get("waivers") or []
    elif doc is None:
        doc = []
    if not isinstance(doc, list):
        raise ReportInputError(f"waivers file {path}: 'waivers' must be a list")
    return normalize_waivers(doc, f"waivers file {path}: waivers")


def check_report_dir(path: str, label: str) -> str:
    """Create ``path`` if needed and prove that a file can be written there. Returns the absolute path."""
    if not path:
        raise ReportInputError(f"{label} is empty: set it to the directory that receives the reports")
    path = os.path.abspath(os.path.expanduser(path))
    try:
        os.makedirs(path, exist_ok=True)
        handle, probe = tempfile.mkstemp(prefix=".write-test-", dir=path)
        os.close(handle)
        os.unlink(probe)
    except OSError as exc:
        raise ReportInputError(f"{label}: {path} is not a writable directory: {exc.strerror or exc}") from None
    return path


def check_run_name(name: str, label: str) -> str:
    if name and (name in (".", "..", "latest") or not re.match(r"^[A-Za-z0-9][A-Za-z0-9._-]*$", name)):
        raise ReportInputError(
            f"{label}: {name!r} is not a usable directory name (letters, digits, '.', '_', '-'; not 'latest')"
        )
    return name


def load_baseline(path: str | None, label: str) -> dict[str, Any] | None:
    """Read and check a previous fleet.json; None when no baseline is set."""
    if not path:
        return None
    where = f"{label} ({path})"
    try:
        with open(path, "rb") as handle:
            doc = json.loads(handle.read().decode("utf-8"))
    except OSError as exc:
        raise ReportInputError(f"{where} cannot be read: {exc.strerror or exc}") from None
    except (UnicodeDecodeError, ValueError) as exc:
        raise ReportInputError(f"{where} is not valid JSON: {exc}") from None
    return check_baseline(doc, where)
