#!/usr/bin/python
# Copyright (c) hardened.docker contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations

DOCUMENTATION = r"""
module: host_info
short_description: Describe a Docker host, and the fix of each CIS control, as the audit sees them
version_added: 0.2.0
description:
  - Reads the Docker host as M(hardened.docker.cis_audit) does (daemon.json, the running C(dockerd)'s flags, the Engine
    API's C(/info) and C(/version), systemd's unit paths, the files of section 3, the audit rules), without
    inspecting containers or images, and returns what the roles need to fix it.
  - The data root, the unit files, the containerd socket and the binaries are found as the checks find them, for
    example the data root from C(/info) DockerRootDir, which follows a C(--data-root) flag.
  - For each control of sections 1.1, 2 and 3 it returns the remediation entry of the control's check in the
    catalog (the audit rule lines, the owner and the mode mask of each file, the daemon.json settings), so that a role
    writes exactly what the check looks for.
  - The fixes are keyed by the control's stable key in the catalog (V(userland_proxy)), not by its CIS id, which
    differs between benchmark versions (2.16 in 1.6.0, 2.17 in 1.8.0). O(benchmark_version) decides only which
    version's remediation each control gets.
  - With O(rootless_user) it describes that user's rootless daemon instead of the system's.
  - Only Python's standard library is needed on the target. Run it as root (C(become=true)) to read the Docker socket
    and the audit rules.
extends_documentation_fragment:
  - hardened.docker.attributes
  - hardened.docker.engine
  - hardened.docker.attributes.info_module
options:
  socket:
    description:
      - The Docker daemon's unix socket.
      - Defaults to V(/var/run/docker.sock), or to V(/run/user/UID/docker.sock) of O(rootless_user).
    type: path
  rootless_user:
    description:
      - Describe this user's rootless daemon, its socket in C(/run/user/UID), its daemon.json under
        C(~/.config/docker) and its units under C(~/.config/systemd/user) or C(/usr/lib/systemd/user).
    type: str
  audit_key:
    description:
      - The key (C(-k)) of the audit rules in RV(host.audit).
      - 1 to 31 letters, digits, C(_) or C(-).
    type: str
    default: docker
  audit_perms:
    description:
      - The permissions a file watch in RV(host.audit) records (C(-p)); a syscall rule takes them without C(x).
      - Letters from C(rwxa), with at least C(w) and C(a), which the checks require.
    type: str
    default: rwxa
seealso:
  - module: hardened.docker.cis_audit
author:
  - hardened.docker contributors (@hardened)
"""

EXAMPLES = r"""
- name: Describe the Docker host
  hardened.docker.host_info:
  become: true
  register: docker_host

- name: Show the audit rule that fixes 1.1.5 (the data root, key audit_data_root)
  ansible.builtin.debug:
    msg: "{{ docker_host.host.audit['audit_data_root'] | map(attribute='rules') | flatten }}"

- name: Describe alice's rootless daemon
  hardened.docker.host_info:
    rootless_user: alice
  become: true
"""

RETURN = r"""
host:
  description: The host, as the checks of M(hardened.docker.cis_audit) see it, and the fix of each control.
  returned: always
  type: dict
  contains:
    engine:
      description: The Engine API.
      type: dict
      sample: {"version": "26.1.5", "api_version": "1.45", "reachable": true, "error": null, "info": {}}
      contains:
        version:
          description: C(/version) Version, null when the API was not reached.
          type: str
        api_version:
          description: C(/version) ApiVersion, null when the API was not reached.
          type: str
        reachable:
          description: Whether the Engine API answered.
          type: bool
        error:
          description: Why the Engine API could not be read, null when it was.
          type: str
        info:
          description: The C(/info) document, empty when the API was not reached.
          type: dict
    daemon_json:
      description: The daemon.json the daemon reads.
      type: dict
      sample: {"path": "/etc/docker/daemon.json", "exists": true, "config": {"icc": false}, "error": null}
    effective_config:
      description: daemon.json merged with C(dockerd)'s command-line flags (flags win, as in moby).
      type: dict
      sample: {"data-root": "/srv/docker", "icc": false}
    data_root:
      description: The data root as C(dockerd) decides it (its flag, then daemon.json, then the default), without the
        C(userns-remap) subdirectory. Null when no C(dockerd) runs and daemon.json does not name it, since its flags are
        then unknown.
      type: str
      sample: /var/lib/docker
    exec_root:
      description: The exec root (null when it cannot be known, as for RV(host.data_root)).
      type: str
      sample: /var/run/docker
    units:
      description: The unit files of C(docker.service) and C(docker.socket) (null when there is none).
      type: dict
      sample: {"docker.service": "/lib/systemd/system/docker.service", "docker.socket": null}
    docker_socket:
      description: The Docker socket.
      type: str
      sample: /run/docker.sock
    containerd_socket:
      description: The containerd socket C(dockerd) uses, null when C(dockerd)'s flags are unknown.
      type: str
      sample: /run/containerd/containerd.sock
    binaries:
      description: Where each engine binary is installed, null when it is not.
      type: dict
      sample: {"dockerd": "/usr/sbin/dockerd", "runc": "/usr/sbin/runc", "containerd-shim": null}
    docker_group:
      description: The docker group.
      type: dict
      sample: {"exists": true, "gid": 999, "members": ["alice"]}
    subids:
      description: The ranges of C(/etc/subuid) and C(/etc/subgid), by file; null when a file cannot be read.
      type: dict
      sample: {"/etc/subuid": [{"name": "dockremap", "start": 100000, "count": 65536}], "/etc/subgid": []}
    image_store:
      description: The image store of the running daemon.
      type: str
      choices: [snapshotter, graphdriver, unknown]
    rootless:
      description: Whether the described daemon is rootless, its user's uid and home.
      type: dict
      sample: {"enabled": false, "uid": null, "home": null}
    audit:
      description:
        - Per control key of section 1.1 (1.1.3 to 1.1.18), the audited path and the exact rule lines that make the
          control pass (C(rules)), and the same rules as C(auditctl -l) lists them (C(loaded)).
        - Paths are real locations (symlinks resolved); C(found_as) is the path as found, when it differs.
        - An empty list when the path does not exist; RV(host.notes) says why.
      type: dict
      sample: {"audit_data_root": [{"path": "/var/lib/docker", "exists": true, "found_as": null,
               "rules": ["-w /var/lib/docker -p rwxa -k docker"], "loaded": ["-w /var/lib/docker -p rwxa -k docker"]}]}
    files:
      description:
        - Per control key of section 3, each file with the owner and group it must have (C(group) null means any
          group) and C(mask), the mode bits allowed (the fix is mode & mask).
        - Its current C(mode), C(uid) and C(gid), null when it does not exist.
      type: dict
      sample: {"docker_sock_owner": [{"path": "/run/docker.sock", "exists": true, "owner": "root", "group": "docker",
               "mask": "1660", "mode": "0660", "uid": 0, "gid": 999}]}
    daemon_settings:
      description:
        - Per control key, the daemon.json settings that fix it, as a JSON merge patch (RFC 7396; null removes a key).
        - Values a role makes configurable (C(default-ulimits), C(authorization-plugins), C(log-driver) and
          C(log-opts)) are the benchmark's examples, for the role to replace with its variables.
      type: dict
      sample: {"icc": {"icc": false}, "log_level": {"log-level": "info", "debug": null}}
    notes:
      description: Per control key, why RV(host.audit) or RV(host.files) has no existing path for it.
      type: dict
      sample: {"audit_sysconfig_docker": "/etc/sysconfig/docker does not exist on this host"}
"""

import pwd
import re

from ansible.module_utils.basic import AnsibleModule

from ansible_collections.hardened.docker.plugins.module_utils._catalog import CATALOGS, DEFAULT_VERSION
from ansible_collections.hardened.docker.plugins.module_utils._docker_api import DEFAULT_SOCKET
from ansible_collections.hardened.docker.plugins.module_utils._evaluate import InputError, catalog_for
from ansible_collections.hardened.docker.plugins.module_utils._host_info import describe, extra_paths, read_subids
from ansible_collections.hardened.docker.plugins.module_utils._host_state import _stat, gather

_AUDIT_KEY = re.compile(r"^[A-Za-z0-9_-]{1,31}$")
_AUDIT_PERMS = re.compile(r"^[rwxa]{1,4}$")


def check_params(params: dict) -> None:
    """InputError naming every bad option."""
    problems = []
    if not _AUDIT_KEY.match(params["audit_key"] or ""):
        problems.append(f"audit_key must be 1 to 31 letters, digits, '_' or '-'; got {params['audit_key']!r}")
    perms = params["audit_perms"] or ""
    if not _AUDIT_PERMS.match(perms) or "w" not in perms or "a" not in perms:
        problems.append(f"audit_perms must be letters from 'rwxa' and include w and a; got {perms!r}")
    if problems:
        raise InputError("; ".join(problems))


def socket_for(params: dict) -> str:
    """The socket to read: the option, else the rootless user's, else the system's."""
    if params["socket"]:
        return params["socket"]
    user = params["rootless_user"]
    if not user:
        return DEFAULT_SOCKET
    try:
        uid = pwd.getpwnam(user).pw_uid
    except KeyError:
        raise InputError(f"rootless_user {user!r} is not a user on this host; create the user first") from None
    return f"/run/user/{uid}/docker.sock"


def run(module: AnsibleModule) -> dict:
    params = module.params
    check_params(params)
    catalog = catalog_for(params["benchmark_version"])
    state = gather(
        socket_for(params),
        lambda argv: module.run_command(argv, environ_update={"LC_ALL": "C"}),
        daemon_json=params["daemon_json"],
        api_timeout=params["api_timeout"],
        objects=False,
    )
    state["paths"].update({path: _stat(path) for path in extra_paths(state)})
    host = describe(state, catalog, read_subids(), params["audit_key"], params["audit_perms"])
    return {"changed": False, "host": host}


def main() -> None:
    argument_spec = dict(
        socket=dict(type="path"),
        daemon_json=dict(type="path"),
        rootless_user=dict(type="str"),
        audit_key=dict(type="str", default="docker", no_log=False),
        audit_perms=dict(type="str", default="rwxa"),
        benchmark_version=dict(type="str", choices=sorted(CATALOGS), default=DEFAULT_VERSION),
        api_timeout=dict(type="float", default=10.0),
    )
    module = AnsibleModule(argument_spec=argument_spec, supports_check_mode=True)
    try:
        module.exit_json(**run(module))
    except InputError as exc:
        module.fail_json(msg=str(exc))


if __name__ == "__main__":
    main()
