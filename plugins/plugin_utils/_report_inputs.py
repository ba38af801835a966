# Private to the hardened.docker collection: not a public API, may change without notice.
"""Checks of compliance_report's inputs, on the controller, before anything is written.

Every error is a ReportInputError whose message names the option or the file
that is wrong, so that the user knows what to fix.
"""

from __future__ import annotations

import errno
import json
import os
import re
import tempfile
from typing import Any

import yaml

from ansible_collections.hardened.docker.plugins.module_utils._catalog import Control
from ansible_collections.hardened.docker.plugins.module_utils._evaluate import Waiver, parse_waivers
from ansible_collections.hardened.docker.plugins.plugin_utils._report_model import ReportInputError, check_baseline


def read_waivers_file(path: str, catalog: tuple[Control, ...], label: str) -> list[Waiver]:
    """The waivers of a YAML (or JSON) file: a mapping with a ``waivers`` list, or a bare list."""
    where = f"{label}: waivers file {path}"
    try:
        with open(path, "rb") as handle:
            doc = yaml.safe_load(handle.read().decode("utf-8"))
    except OSError as exc:
        raise ReportInputError(f"{where} cannot be read: {exc.strerror or exc}") from None
    except UnicodeDecodeError as exc:
        raise ReportInputError(f"{where} is not UTF-8 text: {exc}") from None
    except yaml.YAMLError as exc:
        raise ReportInputError(f"{where} is not valid YAML: {exc}") from None
    if isinstance(doc, dict):
        unknown = sorted(set(map(str, doc)) - {"waivers"})
        if unknown:
            raise ReportInputError(f"{where}: unknown top-level key(s) {', '.join(unknown)}; expected 'waivers:'")
        doc = doc.get("waivers") or []
    elif doc is None:
        doc = []
    if not isinstance(doc, list):
        raise ReportInputError(f"{where}: 'waivers' must be a list")
    return parse_waivers(catalog, doc, f"{where}: waivers")


def check_report_dir(path: str, label: str, create: bool = True) -> str:
    """Prove that reports can be written under ``path`` (created when ``create``). Returns the absolute path.

    Without ``create`` (check mode) nothing is written: the nearest existing directory must be writable.
    """
    if not path:
        raise ReportInputError(f"{label} is empty: set it to the directory that receives the reports")
    path = os.path.abspath(os.path.expanduser(path))
    try:
        if create:
            os.makedirs(path, exist_ok=True)
            handle, probe = tempfile.mkstemp(prefix=".write-test-", dir=path)
            os.close(handle)
            os.unlink(probe)
            return path
        existing = path
        while not os.path.lexists(existing):
            existing = os.path.dirname(existing)
        if not os.path.isdir(existing):
            raise NotADirectoryError(errno.ENOTDIR, os.strerror(errno.ENOTDIR), existing)
        if not os.access(existing, os.W_OK | os.X_OK):
            raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), existing)
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
