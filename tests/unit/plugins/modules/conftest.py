"""Modules run on the target. Importing any of ansible's controller code (a controller-side
plugin's test, such as tests/unit/plugins/filter, imports ansible.errors) switches the whole
pytest process to controller mode: module.warn() then prints through the controller's Display
instead of returning the warning with the result, and module arguments are decoded with the
controller's checks. Each module test puts the target's mode back."""

from __future__ import annotations

import pytest
from ansible.module_utils import _internal


@pytest.fixture(autouse=True)
def as_on_the_target(monkeypatch):
    monkeypatch.setattr(_internal, "is_controller", False)
    # What the target's ansible.module_utils._internal.import_controller_module does.
    monkeypatch.setattr(_internal, "import_controller_module", lambda _name: None)
