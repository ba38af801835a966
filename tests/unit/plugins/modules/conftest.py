"""Modules run on the target. Importing any of ansible's controller code (a controller-side
plugin's test, such as tests/unit/plugins/filter, imports ansible.errors) switches the whole
pytest process to controller mode: module.warn() then prints through the controller's Display
instead of returning the warning with the result, and module arguments are decoded with the
controller's checks. Each module test puts the target's mode back."""

from __future__ import annotations

import json
from types import ModuleType
from typing import Any, Callable

import pytest
from ansible.module_utils import _internal
from ansible.module_utils.testing import patch_module_args


@pytest.fixture(autouse=True)
def as_on_the_target(monkeypatch):
    monkeypatch.setattr(_internal, "is_controller", False)
    # What the target's ansible.module_utils._internal.import_controller_module does.
    monkeypatch.setattr(_internal, "import_controller_module", lambda _name: None)


@pytest.fixture()
def module_runner(tmp_path, capsys) -> Callable[[ModuleType], Callable[..., dict[str, Any]]]:
    """module_runner(module)(**args): run the module's main() and return its JSON result (check mode on request)."""
    module_tmp = tmp_path / "module-tmp"
    module_tmp.mkdir()

    def runner(module: ModuleType) -> Callable[..., dict[str, Any]]:
        def _run(check_mode: bool = False, **args: Any) -> dict[str, Any]:
            args["_ansible_check_mode"] = check_mode
            args["_ansible_tmpdir"] = str(module_tmp)
            with patch_module_args(args), pytest.raises(SystemExit) as exc:
                module.main()
            result = json.loads(capsys.readouterr().out)
            assert (exc.value.code == 1) == bool(result.get("failed")), result
            return result

        return _run

    return runner
