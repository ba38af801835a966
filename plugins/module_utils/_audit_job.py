# Private to the hardened.docker collection: not a public API, may change without notice.
"""One audit of a host, from options to result: what cis_audit runs and what the audit timer runs.

Both callers go through ``run`` so that the timer on a host and the module give the same
verdicts: the same option checks, the same gather, the same evaluate, the same waiver date rule.
"""

from __future__ import annotations

import datetime
import json
import os
import time
from typing import Any, Mapping

from ansible_collections.hardened.docker.plugins.module_utils._catalog import DEFAULT_VERSION
from ansible_collections.hardened.docker.plugins.module_utils._docker_api import DEFAULT_SOCKET, socket_from_docker_host
from ansible_collections.hardened.docker.plugins.module_utils._evaluate import (
    InputError,
    catalog_for,
    evaluate,
    parse_date,
    parse_selection,
    parse_waivers,
)
from ansible_collections.hardened.docker.plugins.module_utils._host_state import Runner, gather

# The options a run takes and their defaults; cis_audit's argument_spec takes its defaults from here.
DEFAULTS: dict[str, Any] = {
    "benchmark_version": DEFAULT_VERSION,
    "sections": [],
    "ids": [],
    "level": 2,
    "exclude": [],
    "waivers": [],
    "today": None,
    "return_state": False,
    "state_file": None,
    "docker_host": None,
    "daemon_json": None,
    "api_timeout": 10.0,
}


def resolve_socket(docker_host: str | None, environ: Mapping[str, str]) -> str:
    """The socket to use; InputError when docker_host is not a unix socket."""
    if docker_host:
        path = socket_from_docker_host(docker_host)
        if path is None:
            raise InputError(f"docker_host {docker_host!r} is not a unix socket; use unix:///path or /path")
        return path
    return socket_from_docker_host(environ.get("DOCKER_HOST")) or DEFAULT_SOCKET


def load_state_file(path: str) -> dict:
    try:
        with open(path, encoding="utf-8") as handle:
            state = json.load(handle)
    except OSError as exc:
        raise InputError(f"cannot read state_file {path}: {exc.strerror or exc}") from None
    except json.JSONDecodeError as exc:
        raise InputError(
            f"state_file {path} is not valid JSON: line {exc.lineno} column {exc.colno}: {exc.msg}"
        ) from None
    if not isinstance(state, dict):
        raise InputError(f"state_file {path} must hold a JSON object (a host state), not {type(state).__name__}")
    return state


def run_date(today: str | None) -> datetime.date:
    """The date waivers expire on: the given run date, else today in UTC (not the target's local date)."""
    if not today:
        return datetime.datetime.now(datetime.timezone.utc).date()
    date = parse_date(today)
    if date is None:
        raise InputError(f"today {today!r} is not a date; use YYYY-MM-DD, e.g. '2026-12-31'")
    return date


def run(params: Mapping[str, Any], runner: Runner, environ: Mapping[str, str] | None = None) -> dict:
    """The cis_audit result (with timings, and the state when asked) for ``params``.

    Every option is checked before anything is read from the host (InputError names the bad one).
    """
    params = {**DEFAULTS, **params}
    catalog = catalog_for(params["benchmark_version"])
    selection = parse_selection(catalog, params["sections"], params["ids"], params["level"], params["exclude"])
    waivers = parse_waivers(catalog, params["waivers"])
    today = run_date(params["today"])

    started = time.monotonic()
    if params["state_file"]:
        state = load_state_file(params["state_file"])
    else:
        state = gather(
            resolve_socket(params["docker_host"], os.environ if environ is None else environ),
            runner,
            daemon_json=params["daemon_json"],
            api_timeout=params["api_timeout"],
        )
    gathered = time.monotonic()
    result = evaluate(state, params["benchmark_version"], selection, waivers, today)
    result["timings"] = {
        "gather": round(gathered - started, 3),
        "evaluate": round(time.monotonic() - gathered, 3),
    }
    if params["return_state"]:
        result["state"] = state
    return result
