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
    an unreachable marker, or nothing) and writes one run of reports on the controller.
  - 'A run directory O(report_dir)/<run>/ receives C(fleet.json), C(hosts/<host>.json), C(junit.xml),
    C(compliance.sarif) (SARIF 2.1.0), C(report.html) (self-contained, works offline) and C(summary.txt);
    O(report_dir)/latest points at it.'
  - With O(baseline), the reports show what improved and what regressed per host and control since that earlier
    C(fleet.json).
  - Evaluates the gates in O(fail_on) and returns the verdict. It does not fail because a gate tripped, so that the
    caller can show the summary first and then fail (the C(hardened.docker.compliance) role does that).
  - Hosts that were unreachable, or whose audit failed, appear in every report with that status; they are never
    dropped.
  - In check mode it checks its inputs and computes everything it returns, but writes nothing; RV(files) lists what
    it would write. The C(hardened.docker.compliance) role runs it so with no audits, before any host is touched,
    to check the report directory, waivers, baseline and gates early.
  - Error messages name the option that holds the bad value, for example C(fail_on[1]).
  - This is an action plugin. It runs on the controller, in the Ansible process, whatever host the task is for,
    and needs no connection to it. Use C(run_once=true).

author:
  - hardened.docker contributors (@hardened)

extends_documentation_fragment:
  - hardened.docker.attributes

attributes:
  check_mode:
    support: full
    details:
      - In check mode nothing is written; RV(files) and RV(report_dir) say what would be written.
      - The C(hardened.docker.compliance) role sets C(check_mode=false) on its report task, because auditors run
        C(ansible-playbook --check) to get reports. Only the report directory on the controller is written then.
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
    type: dict
    required: true
  report_dir:
    description:
      - Directory that receives one sub-directory per run and the C(latest) link. Created when missing.
      - A relative path is taken from the directory C(ansible-playbook) runs in.
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
      - C(dbs) (not written unless listed) writes C(dbs/<host>.json), one log per host in the JSON shape of
        docker-bench-security, for tools that parse its output; see docs/migrating-from-docker-bench-security.md.
      - V(prometheus) (opt-in) writes C(compliance.prom), the fleet's metrics in the Prometheus text format that
        node_exporter's textfile collector reads (docs/prometheus.md).
      - C(summary.txt) is always written.
    type: list
    elements: str
    choices: [json, junit, sarif, html, dbs, prometheus]
    default: [json, junit, sarif, html]
  sarif_category:
    description:
      - The C(automationDetails.id) of the SARIF run. GitHub code scanning keeps one set of alerts per category,
        so it stays the same from run to run; give each fleet that you upload separately its own category.
      - A trailing C(/) is added when missing (GitHub reads the text up to the last C(/) as the category).
    type: str
    default: hardened.docker/compliance/
  repository_root:
    description:
      - The repository root that SARIF physical locations (the C(host_vars) or inventory file that defines each
        host) are relative to.
      - Default is the git top-level of the host's C(inventory_dir), else C(playbook_dir).
      - A host whose files are outside this root gets the placeholder C(ansible-inventory/<host>).
    type: path
  baseline:
    description:
      - Path of a C(fleet.json) from an earlier run to compare with. It must have the same C(schema_version).
      - A relative path is taken from the directory C(ansible-playbook) runs in.
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
      - A relative path is taken from the directory C(ansible-playbook) runs in.
    type: path
  benchmark_version:
    description:
      - Benchmark version shown when no host could be audited (otherwise taken from the results), one of V(1.6.0),
        V(1.7.0) and V(1.8.0).
      - Waivers are checked against the controls of this version.
    type: str
    default: "1.6.0"
  today:
    description:
      - The run's date, V(YYYY-MM-DD), on which the waivers in the reports expire. Give the audits the same date
        (the O(hardened.docker.cis_audit#module:today) option), as the C(hardened.docker.compliance) role does.
      - Defaults to the UTC date of the run, returned as RV(today).
    type: str
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
# The code is the action plugin plugins/action/compliance_report.py; this file holds its documentation.

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
  returned: success
  type: str
  sample: /home/auditor/reports/20260101T120000Z
files:
  description:
    - Paths of the files written (in check mode, that would be written), by format; C(hosts) maps each host to
      its JSON file, and C(dbs) (when that format is listed) each host to its docker-bench-security log.
  returned: success
  type: dict
  sample:
    json: /home/auditor/reports/20260101T120000Z/fleet.json
    hosts:
      web1: /home/auditor/reports/20260101T120000Z/hosts/web1.json
    junit: /home/auditor/reports/20260101T120000Z/junit.xml
    sarif: /home/auditor/reports/20260101T120000Z/compliance.sarif
    html: /home/auditor/reports/20260101T120000Z/report.html
    prometheus: /home/auditor/reports/20260101T120000Z/compliance.prom
    summary: /home/auditor/reports/20260101T120000Z/summary.txt
summary_lines:
  description: The console summary, one line per item (hosts x statuses, worst failures, changes, gate).
  returned: success
  type: list
  elements: str
summary:
  description: Fleet totals (hosts by status, controls by status, total, score).
  returned: success
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
  returned: success
  type: dict
gate:
  description: The verdict of the gates in O(fail_on).
  returned: success
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
today:
  description: The date on which the waivers expire in the reports (O(today), or the UTC date of the run).
  returned: success
  type: str
  sample: "2026-12-02"
"""
