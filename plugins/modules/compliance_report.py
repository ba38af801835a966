#!/usr/bin/python
#
# Copyright (c) hardened.docker contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations

DOCUMENTATION = r"""
module: compliance_report

short_description: Write the CIS Docker Benchmark reports of a fleet and decide the compliance gates

version_added: 0.1.0

description:
  - Takes the per-host results of M(hardened.docker.cis_audit) as Ansible registered them (a result, a failure,
    an unreachable marker, or nothing) and writes one run of reports on the machine it runs on, normally the controller.
  - 'A run directory O(report_dir)/<run>/ receives C(fleet.json), C(hosts/<host>.json), C(junit.xml),
    C(compliance.sarif) (SARIF 2.1.0), C(report.html) (self-contained, works offline) and C(summary.txt);
    O(report_dir)/latest points at it.'
  - With O(baseline), the reports show what improved and what regressed per host and control since that earlier
    C(fleet.json).
  - Evaluates the gates in O(fail_on) and returns the verdict. It does not fail because a gate tripped, so that the
    caller can show the summary first and then fail (the C(hardened.docker.compliance) role does that).
  - Hosts that were unreachable, or whose audit failed, appear in every report with that status; they are never
    dropped.
  - With O(validate_only=true) it only checks its inputs (report directory writable, waivers and waivers file,
    baseline schema version, gate syntax) and returns the merged waivers; the role runs this before any host is
    touched.
  - Error messages name the C(hardened.docker.compliance) role variable that holds the bad value, for example
    C(compliance_fail_on[1]).
  - Run it once, on the controller (C(delegate_to=localhost), C(run_once=true)).

author:
  - hardened.docker contributors (@hardened)

extends_documentation_fragment:
  - hardened.docker.attributes

attributes:
  check_mode:
    support: full
    details:
      - The reports are written in check mode too, because auditors run C(ansible-playbook --check) to get reports.
        Only the report directory on the controller is written; no managed host is changed.
  diff_mode:
    support: none
  idempotent:
    support: none
    details:
      - Every run writes a run directory and returns C(changed=true). The role sets C(changed_when=false), because
        reports on the controller are not host state.

options:
  audits:
    description:
      - Inventory hostname to what was registered for the M(hardened.docker.cis_audit) task on that host.
      - A value of V(null) (no result), a result with C(unreachable), or a failed result makes the host
        C(unreachable) or C(failed) in the reports.
      - Required unless O(validate_only=true).
    type: dict
  validate_only:
    description:
      - Only check the inputs and return RV(waivers) and RV(fail_on); write no report.
    type: bool
    default: false
  report_dir:
    description:
      - Directory that receives one sub-directory per run and the C(latest) link. Created when missing.
      - Give an absolute path. A relative one is taken from the module's working directory, which for a module that
        Ansible runs on the controller is the playbook's directory. The role passes an absolute path.
    type: path
    required: true
  run_name:
    description:
      - Name of the run directory. Defaults to the UTC time of the run, like C(20260101T120000Z).
      - Letters, digits, C(.), C(_) and C(-); not C(latest). An existing run directory is overwritten.
    type: str
    default: ""
  latest_link:
    description:
      - Point O(report_dir)/latest at this run (a relative symbolic link).
    type: bool
    default: true
  formats:
    description:
      - Report formats to write. C(json) writes C(fleet.json) and C(hosts/<host>.json).
      - C(summary.txt) is always written.
    type: list
    elements: str
    choices: [json, junit, sarif, html]
    default: [json, junit, sarif, html]
  baseline:
    description:
      - Path of a C(fleet.json) from an earlier run to compare with. It must have the same C(schema_version).
    type: path
  fail_on:
    description:
      - Gates. Keywords are V(fail), V(level1), V(level2), V(error), V(unreachable) and V(regressed).
      - 'Mappings are C({section: "5"}), C({id: ["5.10", "1.1"]}) and C({level: 1}), which combine, or
        C({score_below: 80}) on its own.'
      - See the C(hardened.docker.compliance) role README for the meaning of each.
      - A string is read as YAML, so that C(-e compliance_fail_on=[]) on the command line works.
    type: raw
    default: []
  waivers:
    description:
      - Waivers to show in the reports, returned merged with O(waivers_file).
      - Each is a mapping with C(id) and C(reason) (required), and C(container), C(image) and C(expires)
        (C(YYYY-MM-DD)).
    type: list
    elements: raw
    default: []
  waivers_file:
    description:
      - YAML (or JSON) file on the controller with a top-level C(waivers) list, in the same form as O(waivers).
    type: path
  benchmark_version:
    description:
      - Benchmark version shown when no host could be audited (otherwise taken from the results).
    type: str
    default: "1.6.0"
  selection:
    description:
      - The audit's selection (sections, ids, level, exclude), recorded in the fleet report as is.
    type: dict
    default: {}
  summary_top:
    description:
      - How many of the worst failures the console summary lists.
    type: int
    default: 10

notes:
  - The fleet report schema (C(schema_version) 1) is documented in the C(hardened.docker.compliance) role README.

seealso:
  - module: hardened.docker.cis_audit
"""

EXAMPLES = r"""
- name: Run the audit on every host, keep going when a host fails
  hardened.docker.cis_audit:
  register: audit
  ignore_errors: true
  ignore_unreachable: true

- name: Write the reports on the controller and decide the gates
  hardened.docker.compliance_report:
    audits: "{{ dict(ansible_play_hosts_all | zip(ansible_play_hosts_all | map('extract', hostvars)
              | map(attribute='audit', default=none))) }}"
    report_dir: reports
    baseline: reports/before/fleet.json
    fail_on:
      - level1
      - section: "5"
      - score_below: 80
  delegate_to: localhost
  run_once: true
  register: report

- name: Show the summary
  ansible.builtin.debug:
    msg: "{{ report.summary_lines }}"
  run_once: true

- name: Fail when a gate tripped
  ansible.builtin.fail:
    msg: "{{ report.gate.message }}"
  when: report.gate.tripped
  run_once: true
"""

RETURN = r"""
report_dir:
  description: The run directory that holds this run's reports (absolute path).
  returned: success and not validate_only
  type: str
  sample: /home/auditor/reports/20260101T120000Z
files:
  description: Paths of the files written, by format; C(hosts) maps each host to its JSON file.
  returned: success and not validate_only
  type: dict
  sample:
    json: /home/auditor/reports/20260101T120000Z/fleet.json
    hosts:
      web1: /home/auditor/reports/20260101T120000Z/hosts/web1.json
    junit: /home/auditor/reports/20260101T120000Z/junit.xml
    sarif: /home/auditor/reports/20260101T120000Z/compliance.sarif
    html: /home/auditor/reports/20260101T120000Z/report.html
    summary: /home/auditor/reports/20260101T120000Z/summary.txt
summary_lines:
  description: The console summary, one line per item (hosts x statuses, worst failures, changes, gate).
  returned: success and not validate_only
  type: list
  elements: str
summary:
  description: Fleet totals (hosts by status, controls by status, total, score).
  returned: success and not validate_only
  type: dict
  sample:
    hosts: 3
    audited: 2
    unreachable: 1
    failed: 0
    pass: 160
    fail: 41
    manual: 24
    not_applicable: 4
    skipped: 0
    waived: 5
    error: 0
    total: 234
    score: 79.6
comparison:
  description: Improvements and regressions per host since O(baseline); V(null) without a baseline.
  returned: success and not validate_only
  type: dict
gate:
  description: The verdict of the gates in O(fail_on).
  returned: success and not validate_only
  type: dict
  contains:
    rules:
      description: The gates, as labels.
      type: list
      elements: str
      sample: [level1, score_below=80]
    tripped:
      description: Whether any gate matched.
      type: bool
    reasons:
      description: One item per gate and host that tripped it, with the control ids.
      type: list
      elements: dict
      sample:
        - gate: level1
          host: web1
          controls: ["2.2", "5.10"]
          detail: 2.2, 5.10
    message:
      description: One line naming the gates, hosts and controls that tripped.
      type: str
waivers:
  description:
    - O(waivers) and the waivers from O(waivers_file), checked and normalized.
    - Ready to pass to M(hardened.docker.cis_audit).
  returned: success
  type: list
  elements: dict
  sample:
    - id: "5.10"
      reason: Build host; memory limits come from the CI runner.
      container: runner
      expires: "2026-12-31"
file_waivers:
  description:
    - The waivers from O(waivers_file) alone, checked and normalized.
    - They apply to every host; each host adds its own C(compliance_waivers).
  returned: success
  type: list
  elements: dict
fail_on:
  description: The gates as labels, once checked.
  returned: success
  type: list
  elements: str
"""

import json
import os
import traceback

from ansible.module_utils.basic import AnsibleModule

try:
    import yaml

    HAS_YAML = True
    YAML_IMPORT_ERROR = None
    PARSE_ERRORS = (ValueError, yaml.YAMLError)
except ImportError:  # pragma: no cover - PyYAML comes with ansible-core on the controller
    HAS_YAML = False
    YAML_IMPORT_ERROR = traceback.format_exc()
    PARSE_ERRORS = (ValueError,)

from ansible_collections.hardened.docker.plugins.module_utils._report_files import FORMATS, write_reports
from ansible_collections.hardened.docker.plugins.module_utils._report_gate import evaluate, parse_gates
from ansible_collections.hardened.docker.plugins.module_utils._report_inputs import (
    check_report_dir,
    check_run_name,
    load_baseline,
    normalize_waivers,
    waivers_from_document,
)
from ansible_collections.hardened.docker.plugins.module_utils._report_model import ReportInputError, build_fleet

# The role variable behind each option, so that errors name what the user set.
LABELS = {
    "report_dir": "compliance_report_dir",
    "run_name": "compliance_report_run_name",
    "baseline": "compliance_baseline",
    "fail_on": "compliance_fail_on",
    "waivers": "compliance_waivers",
    "waivers_file": "compliance_waivers_file",
}


def read_waivers_file(module, path):
    label = LABELS["waivers_file"]
    try:
        with open(path, "rb") as handle:
            text = handle.read().decode("utf-8")
    except OSError as exc:
        raise ReportInputError(f"{label}: waivers file {path} cannot be read: {exc.strerror or exc}") from None
    except UnicodeDecodeError as exc:
        raise ReportInputError(f"{label}: waivers file {path} is not UTF-8 text: {exc}") from None
    if HAS_YAML:
        try:
            doc = yaml.safe_load(text)
        except yaml.YAMLError as exc:
            raise ReportInputError(f"{label}: waivers file {path} is not valid YAML: {exc}") from None
    else:
        try:
            doc = json.loads(text)
        except ValueError:
            module.fail_json(
                msg=f"{label}: waivers file {path} is not JSON, and reading YAML needs PyYAML",
                exception=YAML_IMPORT_ERROR,
            )
    try:
        return waivers_from_document(doc, path)
    except ReportInputError as exc:
        raise ReportInputError(f"{label}: {exc}") from None


def read_gates(spec):
    """The gate list; a string (as from -e compliance_fail_on=[] on the command line) is read as YAML."""
    if isinstance(spec, str):
        try:
            spec = yaml.safe_load(spec) if HAS_YAML else json.loads(spec)
        except PARSE_ERRORS as exc:
            raise ReportInputError(
                f"{LABELS['fail_on']}: {spec!r} is not a list of gates; on the command line use "
                f"-e '{{\"compliance_fail_on\": [...]}}' ({exc})"
            ) from None
    return parse_gates(spec, LABELS["fail_on"])


def check_inputs(module):
    """Everything that can be wrong before a host is touched; raises ReportInputError."""
    params = module.params
    report_dir = check_report_dir(params["report_dir"], LABELS["report_dir"])
    check_run_name(params["run_name"], LABELS["run_name"])
    waivers = normalize_waivers(params["waivers"], LABELS["waivers"])
    file_waivers = []
    if params["waivers_file"]:
        file_waivers = read_waivers_file(module, os.path.abspath(params["waivers_file"]))
    baseline_path = os.path.abspath(params["baseline"]) if params["baseline"] else None
    baseline = load_baseline(baseline_path, LABELS["baseline"])
    gates = read_gates(params["fail_on"])
    return report_dir, waivers + file_waivers, file_waivers, baseline, baseline_path, gates


def main():
    module = AnsibleModule(
        argument_spec=dict(
            audits=dict(type="dict"),
            validate_only=dict(type="bool", default=False),
            report_dir=dict(type="path", required=True),
            run_name=dict(type="str", default=""),
            latest_link=dict(type="bool", default=True),
            formats=dict(type="list", elements="str", choices=list(FORMATS), default=list(FORMATS)),
            baseline=dict(type="path"),
            fail_on=dict(type="raw", default=[]),
            waivers=dict(type="list", elements="raw", default=[]),
            waivers_file=dict(type="path"),
            benchmark_version=dict(type="str", default="1.6.0"),
            selection=dict(type="dict", default={}),
            summary_top=dict(type="int", default=10),
        ),
        required_if=[("validate_only", False, ("audits",))],
        supports_check_mode=True,
    )
    try:
        report_dir, waivers, file_waivers, baseline, baseline_path, gates = check_inputs(module)
    except ReportInputError as exc:
        module.fail_json(msg=str(exc))

    gate_labels = [gate["label"] for gate in gates]
    if module.params["validate_only"]:
        module.exit_json(changed=False, waivers=waivers, file_waivers=file_waivers, fail_on=gate_labels)

    # Reports are written in check mode too: auditors run --check to get them (see attributes.check_mode).
    fleet = build_fleet(
        module.params["audits"],
        run=module.params["run_name"] or None,
        benchmark_version=module.params["benchmark_version"],
        selection=module.params["selection"],
        waivers=waivers,
        baseline=baseline,
        baseline_path=baseline_path,
    )
    fleet["gate"] = evaluate(gates, fleet)
    try:
        written = write_reports(
            fleet,
            report_dir,
            formats=module.params["formats"],
            latest_link=module.params["latest_link"],
            top=module.params["summary_top"],
        )
    except OSError as exc:
        module.fail_json(
            msg="{}: writing the reports under {} failed: {}".format(LABELS["report_dir"], report_dir, exc),
            exception=traceback.format_exc(),
        )
    for warning in written["warnings"]:
        module.warn(warning)
    gate = dict(fleet["gate"])
    if gate["tripped"]:
        gate["message"] += " | reports: {}".format(written["report_dir"])
    module.exit_json(
        changed=True,
        report_dir=written["report_dir"],
        files=written["files"],
        summary_lines=written["summary_lines"],
        summary=fleet["summary"],
        comparison=fleet["comparison"],
        gate=gate,
        waivers=waivers,
        file_waivers=file_waivers,
        fail_on=gate_labels,
    )


if __name__ == "__main__":
    main()
