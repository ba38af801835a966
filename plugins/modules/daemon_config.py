#!/usr/bin/python
# Copyright (c) hardened.docker contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations

DOCUMENTATION = r"""
module: daemon_config
short_description: Manage keys of Docker's daemon.json
version_added: 0.1.0
description:
  - Sets and removes keys of the Docker daemon's configuration file (C(/etc/docker/daemon.json)) and leaves every other
    key as it is.
  - Objects such as C(log-opts) or C(features) are merged key by key; lists and scalars are replaced.
  - Before anything is written, the result is checked against the table of daemon.json keys of Docker Engine 20.10 to
    27 (known keys, types and value forms), against the flags of the running C(dockerd) (a setting given both as a flag
    and in daemon.json stops dockerd from starting), and with C(dockerd --validate) where the installed dockerd has it
    (Docker Engine 23 and later).
  - The file is written atomically, as 2-space indented JSON, keeping the order of the keys already in it. A backup is
    taken before every write.
  - This module does not restart Docker. Use a handler that validates, restarts, waits for the daemon and restores the
    backup on failure, as the P(hardened.docker.daemon#role) role does.
extends_documentation_fragment:
  - hardened.docker.attributes
attributes:
  check_mode:
    support: full
  diff_mode:
    support: full
  idempotent:
    support: full
    details:
      - An empty file, a file that starts with a byte order mark, and one that repeats a key are rewritten
        normalised on the first run (dockerd before 23.0 cannot start with the first two; of repeated keys
        dockerd uses the last, and so does the rewrite).
options:
  path:
    description:
      - The daemon.json to manage.
      - The file is read as dockerd 23+ reads it. A missing or empty file counts as C({}), a UTF-8 or UTF-16 byte
        order mark is accepted, and of a key given twice the last value counts (with a warning). A file that is
        not valid JSON makes the module fail, and the file is left untouched.
      - When O(path) is a symbolic link, the file it points to is written.
    type: path
    default: /etc/docker/daemon.json
  settings:
    description:
      - With O(state=present), daemon.json keys and the values to set, merged into the file.
      - With O(state=absent), the keys to remove; their values are ignored, except that a non-empty object names the
        nested keys to remove (C(log-opts) set to an object with the key C(max-size) removes only C(log-opts.max-size)).
      - Unknown keys, values of the wrong type and malformed values (for example C(log-opts.max-size) that is not a size
        such as V(10m)) make the module fail and name the key and the expected form.
    type: dict
    default: {}
  remove:
    description:
      - Keys to remove from the file, whatever their value. Removing a key that is not there is not a change.
      - A dotted path such as V(log-opts.max-size) removes a nested key; an object left empty is removed as well.
      - With O(state=present), O(remove) is applied before O(settings) are merged.
    type: list
    elements: str
    default: []
  state:
    description:
      - V(present) merges O(settings) into the file and removes the keys in O(remove).
      - V(absent) removes the keys in O(settings) and O(remove).
    type: str
    choices: [present, absent]
    default: present
  backup:
    description:
      - Copy the file, with a timestamp in its name, next to it before it is changed. The copy's path is returned in
        RV(backup_file).
      - The copy is mode C(0600) and owned by the user the module runs as (root), whatever the file's own mode, so that
        no other user can rewrite what a rollback would restore. Restore it with the file's own mode, not the copy's.
    type: bool
    default: true
  validate_with_dockerd:
    description:
      - Run C(dockerd --validate --config-file) on the new content before writing it, when the installed dockerd
        supports C(--validate) (Docker Engine 23 and later, detected from C(dockerd --help)). With older engines,
        the module's own checks are the only validation.
    type: bool
    default: true
  dockerd_argv:
    description:
      - The command line of the dockerd that reads this file, used to find settings given both as a flag and in
        daemon.json (for example C(hosts) in daemon.json while the systemd unit passes C(-H fd://)).
      - When omitted, the module reads it from C(/proc) by finding the running dockerd that reads O(path). When no such
        dockerd runs, this check is skipped.
      - Pass the new command line when the same play changes the unit's C(ExecStart) with a drop-in, because the
        running process still shows the old one until Docker restarts. An empty list means dockerd gets no flags.
    type: list
    elements: str
  engine_info:
    description:
      - The Engine API's C(/info) answer of the daemon that reads this file. When given, the module returns
        RV(image_store), the image store the daemon uses and what C(userns-remap) needs of it.
    type: dict
  owner:
    description:
      - The owner of the file.
    type: str
    default: root
  group:
    description:
      - The group of the file.
    type: str
    default: root
  mode:
    description:
      - The permissions of the file, as an octal string such as V("0644") or in symbolic form.
    type: raw
    default: "0644"
notes:
  - Problems with keys that are already in the file and that this task does not set (a key newer than the module's
    table, a wrong type, a key that conflicts with a flag) produce warnings instead of failures, so that they do not
    block changes to other keys. C(dockerd --validate) still checks the whole file on Docker Engine 23 and later.
  - A key this task sets is checked as it will be written, that is merged with what the file already has under it.
  - C(userns-remap) together with C(features.containerd-snapshotter=true) (in daemon.json or as a C(--feature) flag)
    is refused when this task sets either of them, because the containerd image store cannot be used with user namespace
    remapping (Docker Engine 29 turns it off with a warning, earlier engines break image builds).
seealso:
  - name: Docker daemon configuration file
    description: The keys that daemon.json accepts.
    link: https://docs.docker.com/reference/cli/dockerd/#daemon-configuration-file
author:
  - hardened.docker contributors (@hardened)
"""

EXAMPLES = r"""
- name: "2.2 | PATCH | Restrict network traffic between containers on the default bridge"
  hardened.docker.daemon_config:
    settings:
      icc: false
  notify: Restart docker

- name: Harden the daemon, keeping the keys that are already in daemon.json
  hardened.docker.daemon_config:
    settings:
      live-restore: true
      no-new-privileges: true
      userland-proxy: false
      userns-remap: default
      log-driver: json-file
      log-opts:
        max-size: 10m
        max-file: "3"
  register: daemon_config_result
  notify: Restart docker

- name: Listen on TLS after the unit's -H flag was removed by a drop-in in this play
  hardened.docker.daemon_config:
    settings:
      hosts:
        - fd://
        - tcp://0.0.0.0:2376
      tls: true
      tlsverify: true
      tlscacert: /etc/docker/tls/ca.pem
      tlscert: /etc/docker/tls/server-cert.pem
      tlskey: /etc/docker/tls/server-key.pem
    dockerd_argv:
      - /usr/sbin/dockerd
      - --containerd=/run/containerd/containerd.sock

- name: Drop one log option and a legacy key
  hardened.docker.daemon_config:
    remove:
      - log-opts.max-file
      - graph

- name: Remove keys with state=absent
  hardened.docker.daemon_config:
    state: absent
    settings:
      experimental:
      features:
        containerd-snapshotter:

- name: Show what would change, without changing it
  hardened.docker.daemon_config:
    settings:
      icc: false
  check_mode: true
  diff: true
"""

RETURN = r"""
path:
  description: The daemon.json that was managed.
  returned: always
  type: str
  sample: /etc/docker/daemon.json
config:
  description: The resulting content of the file (in check mode, what it would be).
  returned: always
  type: dict
  sample:
    icc: false
    live-restore: true
    log-opts:
      max-size: 10m
      max-file: "3"
backup_file:
  description: The path of the backup copy.
  returned: when a backup was made
  type: str
  sample: /etc/docker/daemon.json.2468.2026-11-22@07:30:00.k3x9_q2a~
existed:
  description:
    - Whether the file existed before the task. A rollback removes a file that did not exist, and puts back
      from RV(backup_file) one that did.
  returned: always
  type: bool
  sample: true
validated_with:
  description:
    - The checks the new content passed.
    - V(schema) is the module's own key table, V(flags) the check against the dockerd command line, and V(dockerd)
      is C(dockerd --validate).
  returned: always
  type: list
  elements: str
  sample: [schema, flags, dockerd]
image_store:
  description: The image store of the daemon and what C(userns-remap) needs of it, decided as dockerd decides.
  returned: when O(engine_info) is given
  type: dict
  contains:
    in_use:
      description: The image store in use, from C(/info) C(Driver) and C(DriverStatus).
      type: str
      sample: containerd image store (snapshotter overlayfs)
    userns_settings:
      description:
        - The daemon.json keys to write together with C(userns-remap) so that dockerd keeps a graph driver
          (C(features.containerd-snapshotter=false)), or an empty object when nothing is needed.
      type: dict
      sample: {features: {containerd-snapshotter: false}}
    userns_reason:
      description: Why.
      type: str
      sample: Engine 29.1 uses the containerd image store on a fresh data root
diff:
  description: The file's content before and after, as JSON text.
  returned: when diff mode is on
  type: dict
  contains:
    before:
      description: The content before (normalised to 2-space indented JSON); empty when the file did not exist.
      type: str
    after:
      description: The content after.
      type: str
  sample:
    before: "{\n  \"icc\": true\n}\n"
    after: "{\n  \"icc\": false\n}\n"
"""

import os
import tempfile
from typing import Any

from ansible.module_utils.basic import AnsibleModule
from ansible.module_utils.common.text.converters import to_native

from ansible_collections.hardened.docker.plugins.module_utils._daemon_json import (
    DaemonJSON,
    DaemonJSONError,
    backup,
    describe_duplicates,
    load_daemon_json,
    merge_settings,
    remove_keys,
    render,
)
from ansible_collections.hardened.docker.plugins.module_utils._daemon_options import (
    deprecated_keys,
    validate_settings,
)
from ansible_collections.hardened.docker.plugins.module_utils._dockerd_args import (
    CONFIG_FILE_KEY,
    config_file_of,
    flag_conflicts,
    parse_dockerd_args,
)
from ansible_collections.hardened.docker.plugins.module_utils._host_state import find_dockerd_processes
from ansible_collections.hardened.docker.plugins.module_utils._image_store import (
    describe_image_store,
    userns_conflicts,
    userns_plan,
)


class ConfigFileError(Exception):
    pass


def read_config(path: str) -> tuple[bool, str, DaemonJSON]:
    """(exists, raw text, content as dockerd reads it; see _daemon_json). An empty file is ``{}``."""
    try:
        loaded = load_daemon_json(path)
    except OSError as exc:
        raise ConfigFileError(f"cannot read {path}: {to_native(exc)}") from exc
    except DaemonJSONError as exc:
        where = f"is not valid JSON: {exc} at line {exc.line} column {exc.column}" if exc.line else f"is refused: {exc}"
        raise ConfigFileError(f"{path} {where}; the file was left untouched") from exc
    if loaded is None:
        return False, "", DaemonJSON({}, None, False, ())
    raw, parsed = loaded
    return True, raw.decode("utf-8", "replace"), parsed


def absent_paths(settings: dict[str, Any], prefix: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    """Keys named by ``settings`` with state=absent; a non-empty object names nested keys."""
    paths: list[tuple[str, ...]] = []
    for key, value in settings.items():
        if isinstance(value, dict) and value:
            paths.extend(absent_paths(value, (*prefix, key)))
        else:
            paths.append((*prefix, key))
    return paths


def running_dockerd_argv(module: AnsibleModule, path: str) -> list[str] | None:
    """The argv of the running dockerd that reads ``path``, or None."""
    wanted = os.path.realpath(path)
    others = []
    for process in find_dockerd_processes():
        argv_settings, _unknown = parse_dockerd_args(process.argv)
        config_file = config_file_of(argv_settings, process.uid)
        if config_file is None:
            continue
        if os.path.realpath(config_file) == wanted:
            return process.argv
        others.append(f"{process.pid} ({config_file})")
    if others:
        module.warn(
            f"No running dockerd reads {path}; running: {', '.join(others)}. "
            "Changes to this file take effect only for a dockerd started with it."
        )
    return None


def find_dockerd(module: AnsibleModule) -> str | None:
    return module.get_bin_path("dockerd")


def dockerd_validate(module: AnsibleModule, text: str) -> bool:
    """Run ``dockerd --validate`` on ``text``. False when dockerd is missing or too old to validate."""
    dockerd = find_dockerd(module)
    if not dockerd:
        return False
    rc, out, err = module.run_command([dockerd, "--help"])
    if "--validate" not in out + err:
        return False
    fd, candidate = tempfile.mkstemp(prefix="daemon.", suffix=".json", dir=module.tmpdir)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
        rc, out, err = module.run_command([dockerd, "--validate", "--config-file", candidate])
    finally:
        os.unlink(candidate)
    if rc != 0:
        output = "\n".join(part.strip() for part in (err, out) if part.strip()).replace(candidate, "<new daemon.json>")
        module.fail_json(
            msg=f"dockerd --validate rejected the new daemon.json (exit {rc}): {output}",
            errors=[output],
            rc=rc,
            stdout=out,
            stderr=err,
        )
    return True


def write(module: AnsibleModule, path: str, text: str) -> None:
    """Write ``text`` to ``path`` atomically; mode and owner are set afterwards, as for any other file."""
    directory = os.path.dirname(path)
    if not os.path.isdir(directory):
        os.makedirs(directory, 0o755)
    fd, tmp = tempfile.mkstemp(prefix="daemon.", suffix=".json", dir=module.tmpdir)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(text)
        handle.flush()
        os.fsync(handle.fileno())  # the rename must never leave an empty daemon.json after a crash
    module.atomic_move(tmp, path)


def run(module: AnsibleModule) -> dict[str, Any]:
    params = module.params
    path = os.path.realpath(params["path"])
    settings = params["settings"] or {}
    remove = params["remove"] or []
    state = params["state"]

    if os.path.isdir(path):
        module.fail_json(msg=f"{path} is a directory, expected a daemon.json file")
    try:
        exists, raw, parsed = read_config(path)
    except ConfigFileError as exc:
        module.fail_json(msg=str(exc), path=path)
    current = parsed.content
    for note in describe_duplicates(parsed):
        module.warn(f"{path}: {note}; the file is rewritten with that value only")

    if state == "present":
        new = merge_settings(remove_keys(current, remove), settings)
    else:
        new = remove_keys(current, [*remove, *absent_paths(settings)])
    # The keys this task sets, as they will be written (merged with what was there).
    requested = set(settings) if state == "present" else set()
    touched = {key: new[key] for key in new if key in requested}
    untouched = {key: new[key] for key in new if key not in requested}

    # Schema: errors for what this task sets, warnings for what was already there.
    validated_with = ["schema"]
    errors = validate_settings(touched)
    if errors:
        module.fail_json(msg="Invalid daemon.json settings: " + " | ".join(errors), errors=errors, path=path)
    for note in deprecated_keys(touched):
        module.warn(note)
    for message in validate_settings(untouched):
        module.warn(f"{path}: {message} (already in the file; left as it is)")

    # Settings given both as a dockerd flag and in daemon.json.
    argv = params["dockerd_argv"]
    if argv is None:
        argv = running_dockerd_argv(module, path)
    if argv is not None:
        argv_settings, _unknown = parse_dockerd_args(argv)
        argv_settings.pop(CONFIG_FILE_KEY, None)
        conflicts = flag_conflicts(touched, argv_settings)
        if conflicts:
            module.fail_json(msg=" | ".join(conflicts), errors=conflicts, path=path)
        for message in flag_conflicts(untouched, argv_settings):
            module.warn(f"{path}: {message}")
        validated_with.append("flags")
    else:
        argv_settings = {}

    # userns-remap with the containerd image store: an error when this task sets either key.
    for message in userns_conflicts(new, argv_settings):
        if requested & {"userns-remap", "features"}:
            module.fail_json(msg=message, errors=[message], path=path)
        module.warn(f"{path}: {message}")

    # An empty file or a byte order mark stops dockerd before 23.0, and repeated keys hide which
    # value counts: rewrite such a file normalised even though its content does not change.
    needs_write = new != current or parsed.empty or bool(parsed.bom) or bool(parsed.duplicates)
    text = render(new)
    result: dict[str, Any] = {
        "changed": False,
        "path": path,
        "existed": exists,
        "config": new,
        "validated_with": validated_with,
    }
    info = params["engine_info"]
    if info is not None:
        plan = userns_plan(new, argv_settings, info)
        result["image_store"] = {
            "in_use": describe_image_store(info),
            "userns_settings": plan.settings,
            "userns_reason": plan.reason,
        }

    if needs_write:
        if params["validate_with_dockerd"] and dockerd_validate(module, text):
            validated_with.append("dockerd")
        result["changed"] = True
        if not module.check_mode:
            if params["backup"] and exists:
                try:
                    result["backup_file"] = backup(path)
                except OSError as exc:
                    module.fail_json(
                        msg=f"cannot back up {path}: {to_native(exc)}; the file was left untouched", **result
                    )
            try:
                write(module, path, text)
            except Exception as exc:  # atomic_move raises Exception, with the OSError as its cause
                cause = exc.__cause__
                detail = f" ({to_native(cause)})" if cause is not None else ""
                module.fail_json(msg=f"cannot write {path}: {to_native(exc)}{detail}", **result)

    if exists or (needs_write and not module.check_mode):
        file_args = module.load_file_common_arguments(
            {"path": path, "mode": params["mode"], "owner": params["owner"], "group": params["group"]}
        )
        result["changed"] = module.set_fs_attributes_if_different(file_args, result["changed"])

    if module._diff:
        result["diff"] = {
            "before_header": path,
            "after_header": path,
            # A missing file shows as empty, an empty one as it is, anything else normalised.
            "before": raw if parsed.empty or not exists else render(current),
            "after": text if needs_write or exists else "",
        }
    return result


def main() -> None:
    argument_spec = dict(
        path=dict(type="path", default="/etc/docker/daemon.json"),
        settings=dict(type="dict", default={}),
        remove=dict(type="list", elements="str", default=[]),
        state=dict(type="str", choices=["present", "absent"], default="present"),
        backup=dict(type="bool", default=True),
        validate_with_dockerd=dict(type="bool", default=True),
        dockerd_argv=dict(type="list", elements="str"),
        engine_info=dict(type="dict"),
        owner=dict(type="str", default="root"),
        group=dict(type="str", default="root"),
        mode=dict(type="raw", default="0644"),
    )
    module = AnsibleModule(argument_spec=argument_spec, supports_check_mode=True)
    module.exit_json(**run(module))


if __name__ == "__main__":
    main()
