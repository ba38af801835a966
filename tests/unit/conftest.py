"""Make the collection importable as ansible_collections.hardened.docker."""

from __future__ import annotations

import os
import sys

import pytest
from ansible.module_utils import _internal

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
COLLECTIONS = os.path.join(ROOT, ".collections")
LINK = os.path.join(COLLECTIONS, "ansible_collections", "hardened", "docker")

if not os.path.islink(LINK):
    os.makedirs(os.path.dirname(LINK), exist_ok=True)
    os.symlink(ROOT, LINK)
if COLLECTIONS not in sys.path:
    sys.path.insert(0, COLLECTIONS)


@pytest.fixture(autouse=True)
def runs_where_it_would_run(request, monkeypatch):
    """Modules run on the target; importing a controller plugin (tests/unit/plugins/action) must not change that.

    ansible-core routes module warnings to the controller's display once anything controller-side is imported.
    """
    if os.sep + "modules" + os.sep in str(request.path):
        monkeypatch.setattr(_internal, "is_controller", False)
