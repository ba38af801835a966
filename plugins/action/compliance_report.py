# Copyright (c) hardened.docker contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""compliance_report: the fleet's reports and gates, on the controller (documented in plugins/modules/)."""

from __future__ import annotations

import datetime
import os
from typing import Any

from ansible.errors import AnsibleActionFail
from ansible.plugins.action import ActionBase

from ansible_collections.hardened.docker.plugins.module_utils._catalog import DEFAULT_VERSION
from ansible_collections.hardened.docker.plugins.module_utils._evaluate import (
    InputError,
    catalog_for,
    parse_date,
    parse_waivers,
)
from ansible_collections.hardened.docker.plugins.plugin_utils._report_files import (
    DEFAULT_FORMATS,
    FORMATS,
    plan_reports,
    write_plan,
)
from ansible_collections.hardened.docker.plugins.plugin_utils._report_gate import evaluate, parse_gates
from ansible_collections.hardened.docker.plugins.plugin_utils._report_inputs import (
    check_report_dir,
    check_run_name,
    load_baseline,
    read_waivers_file,
)
from ansible_collections.hardened.docker.plugins.plugin_utils._report_model import build_fleet, utc_now
from ansible_collections.hardened.docker.plugins.plugin_utils._report_sarif import (
    DEFAULT_CATEGORY,
    github_limit_warning,
)
from ansible_collections.hardened.docker.plugins.plugin_utils._report_sources import host_sources

ARGUMENT_SPEC: dict[str, Any] = dict(
    audits=dict(type="dict", required=True),
    report_dir=dict(type="path", required=True),
    run_name=dict(type="str", default=""),
    latest_link=dict(type="bool", default=True),
    formats=dict(type="list", elements="str", choices=list(FORMATS), default=list(DEFAULT_FORMATS)),
    baseline=dict(type="path"),
    fail_on=dict(type="raw", default=[]),
    waivers=dict(type="list", elements="raw", default=[]),
    waivers_file=dict(type="path"),
    benchmark_version=dict(type="str", default=DEFAULT_VERSION),
    today=dict(type="str"),
    selection=dict(type="dict", default={}),
    summary_top=dict(type="int", default=10),
    sarif_category=dict(type="str", default=DEFAULT_CATEGORY),
    repository_root=dict(type="path"),
)


def _abspath(path: str | None) -> str | None:
    # Relative to where ansible-playbook runs, as the role's users expect (the plugin runs in that process).
    return os.path.abspath(os.path.expanduser(path)) if path else None


def report(
    params: dict[str, Any], check_mode: bool, moment: datetime.datetime, sources: dict[str, Any] | None = None
) -> dict[str, Any]:
    """Check the inputs, build the fleet and gates, and write the reports unless ``check_mode``.

    ``sources`` maps each host to the file that defines it (the SARIF physical location).
    """
    catalog = catalog_for(params["benchmark_version"])
    report_dir = check_report_dir(params["report_dir"], "report_dir", create=not check_mode)
    check_run_name(params["run_name"], "run_name")
    today = moment.date()
    if params["today"]:
        today = parse_date(params["today"])
        if today is None:
            raise InputError(f"today {params['today']!r} is not a date; use YYYY-MM-DD, e.g. '2026-12-31'")
    waivers = parse_waivers(catalog, params["waivers"])
    file_waivers = []
    if params["waivers_file"]:
        file_waivers = read_waivers_file(_abspath(params["waivers_file"]), catalog, "waivers_file")
    baseline_path = _abspath(params["baseline"])
    baseline = load_baseline(baseline_path, "baseline")
    gates = parse_gates(params["fail_on"])

    fleet = build_fleet(
        params["audits"],
        generated_at=moment,
        run=params["run_name"] or None,
        benchmark_version=params["benchmark_version"],
        selection=params["selection"],
        waivers=waivers + file_waivers,
        today=today,
        baseline=baseline,
        baseline_path=baseline_path,
    )
    fleet["gate"] = evaluate(gates, fleet)
    plan = plan_reports(
        fleet,
        report_dir,
        formats=params["formats"],
        top=params["summary_top"],
        sources=sources,
        sarif_category=params["sarif_category"],
    )
    result: dict[str, Any] = {"changed": True, "warnings": []}
    too_many = github_limit_warning(fleet, params["sarif_category"]) if "sarif" in params["formats"] else None
    if check_mode:
        count = len(plan.renders)
        result["msg"] = f"check mode: wrote nothing; would write {count} files under {plan.report_dir}"
    else:
        try:
            result["warnings"] = write_plan(plan, latest_link=params["latest_link"])
        except OSError as exc:
            raise AnsibleActionFail(f"report_dir: writing the reports under {report_dir} failed: {exc}") from exc
    if too_many:
        result["warnings"].append(too_many)
    gate = dict(fleet["gate"])
    if gate["tripped"]:
        gate["message"] += f" | reports: {plan.report_dir}"
    result.update(
        report_dir=plan.report_dir,
        files=plan.files,
        summary_lines=plan.summary_lines,
        summary=fleet["summary"],
        comparison=fleet["comparison"],
        gate=gate,
        waivers=[w.as_dict() for w in waivers + file_waivers],
        file_waivers=[w.as_dict() for w in file_waivers],
        fail_on=gate["rules"],
        today=today.isoformat(),
    )
    return result


class ActionModule(ActionBase):
    TRANSFERS_FILES = False
    _supports_check_mode = True
    _requires_connection = False  # everything happens on the controller

    def run(self, tmp: Any = None, task_vars: dict[str, Any] | None = None) -> dict[str, Any]:
        result = super().run(tmp, task_vars)
        _validation, params = self.validate_argument_spec(argument_spec=ARGUMENT_SPEC)
        task_vars = task_vars or {}
        sources = host_sources(
            list(params["audits"]),
            task_vars.get("hostvars"),
            task_vars.get("playbook_dir"),
            _abspath(params["repository_root"]),
        )
        try:
            result.update(report(params, bool(self._task.check_mode), utc_now(), sources))
        except InputError as exc:
            raise AnsibleActionFail(str(exc)) from None
        if not result["warnings"]:
            del result["warnings"]
        return result
