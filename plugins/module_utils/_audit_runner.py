# Private to the hardened.docker collection: not a public API, may change without notice.
"""The audit timer's runner: one audit of this host, written as Prometheus metrics and a JSON report.

The compliance role's ``timer`` entry point installs the collection's module_utils on the host
with a small launcher, and a systemd service and timer that run it with the host's python3
(standard library only, no Ansible). The audit is cis_audit's own (_audit_job.run), with the
options the role wrote to the config file. Every run rewrites both files atomically; when the
audit cannot run, the metrics say so (hardened_docker_audit_success 0, no results), so a
dashboard never shows an earlier run's verdicts as current.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import socket
import subprocess
import sys
import time
from typing import Any, Callable, Sequence

from ansible_collections.hardened.docker.plugins.module_utils._atomic_file import write_text
from ansible_collections.hardened.docker.plugins.module_utils._prometheus import HostMetrics, render

GENERATOR = "hardened.docker audit timer"
# The cis_audit options the config file may set, plus the host label of the metrics.
CONFIG_KEYS = (
    "host",
    "benchmark_version",
    "sections",
    "ids",
    "level",
    "exclude",
    "waivers",
    "docker_host",
    "daemon_json",
    "api_timeout",
    "state_file",
)
COMMAND_TIMEOUT = 60


class ConfigError(ValueError):
    """The config file cannot be used; the message names the file and what to do."""


def run_command(argv: list[str]) -> tuple[int, str, str]:
    """The commands gather runs (systemctl, auditctl), as AnsibleModule.run_command runs them for cis_audit."""
    try:
        # The timer runs without Ansible, so there is no AnsibleModule.run_command to call.
        proc = subprocess.run(  # pylint: disable=ansible-bad-function
            argv,
            capture_output=True,
            text=True,
            errors="surrogateescape",
            env={**os.environ, "LC_ALL": "C"},
            timeout=COMMAND_TIMEOUT,
            check=False,
        )
    except (OSError, subprocess.SubprocessError) as exc:
        return 127, "", f"{argv[0]}: {exc}"
    return proc.returncode, proc.stdout, proc.stderr


def load_config(path: str) -> dict[str, Any]:
    try:
        with open(path, encoding="utf-8") as handle:
            config = json.load(handle)
    except OSError as exc:
        raise ConfigError(f"cannot read the config file {path}: {exc.strerror or exc}") from None
    except json.JSONDecodeError as exc:
        raise ConfigError(f"config file {path} is not valid JSON: line {exc.lineno} column {exc.colno}") from None
    if not isinstance(config, dict):
        raise ConfigError(f"config file {path} must hold a JSON object, not {type(config).__name__}")
    unknown = sorted(str(key) for key in config if key not in CONFIG_KEYS)
    if unknown:
        raise ConfigError(
            f"config file {path}: unknown key(s) {', '.join(unknown)}; valid keys: {', '.join(CONFIG_KEYS)}"
        )
    return config


def iso(moment: float) -> str:
    return datetime.datetime.fromtimestamp(moment, datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def audit(
    config_path: str, runner: Callable[[list[str]], tuple[int, str, str]], moment: float
) -> tuple[str, dict[str, Any] | None, str | None]:
    """(host label, cis_audit result or None, error or None) for one run."""
    host = socket.gethostname()
    try:
        config = load_config(config_path)
        host = str(config.get("host") or host)
        # Imported here, so that an engine that cannot even load still ends up in the metrics.
        from ansible_collections.hardened.docker.plugins.module_utils import _audit_job

        options = {key: value for key, value in config.items() if key != "host"}
        # Waivers expire on the UTC date of the run, as cis_audit decides them.
        options["today"] = iso(moment)[:10]
        return host, _audit_job.run(options, runner), None
    except Exception as exc:  # any failure must reach the metrics, not only the journal
        return host, None, f"{type(exc).__name__}: {exc}" if not isinstance(exc, ValueError) else str(exc)


def report(host: str, moment: float, result: dict[str, Any] | None, error: str | None) -> dict[str, Any]:
    """The JSON report: the run's metadata and the cis_audit result (docs/prometheus.md)."""
    return {
        "generator": GENERATOR,
        "host": host,
        "audited_at": iso(moment),
        "success": result is not None,
        "error": error,
        "audit": result,
    }


def main(
    argv: Sequence[str] | None = None,
    runner: Callable[[list[str]], tuple[int, str, str]] = run_command,
    clock: Callable[[], float] = time.time,
) -> int:
    parser = argparse.ArgumentParser(description="Audit this Docker host against the CIS Docker Benchmark.")
    parser.add_argument("--config", required=True, help="JSON file with the audit's options")
    parser.add_argument("--textfile", required=True, help="the .prom file to write (node_exporter textfile dir)")
    parser.add_argument("--report", required=True, help="the JSON report to write")
    args = parser.parse_args(argv)
    moment = clock()
    host, result, error = audit(args.config, runner, moment)
    try:
        write_text(args.report, json.dumps(report(host, moment, result, error), indent=2) + "\n")
        write_text(args.textfile, render([HostMetrics(host, moment, result)]))
    except OSError as exc:
        sys.stderr.write(f"hardened-docker-audit: cannot write {exc.filename}: {exc.strerror or exc}\n")
        return 2
    if error is not None:
        sys.stderr.write(f"hardened-docker-audit: the audit failed: {error}\n")
        return 1
    summary = result["summary"] if result else {}
    # Goes to the journal of the service run.
    sys.stdout.write(f"hardened-docker-audit: {host}: score {summary.get('score')}, fail {summary.get('fail')}\n")
    return 0
