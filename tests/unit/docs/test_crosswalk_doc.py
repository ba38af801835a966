"""docs/crosswalk.md lists every control of every version once, with its ids and what changed (the page is current:
test_generated_docs.py)."""

from __future__ import annotations

import sys
from pathlib import Path

from ansible_collections.hardened.docker.plugins.module_utils._catalog import CATALOGS, DEFAULT_VERSION

ROOT = Path(__file__).resolve().parents[3]
sys.path.insert(0, str(ROOT / "bin"))

import crosswalk_doc  # noqa: E402  (bin/ is not a package)

PAGE = crosswalk_doc.render(CATALOGS, DEFAULT_VERSION)
ROWS = [line for line in PAGE.splitlines() if line.startswith("| `")]


def row(key: str) -> list[str]:
    [line] = [r for r in ROWS if r.startswith(f"| `{key}` |")]
    return [cell.strip() for cell in line.strip("|").split("|")]


def test_one_row_per_control_in_the_newest_order():
    assert len(ROWS) == 118
    assert [r.split("`")[1] for r in ROWS] == [c.key for c in CATALOGS["1.8.0"]]
    assert "CIS Docker Benchmark 1.6.0 ↔ 1.7.0 ↔ 1.8.0" in PAGE and "default\n1.6.0" in PAGE


def test_rows_give_the_ids_of_every_version_and_what_changed():
    assert row("userland_proxy")[1:4] == ["2.16", "2.16", "2.17"]
    assert row("userland_proxy")[-1] == "1.8.0: renumbered from 2.16"
    assert row("no_devicemapper")[1:4] == ["-", "-", "2.7"]
    assert row("no_devicemapper")[6] == "unknown?"
    socket = row("audit_docker_socket")
    assert socket[4] == "Docker socket (docker.sock) is audited"
    assert (
        socket[-1].startswith("1.7.0: audits the Docker socket itself") and "(check `audit_docker_sock`)" in socket[-1]
    )
    assert row("sensitive_mounts")[-1].startswith("1.7.0: /lib64 becomes a sensitive directory")


def test_unsure_facts_are_marked_and_the_label_is_apart_from_what_we_decide():
    proxy = row("userland_proxy")
    assert proxy[5] == "1 · 1 · 1?"  # 1.8.0's level is carried over from 1.7.0
    assert (proxy[6], proxy[7]) == ("Manual?", "yes")
    assert row("host_hardened")[7] == "manual"
