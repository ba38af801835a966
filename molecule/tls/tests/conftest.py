"""Fixtures of the tls scenario's tests; the helpers are in tls_helpers.py."""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture
def empty_home(tmp_path: Path) -> Path:
    """A HOME without ~/.docker, so that the docker CLI uses only the TLS files a test gives it."""
    home = tmp_path / "home"
    home.mkdir()
    return home
