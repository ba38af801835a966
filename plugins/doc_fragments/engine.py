# Copyright (c) hardened.docker contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Options shared by the modules that read the Docker engine's state (cis_audit, host_info)."""

from __future__ import annotations


class ModuleDocFragment:
    DOCUMENTATION = r"""
options:
  daemon_json:
    description:
      - The daemon.json to read.
      - Defaults to the file given to the running C(dockerd) with C(--config-file), else
        V(~/.config/docker/daemon.json) of the daemon's user for a rootless daemon, else V(/etc/docker/daemon.json).
    type: path
  benchmark_version:
    description:
      - The version of the CIS Docker Benchmark whose controls are audited or described.
      - Each control keeps a stable key across versions; its id is the one this version gives it (1.8.0's new 2.7,
        devicemapper, moves 1.7.0's 2.7 to 2.18 to 2.8 to 2.19). docs/crosswalk.md lists them side by side.
    type: str
    choices: ["1.6.0", "1.7.0", "1.8.0"]
    default: "1.6.0"
  api_timeout:
    description:
      - Seconds to wait for each answer of the Engine API.
    type: float
    default: 10
"""
