# Copyright (c) hardened.docker contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Shared ``attributes:`` documentation for the modules of hardened.docker.

Use ``hardened.docker.attributes`` in every module; it defines what the
attributes mean. A module then states its support level in its own
``attributes:`` block, or, when it only reads, adds
``hardened.docker.attributes.info_module``.
"""

from __future__ import annotations


class ModuleDocFragment:
    # Base fragment: what each attribute means. Modules state their support.
    DOCUMENTATION = r"""
options: {}
attributes:
  check_mode:
    description:
      - Can run in check mode, and then reports whether it would change anything without changing the target.
  diff_mode:
    description:
      - In diff mode, returns what changed, or what would change in check mode.
  idempotent:
    description:
      - Run twice in a row with the same arguments (outside check mode), the second run reports no change.
      - This assumes nothing else changed the relevant state on the target in between.
"""

    # For a module that only reads (use together with the base fragment).
    INFO_MODULE = r"""
options: {}
attributes:
  check_mode:
    support: full
    details:
      - This module only reads from the target, so check mode changes nothing about how it runs.
  diff_mode:
    support: N/A
    details:
      - This module does not change the target.
  idempotent:
    support: full
    details:
      - This module does not change the target.
"""
