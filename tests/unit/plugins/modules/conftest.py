"""Shared by the module tests."""

from __future__ import annotations

import pytest
from ansible.module_utils import _internal


@pytest.fixture(autouse=True)
def on_the_target(monkeypatch):
    """Run modules as on a target, where ansible's controller code is not loaded.

    A controller-side test (a filter plugin) that ran first in the same process has loaded it, and
    module_utils would then send warnings to the controller's display instead of the module's result,
    and check module arguments with the controller's configuration.
    """
    monkeypatch.setattr(_internal, "is_controller", False)
    monkeypatch.setattr(_internal, "import_controller_module", lambda _name: None)
