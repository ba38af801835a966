"""The lab platforms the molecule scenarios run on are the ones `make images` builds and the docs list."""

from __future__ import annotations

import re
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[3]


def platform_suites() -> list[str]:
    config = yaml.safe_load((ROOT / ".config" / "molecule" / "config.yml").read_text())
    return [platform["image"].split(":", 1)[1] for platform in config["platforms"]]


def test_every_platform_has_its_own_image_and_name():
    config = yaml.safe_load((ROOT / ".config" / "molecule" / "config.yml").read_text())
    suites = platform_suites()
    assert suites == ["bookworm", "trixie", "sid"]
    for platform, suite in zip(config["platforms"], suites):
        # Test-host names are per scenario and platform, so that scenarios run side by side.
        assert platform["name"] == f"{suite}-${{MOLECULE_SCENARIO_NAME}}"
        assert platform["groups"] == ["lab", suite]


def test_images_sh_builds_every_platform_by_default():
    script = (ROOT / "lab" / "images.sh").read_text()
    default = re.search(r"^\[ \$\{#suites\[@\]\} -gt 0 \] \|\| suites=\(([^)]*)\)$", script, re.MULTILINE)
    assert default, "lab/images.sh has no default suite list"
    assert default.group(1).split() == platform_suites()


def test_lab_up_rotates_through_every_platform():
    script = (ROOT / "lab" / "lab.sh").read_text()
    suites = re.search(r"^LAB_SUITES=\(([^)]*)\)$", script, re.MULTILINE)
    assert suites, "lab/lab.sh has no LAB_SUITES list"
    assert suites.group(1).split() == platform_suites()


def test_only_sid_skips_apts_valid_until_check():
    script = (ROOT / "lab" / "image" / "build.sh").read_text()
    branch = script.index('if [ "$suite" = sid ]; then')
    setting = script.index('Acquire::Check-Valid-Until "false";')
    assert branch < setting < script.index("\nelse\n", branch), "the Valid-Until exception must be sid's alone"
    assert script.count("Check-Valid-Until") == 1


def test_docs_list_every_platform():
    table = (ROOT / "docs" / "lab.md").read_text()
    for suite in platform_suites():
        assert f"| `{suite}-<scenario>` |" in table, f"docs/lab.md does not list the {suite} platform"
