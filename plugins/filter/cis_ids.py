# Copyright (c) hardened.docker contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""CIS ids and the catalog's stable keys, for the roles' toggles and tags (the catalog is the one source).

Toggles are named by key (``daemon_cis_userns``); the unqualified tags (``cis_2.9``) keep their
1.6.0 meaning, the id they had before ids were per version. ``cis_key`` maps an id of a version to
its key; ``cis_toggle_renames`` says what each old id-named toggle is now called;
``cis_tag_warnings`` explains the unqualified tags whose id is another control in the newest version;
``cis_tags`` lists the tags a control's task carries (tests/unit/roles/test_control_tags.py holds the
roles' tasks to it).
"""

from __future__ import annotations

import re
from typing import Any

from ansible.errors import AnsibleFilterError

from ansible_collections.hardened.docker.plugins.module_utils._catalog import CATALOGS, VERSIONS

# The version whose ids the unqualified tags and the old toggle names use.
PINNED_VERSION = VERSIONS[0]
NEWEST_VERSION = VERSIONS[-1]
_OLD_TOGGLE = re.compile(r"^(?P<role>[a-z]+)_cis_(?P<id>[0-9]+(?:_[0-9]+)+)$")
_UNQUALIFIED_TAG = re.compile(r"^cis_(?P<id>[0-9]+(?:\.[0-9]+)+)$")


def _keys(version: str) -> dict[str, str]:
    if version not in CATALOGS:
        raise AnsibleFilterError(f"cis_key: unknown benchmark version {version!r}; use one of {', '.join(VERSIONS)}")
    return {control.id: control.key for control in CATALOGS[version]}


def cis_key(control_id: Any, version: str = PINNED_VERSION) -> str:
    """The stable key of `control_id` in `version`: '2.9' | cis_key('1.6.0') is 'userns'."""
    key = _keys(version).get(str(control_id))
    if key is None:
        raise AnsibleFilterError(f"cis_key: {control_id!r} is not a control id of CIS Docker Benchmark {version}")
    return key


def cis_id(key: Any, version: str = PINNED_VERSION, default: str | None = None) -> str:
    """The id of the control `key` in `version`: 'userns' | cis_id('1.8.0') is '2.10'.

    `default` is the answer for a control the version does not have (instead of an error).
    """
    ids = {key: control_id for control_id, key in _keys(version).items()}
    if key not in ids:
        if default is not None:
            return default
        raise AnsibleFilterError(f"cis_id: {key!r} is not the key of a control of CIS Docker Benchmark {version}")
    return ids[key]


def cis_tags(key: Any) -> list[str]:
    """The cis_* tags of a task that fixes control `key`: its key, its id in each version, its pinned id."""
    ids = next((control.ids for control in CATALOGS[NEWEST_VERSION] if control.key == key), None)
    if ids is None:
        raise AnsibleFilterError(
            f"cis_tags: {key!r} is not the key of a control of CIS Docker Benchmark {NEWEST_VERSION}"
        )
    pinned = [f"cis_{ids[PINNED_VERSION]}"] if PINNED_VERSION in ids else []
    return [f"cis_{key}", *(f"cis_{version}_{control_id}" for version, control_id in ids.items()), *pinned]


def cis_toggle_renames(names: Any) -> list[str]:
    """For each old toggle name (daemon_cis_2_9), what it is called now, as one sentence each."""
    if not isinstance(names, (list, tuple)):
        raise AnsibleFilterError(f"cis_toggle_renames: expected a list of variable names, got {type(names).__name__}")
    keys = _keys(PINNED_VERSION)
    sentences = []
    for name in names:
        match = _OLD_TOGGLE.match(str(name))
        if not match:
            continue
        control_id = match["id"].replace("_", ".")
        key = keys.get(control_id)
        if key:
            sentences.append(f"rename {name} to {match['role']}_cis_{key}")
        else:
            sentences.append(f"remove {name} ({control_id} is no control of CIS Docker Benchmark {PINNED_VERSION})")
    return sentences


def cis_tag_warnings(run_tags: Any) -> list[str]:
    """For each unqualified cis_<id> tag that names another control in the newest version, what it selects."""
    pinned, newest = _keys(PINNED_VERSION), _keys(NEWEST_VERSION)
    warnings = []
    for tag in run_tags or ():
        match = _UNQUALIFIED_TAG.match(str(tag))
        if not match:
            continue
        control_id = match["id"]
        old, new = pinned.get(control_id), newest.get(control_id)
        if new is None or old == new:
            continue
        selects = (
            f"selects {old} (its {PINNED_VERSION} id)"
            if old
            else f"selects nothing (no {PINNED_VERSION} control has that id)"
        )
        warnings.append(
            f"--tags {tag} {selects}; in CIS {NEWEST_VERSION}, {control_id} is {new}: "
            f"use cis_{NEWEST_VERSION}_{control_id} or cis_{new}"
        )
    return warnings


class FilterModule:
    def filters(self) -> dict:
        return {
            "cis_key": cis_key,
            "cis_id": cis_id,
            "cis_tags": cis_tags,
            "cis_toggle_renames": cis_toggle_renames,
            "cis_tag_warnings": cis_tag_warnings,
        }
