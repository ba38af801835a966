#!/usr/bin/python
# Copyright (c) hardened.docker contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations

DOCUMENTATION = r"""
module: cis_audit
short_description: Audit a Docker host against the CIS Docker Benchmark
version_added: 0.1.0
description:
  - Reads the state of a Docker host once (daemon.json, the running C(dockerd)'s flags, the Engine API's C(/info),
    C(/version) and C(/networks), one inspect per container in any state and per image on the host, the files of
    section 3, the loaded audit rules, the docker group, systemd's unit paths) and decides every control of the
    benchmark from it.
  - Every control of the catalog gets a result, in benchmark order, with a status (V(pass), V(fail), V(manual),
    V(not_applicable), V(skipped), V(waived) or V(error)), the evidence that decided it and the remediation.
  - The daemon's settings are taken from its effective configuration, daemon.json merged with the flags of the running
    C(dockerd), and confirmed against C(/info) where C(/info) reports them.
  - As the benchmark audits C(docker ps --all), stopped and created containers are judged on their configuration
    too (they come back with it on their next start), and evidence names them with their state, for example
    V(exited) or V(created). Controls that need a live process or live state (5.7, 5.27) look at running containers
    only. 4.6 judges every image on the host and names the containers that use it.
  - Containers are never entered. Their processes (controls 5.7, 5.22, 5.26) are read from the host's C(/proc).
  - A rootless daemon is recognised (C(name=rootless) in C(/info) SecurityOptions, or a socket under C(/run/user/UID))
    and audited as such; for example 2.1 passes and 2.9 does not apply.
  - When the Engine API cannot be reached, the controls that need it report V(error) with the reason and all others
    still run. A daemon.json that cannot be parsed makes the controls that depend on it report V(error) with the line
    and column.
  - Only Python's standard library is needed on the target. Run it as root (C(become=true)) to read the Docker
    socket, the loaded audit rules and other users' processes.
extends_documentation_fragment:
  - hardened.docker.attributes
  - hardened.docker.engine
  - hardened.docker.attributes.info_module
options:
  sections:
    description:
      - Audit only the controls of these top-level sections (V("1") to V("7")).
      - Together with O(ids), a control is selected when it is in one of the sections or in O(ids).
      - Controls that are not selected are reported with status V(skipped).
    type: list
    elements: raw
    default: []
  ids:
    description:
      - Audit only these controls, for example V("2.10"). Quote ids in YAML, an unquoted C(2.10) is the number 2.1.
      - An id that is not in the catalog makes the module fail before anything is read from the host.
    type: list
    elements: raw
    default: []
  level:
    description:
      - CIS profile level. V(1) audits only level 1 controls, V(2) audits level 1 and level 2 controls.
    type: int
    choices: [1, 2]
    default: 2
  exclude:
    description:
      - Controls not to audit (status V(skipped)), even when O(sections) or O(ids) select them.
    type: list
    elements: raw
    default: []
  waivers:
    description:
      - Accepted failures. A failing control whose findings are all covered by unexpired waivers gets status
        V(waived) and the waiver's reason and expiry in its result.
      - Each waiver is a mapping with the keys C(id) (required, a control id string), C(reason) (required),
        C(expires) (optional, V(YYYY-MM-DD); the waiver applies until the end of that day), C(container) and C(image)
        (optional shell-style patterns such as V(web-*); the waiver then covers only findings about matching
        containers or images).
      - An expired waiver no longer waives; the result says that it expired.
      - An unknown control id, a waiver without reason or a malformed date makes the module fail before anything is
        read from the host.
    type: list
    elements: dict
    default: []
  today:
    description:
      - The date, V(YYYY-MM-DD), that decides whether a waiver has expired.
      - Defaults to today's date in UTC. The C(hardened.docker.compliance) role passes the run's UTC date, so that
        every host and the reports decide expiry on the same day.
    type: str
  return_state:
    description:
      - Also return the gathered host state as RV(state), for example to record a host as a test fixture.
    type: bool
    default: false
  state_file:
    description:
      - Path on the target of a JSON host state (as returned with O(return_state=true)) to evaluate instead of
        reading the host.
    type: path
  docker_host:
    description:
      - The Docker daemon's unix socket, as V(unix:///path) or V(/path).
      - Defaults to E(DOCKER_HOST) when that names a unix socket, otherwise V(/var/run/docker.sock).
    type: str
notes:
  - The score in RV(summary) is the share of passing automated controls among those that passed or failed.
seealso:
  - name: CIS Docker Benchmark
    description: The benchmark this module implements.
    link: https://www.cisecurity.org/benchmark/docker
author:
  - hardened.docker contributors (@hardened)
"""

EXAMPLES = r"""
- name: Audit the Docker host
  hardened.docker.cis_audit:
  become: true
  register: audit

- name: Audit only level 1 controls of sections 2 and 5, without 5.9
  hardened.docker.cis_audit:
    sections: ["2", "5"]
    level: 1
    exclude: ["5.9"]
  become: true

- name: Accept a finding for some containers until a date
  hardened.docker.cis_audit:
    waivers:
      - id: "5.10"
        container: "monitoring-*"
        reason: Node exporter needs the host network (CHG-1234)
        expires: "2026-12-31"
      - id: "1.1.2"
        reason: alice and bob administer this host
  become: true

- name: Record the host state as a fixture
  hardened.docker.cis_audit:
    return_state: true
  become: true
  register: audit

- name: Evaluate a recorded host state instead of the host
  hardened.docker.cis_audit:
    state_file: /tmp/host_state.json
"""

RETURN = r"""
benchmark_version:
  description: The benchmark version the host was audited against.
  returned: always
  type: str
  sample: "1.6.0"
host:
  description: What was audited.
  returned: always
  type: dict
  contains:
    hostname:
      description: The host's name.
      type: str
      sample: docker-01
    docker_version:
      description: The Docker Engine version from C(/version), null when the Engine API was not reachable.
      type: str
      sample: 26.1.5
    rootless:
      description: Whether the daemon runs rootless.
      type: bool
      sample: false
    socket:
      description: The unix socket used to reach the daemon.
      type: str
      sample: /var/run/docker.sock
results:
  description: One result per control of the catalog, in benchmark order.
  returned: always
  type: list
  elements: dict
  contains:
    id:
      description: The control's id in the audited benchmark version.
      type: str
      sample: "5.5"
    key:
      description: The control's stable key, the same in every benchmark version.
      type: str
      sample: privileged
    benchmark_version:
      description: The benchmark version RV(results[].id) belongs to, the run's.
      type: str
      sample: "1.6.0"
    ids:
      description: The control's id in every benchmark version that has it.
      type: dict
      sample: {"1.6.0": "2.16", "1.7.0": "2.16", "1.8.0": "2.17"}
    title:
      description: The control's title.
      type: str
      sample: No container is privileged
    section:
      description: The top-level section, V("1") to V("7").
      type: str
      sample: "5"
    level:
      description: The CIS profile level, 1 or 2.
      type: int
      sample: 1
    automated:
      description:
        - Whether this collection decides the control (V(pass) or V(fail)); V(false) for controls left to a person
          (V(manual)). Only these count in the score.
      type: bool
      sample: true
    cis_label:
      description:
        - The benchmark's own assessment status, apart from RV(results[].automated). The reference data does not
          confirm these labels (docs/crosswalk.md).
      type: str
      choices: [Automated, Manual, unknown]
      sample: Manual
    status:
      description: The verdict.
      type: str
      choices: [pass, fail, manual, not_applicable, skipped, waived, error]
      sample: fail
    evidence:
      description: What was seen, one line per finding.
      type: list
      elements: str
      sample: ["container web (3f2a1b2c3d4e) HostConfig.Privileged=true"]
    objects:
      description: The offending or related objects (containers, images, paths).
      type: list
      elements: str
      sample: ["container web (3f2a1b2c3d4e)"]
    remediation:
      description: How to fix a failure.
      type: str
    waiver:
      description: The waiver that applied, or that matched but has expired.
      type: dict
      returned: when the status is V(waived), or an expired waiver matched
      contains:
        reason:
          description: Why the finding is accepted.
          type: str
        expires:
          description: The last day the waiver applies, null for no expiry.
          type: str
          sample: "2026-12-31"
        expired:
          description: Whether the waiver has expired (and so did not waive).
          type: bool
summary:
  description: Counts of results by status, and the score.
  returned: always
  type: dict
  contains:
    pass:
      description: Controls that passed.
      type: int
    fail:
      description: Controls that failed.
      type: int
    manual:
      description: Controls that need a person to decide.
      type: int
    not_applicable:
      description: Controls that do not apply to this host.
      type: int
    skipped:
      description: Controls not selected.
      type: int
    waived:
      description: Failures covered by waivers.
      type: int
    error:
      description: Controls that could not be decided.
      type: int
    total:
      description: The number of results.
      type: int
    score:
      description: 100 * pass / (pass + fail) over automated controls, one decimal; 100.0 when there are none.
      type: float
      sample: 87.5
timings:
  description: Seconds spent reading the host (C(gather)) and deciding the controls (C(evaluate)).
  returned: always
  type: dict
  sample: {"gather": 0.84, "evaluate": 0.02}
state:
  description: The gathered host state, in the form O(state_file) reads.
  returned: when O(return_state=true)
  type: dict
"""

import os

from ansible.module_utils.basic import AnsibleModule

from ansible_collections.hardened.docker.plugins.module_utils import _audit_job
from ansible_collections.hardened.docker.plugins.module_utils._catalog import CATALOGS
from ansible_collections.hardened.docker.plugins.module_utils._evaluate import InputError


def run(module: AnsibleModule) -> dict:
    result = _audit_job.run(
        module.params,
        lambda argv: module.run_command(argv, environ_update={"LC_ALL": "C"}),
        dict(os.environ),
    )
    result["changed"] = False
    return result


def main() -> None:
    # The defaults are the audit job's, so that the timer's runner and the module cannot drift apart.
    default = _audit_job.DEFAULTS
    argument_spec = dict(
        sections=dict(type="list", elements="raw", default=default["sections"]),
        ids=dict(type="list", elements="raw", default=default["ids"]),
        level=dict(type="int", choices=[1, 2], default=default["level"]),
        exclude=dict(type="list", elements="raw", default=default["exclude"]),
        waivers=dict(type="list", elements="dict", default=default["waivers"]),
        today=dict(type="str"),
        return_state=dict(type="bool", default=default["return_state"]),
        state_file=dict(type="path"),
        docker_host=dict(type="str"),
        daemon_json=dict(type="path"),
        benchmark_version=dict(type="str", choices=sorted(CATALOGS), default=default["benchmark_version"]),
        api_timeout=dict(type="float", default=default["api_timeout"]),
    )
    module = AnsibleModule(
        argument_spec=argument_spec,
        mutually_exclusive=[("state_file", "docker_host"), ("state_file", "daemon_json")],
        supports_check_mode=True,
    )
    try:
        module.exit_json(**run(module))
    except InputError as exc:
        module.fail_json(msg=str(exc))


if __name__ == "__main__":
    main()
