"""execution-environment.yml: ansible-builder 3 writes a build context from it (no image is built here)."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import tarfile
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[3]
# requirements.txt pins ansible-builder in the dev venv; the matrix's venvs find it on PATH.
_BESIDE = Path(sys.executable).with_name("ansible-builder")
BUILDER = str(_BESIDE) if _BESIDE.exists() else shutil.which("ansible-builder")
pytestmark = pytest.mark.skipif(BUILDER is None, reason="ansible-builder is not on PATH (make venv installs it)")


def run(*command: str, cwd: Path) -> str:
    done = subprocess.run(command, cwd=cwd, capture_output=True, text=True, timeout=300, check=False)
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout


@pytest.fixture(scope="module")
def context(tmp_path_factory) -> Path:
    """`make ee-context` in a scratch directory: the collection tarball, then ansible-builder create."""
    work = tmp_path_factory.mktemp("ee")
    shutil.copy(ROOT / "execution-environment.yml", work)
    out = work / ".cache" / "ee"
    galaxy = Path(sys.executable).with_name("ansible-galaxy")
    run(str(galaxy), "collection", "build", "--output-path", str(out), str(ROOT), cwd=work)
    (tarball,) = out.glob("hardened-docker-*.tar.gz")
    tarball.rename(out / "hardened-docker.tar.gz")
    run(
        BUILDER,
        "create",
        "-f",
        "execution-environment.yml",
        "-c",
        "context",
        "--output-filename",
        "Containerfile",
        cwd=work,
    )
    return work / "context"


def test_context_installs_the_pinned_ansible_core(context):
    pin = re.search(r"^ansible-core==\S+$", (ROOT / "requirements.txt").read_text(), re.MULTILINE).group(0)
    refs = re.search(r'^ARG ANSIBLE_INSTALL_REFS="([^"]*)"', (context / "Containerfile").read_text(), re.MULTILINE)
    assert pin in refs.group(1).split()


def test_context_carries_this_collection_and_its_dependencies(context):
    with tarfile.open(context / "_build" / "collections" / "hardened-docker.tar.gz") as tar:
        manifest = json.load(tar.extractfile("MANIFEST.json"))["collection_info"]
        assert "meta/execution-environment.yml" in tar.getnames()
    galaxy = yaml.safe_load((ROOT / "galaxy.yml").read_text())
    assert (manifest["namespace"], manifest["name"], manifest["version"]) == ("hardened", "docker", galaxy["version"])
    wanted = yaml.safe_load((context / "_build" / "requirements.yml").read_text())["collections"]
    # requirements.yml names the tarball relative to /build, where the galaxy stage copies _build/.
    assert {"name": "collections/hardened-docker.tar.gz", "type": "file"} in wanted
    versions = {entry["name"]: entry.get("version") for entry in wanted}
    for name, version in galaxy["dependencies"].items():
        assert versions[name] == version, f"execution-environment.yml asks for {name} {versions.get(name)}"


def test_introspection_takes_nothing_from_the_dev_tooling():
    """meta/execution-environment.yml keeps ansible-builder from reading our requirements.txt as the collection's."""
    output = run(BUILDER, "introspect", str(ROOT / ".collections"), cwd=ROOT)
    assert yaml.safe_load(output.split("---", 1)[1]) == {"python": [], "system": []}
