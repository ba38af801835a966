from __future__ import annotations

import grp
import json
import os
import pwd
import shutil
import stat
from pathlib import Path

import pytest
from ansible.module_utils.common import warnings as module_warnings
from ansible.module_utils.testing import patch_module_args

from ansible_collections.hardened.docker.plugins.module_utils._host_state import DockerdProcess
from ansible_collections.hardened.docker.plugins.modules import daemon_config

FIXTURES = Path(__file__).resolve().parents[3] / "fixtures" / "daemon"
ARGV = json.loads((FIXTURES / "argv.json").read_text())
OWNER = pwd.getpwuid(os.getuid()).pw_name
GROUP = grp.getgrgid(os.getgid()).gr_name


@pytest.fixture(autouse=True)
def no_real_docker(monkeypatch):
    """Never run this machine's dockerd or read its processes, unless a test says so."""
    monkeypatch.setattr(daemon_config, "find_dockerd", lambda module: None)
    monkeypatch.setattr(daemon_config, "find_dockerd_processes", lambda: [])


@pytest.fixture()
def run(tmp_path, capsys, monkeypatch):
    module_tmp = tmp_path / "module-tmp"
    module_tmp.mkdir()

    def _run(path, check_mode=False, diff=False, **args):
        args.setdefault("owner", OWNER)
        args.setdefault("group", GROUP)
        args.setdefault("dockerd_argv", [])
        args["path"] = str(path)
        args["_ansible_check_mode"] = check_mode
        args["_ansible_diff"] = diff
        args["_ansible_tmpdir"] = str(module_tmp)
        monkeypatch.setattr(module_warnings, "_global_warnings", {})  # warnings are per process
        with patch_module_args(args), pytest.raises(SystemExit) as exc:
            daemon_config.main()
        result = json.loads(capsys.readouterr().out)
        result["warnings"] = [w if isinstance(w, str) else w["event"]["msg"] for w in result.get("warnings", [])]
        assert (exc.value.code == 1) == bool(result.get("failed")), result
        return result

    return _run


def put(tmp_path, fixture, name="daemon.json"):
    target = tmp_path / "etc" / "docker" / name
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(FIXTURES / fixture, target)
    return target


def load(path):
    return json.loads(Path(path).read_text())


def backups(path):
    return sorted(p for p in Path(path).parent.iterdir() if p.name.startswith(Path(path).name + "."))


# --------------------------------------------------------------------------
# Merging, removing, writing
# --------------------------------------------------------------------------


def test_merge_preserves_user_keys_and_order(tmp_path, run):
    path = put(tmp_path, "user-keys.json")
    result = run(path, settings={"icc": False, "log-opts": {"max-file": "3"}})
    assert result["changed"] is True
    content = load(path)
    assert list(content) == ["registry-mirrors", "data-root", "log-driver", "log-opts", "storage-opts", "icc"]
    assert content["registry-mirrors"] == ["https://mirror.lab.example"]
    assert content["data-root"] == "/srv/docker"
    assert content["log-opts"] == {"max-size": "50m", "labels": "production_status", "max-file": "3"}
    assert content["icc"] is False
    assert result["config"] == content
    assert result["path"] == str(path)
    assert result["validated_with"] == ["schema", "flags"]
    assert result["warnings"] == []


def test_written_as_two_space_json_with_trailing_newline(tmp_path, run):
    path = put(tmp_path, "user-keys.json")
    run(path, settings={"icc": False})
    text = path.read_text()
    assert text == json.dumps(load(path), indent=2) + "\n"
    assert text.startswith('{\n  "registry-mirrors": [\n    "https://mirror.lab.example"\n  ],\n')


def test_lists_are_replaced_not_appended(tmp_path, run):
    path = put(tmp_path, "user-keys.json")
    run(path, settings={"registry-mirrors": ["https://other.example"], "log-opts": {"max-size": "10m"}})
    content = load(path)
    assert content["registry-mirrors"] == ["https://other.example"]
    assert content["log-opts"] == {"max-size": "10m", "labels": "production_status"}


def test_remove_top_level_and_nested(tmp_path, run):
    path = put(tmp_path, "user-keys.json")
    result = run(path, remove=["storage-opts", "log-opts.labels", "not-there"])
    assert result["changed"] is True
    content = load(path)
    assert "storage-opts" not in content
    assert content["log-opts"] == {"max-size": "50m"}
    assert content["data-root"] == "/srv/docker"


def test_remove_then_merge(tmp_path, run):
    path = put(tmp_path, "user-keys.json")
    run(path, remove=["log-opts"], settings={"log-opts": {"max-size": "10m"}})
    assert load(path)["log-opts"] == {"max-size": "10m"}


def test_state_absent_removes_keys_named_in_settings(tmp_path, run):
    path = put(tmp_path, "hardened.json")
    result = run(path, state="absent", settings={"icc": None, "log-opts": {"max-file": ""}}, remove=["userns-remap"])
    assert result["changed"] is True
    content = load(path)
    assert "icc" not in content
    assert "userns-remap" not in content
    assert content["log-opts"] == {"max-size": "10m"}
    assert content["live-restore"] is True


def test_state_absent_with_an_empty_object_removes_the_whole_key(tmp_path, run):
    path = put(tmp_path, "hardened.json")
    run(path, state="absent", settings={"log-opts": {}})
    assert "log-opts" not in load(path)


def test_state_absent_of_missing_keys_is_no_change(tmp_path, run):
    path = put(tmp_path, "hardened.json")
    before = path.read_bytes()
    result = run(path, state="absent", settings={"debug": True}, remove=["experimental"])
    assert result["changed"] is False
    assert path.read_bytes() == before
    assert backups(path) == []


def test_second_run_is_not_a_change_and_does_not_write(tmp_path, run):
    path = put(tmp_path, "user-keys.json")
    settings = {"icc": False, "live-restore": True, "log-opts": {"max-size": "10m", "max-file": "3"}}
    first = run(path, settings=settings)
    assert first["changed"] is True
    inode, mtime = path.stat().st_ino, path.stat().st_mtime_ns
    count = len(backups(path))
    second = run(path, settings=settings)
    assert second["changed"] is False
    assert "backup_file" not in second
    assert (path.stat().st_ino, path.stat().st_mtime_ns) == (inode, mtime)
    assert len(backups(path)) == count
    assert second["config"] == first["config"]


def test_same_content_in_other_formatting_is_not_rewritten(tmp_path, run):
    path = put(tmp_path, "user-keys.json")  # 4-space indented
    before = path.read_bytes()
    result = run(path, settings={"data-root": "/srv/docker"})
    assert result["changed"] is False
    assert path.read_bytes() == before


def test_missing_file_is_created_with_parent_directory(tmp_path, run):
    path = tmp_path / "etc" / "docker" / "daemon.json"
    result = run(path, settings={"icc": False})
    assert result["changed"] is True
    assert result["existed"] is False  # a rollback removes it
    assert "backup_file" not in result
    assert load(path) == {"icc": False}
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o755
    assert stat.S_IMODE(path.stat().st_mode) == 0o644


def test_missing_file_and_nothing_to_set_creates_nothing(tmp_path, run):
    path = tmp_path / "daemon.json"
    result = run(path, remove=["icc"])
    assert result["changed"] is False
    assert result["config"] == {}
    assert not path.exists()


def test_empty_file_counts_as_empty_object(tmp_path, run):
    path = put(tmp_path, "empty.json")
    result = run(path, settings={"icc": False})
    assert result["changed"] is True
    assert load(path) == {"icc": False}


def test_empty_file_is_rewritten_as_empty_object(tmp_path, run):
    path = put(tmp_path, "empty.json")
    result = run(path)
    assert result["changed"] is True
    assert path.read_text() == "{}\n"
    assert run(path)["changed"] is False


def test_never_writes_an_empty_file(tmp_path, run):
    path = put(tmp_path, "hardened.json")
    result = run(path, remove=list(load(path)))
    assert result["changed"] is True
    assert result["config"] == {}
    assert path.read_text() == "{}\n"


@pytest.mark.parametrize(
    "raw", [b'\xef\xbb\xbf{"icc": false}\n', '\ufeff{"icc": false}\n'.encode("utf-16-le")], ids=["utf-8", "utf-16"]
)
def test_byte_order_mark_is_read_like_dockerd_and_rewritten_without(tmp_path, run, raw):
    path = tmp_path / "daemon.json"
    path.write_bytes(raw)
    result = run(path, settings={"icc": False})
    assert result["changed"] is True  # dockerd before 23.0 refuses a BOM: the file is normalised
    assert result["config"] == {"icc": False}
    assert path.read_bytes() == b'{\n  "icc": false\n}\n'
    assert run(path, settings={"icc": False})["changed"] is False


def test_symlink_target_is_written_and_link_kept(tmp_path, run):
    target = put(tmp_path, "hardened.json", name="real.json")
    link = tmp_path / "etc" / "docker" / "daemon.json"
    link.symlink_to(target)
    result = run(link, settings={"icc": True})
    assert result["path"] == str(target)
    assert link.is_symlink()
    assert load(target)["icc"] is True


def test_file_attributes_are_enforced(tmp_path, run):
    path = put(tmp_path, "hardened.json")
    path.chmod(0o600)
    result = run(path, settings={"icc": False})
    assert result["changed"] is True
    assert stat.S_IMODE(path.stat().st_mode) == 0o644
    assert backups(path) == []  # content unchanged: attributes only, no rewrite
    assert run(path, settings={"icc": False})["changed"] is False


def test_mode_of_a_rewritten_file(tmp_path, run):
    path = put(tmp_path, "hardened.json")
    run(path, settings={"icc": True}, mode="0640")
    assert stat.S_IMODE(path.stat().st_mode) == 0o640


def test_written_with_atomic_move_leaving_no_temporary_file(tmp_path, run, monkeypatch):
    path = put(tmp_path, "hardened.json")
    moved = []
    atomic_move = daemon_config.AnsibleModule.atomic_move

    def spy(module, src, dest, *args, **kwargs):
        moved.append(dest)
        return atomic_move(module, src, dest, *args, **kwargs)

    monkeypatch.setattr(daemon_config.AnsibleModule, "atomic_move", spy)
    run(path, settings={"icc": True}, backup=False)
    assert moved == [str(path)]
    assert [p.name for p in path.parent.iterdir()] == ["daemon.json"]
    assert list((tmp_path / "module-tmp").rglob("daemon.*")) == []


def test_failed_write_names_the_file_and_leaves_it(tmp_path, run, monkeypatch):
    path = put(tmp_path, "hardened.json")
    before = path.read_bytes()

    def refuse(module, src, dest, *args, **kwargs):
        raise Exception(f"Could not replace {dest!r} with {src!r}.") from OSError(30, "Read-only file system")

    monkeypatch.setattr(daemon_config.AnsibleModule, "atomic_move", refuse)
    result = run(path, settings={"icc": True}, backup=False)
    assert result["failed"] is True
    assert result["msg"].startswith(f"cannot write {path}: Could not replace")
    assert result["msg"].endswith("([Errno 30] Read-only file system)")
    assert path.read_bytes() == before


# --------------------------------------------------------------------------
# Check mode, diff, backup
# --------------------------------------------------------------------------


def test_check_mode_writes_nothing(tmp_path, run):
    path = put(tmp_path, "user-keys.json")
    before = path.read_bytes()
    result = run(path, check_mode=True, settings={"icc": False}, remove=["data-root"])
    assert result["changed"] is True
    assert result["config"]["icc"] is False
    assert "data-root" not in result["config"]
    assert "backup_file" not in result
    assert path.read_bytes() == before
    assert sorted(p.name for p in path.parent.iterdir()) == ["daemon.json"]


def test_check_mode_does_not_create_a_missing_file(tmp_path, run):
    path = tmp_path / "etc" / "docker" / "daemon.json"
    result = run(path, check_mode=True, diff=True, settings={"icc": False})
    assert result["changed"] is True
    assert not path.parent.exists()
    assert result["diff"]["before"] == ""
    assert json.loads(result["diff"]["after"]) == {"icc": False}


def test_check_mode_reports_attribute_changes_without_making_them(tmp_path, run):
    path = put(tmp_path, "hardened.json")
    path.chmod(0o600)
    result = run(path, check_mode=True, settings={"icc": False})
    assert result["changed"] is True
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_diff_before_and_after(tmp_path, run):
    path = put(tmp_path, "hardened.json")
    result = run(path, diff=True, settings={"icc": True})
    diff = result["diff"]
    assert json.loads(diff["before"])["icc"] is False
    assert json.loads(diff["after"])["icc"] is True
    assert diff["after"] == path.read_text()
    assert diff["before"].endswith("}\n")
    assert diff["before_header"] == diff["after_header"] == str(path)


def test_diff_when_nothing_changes(tmp_path, run):
    path = put(tmp_path, "hardened.json")
    result = run(path, diff=True, settings={"icc": False})
    assert result["changed"] is False
    assert result["diff"]["before"] == result["diff"]["after"]


def test_no_diff_without_diff_mode(tmp_path, run):
    path = put(tmp_path, "hardened.json")
    assert "diff" not in run(path, settings={"icc": True})


def test_backup_is_made_and_returned(tmp_path, run):
    path = put(tmp_path, "hardened.json")
    before = path.read_bytes()
    result = run(path, settings={"icc": True})
    backup = Path(result["backup_file"])
    assert result["existed"] is True
    assert backup.parent == path.parent
    assert backup.name.startswith("daemon.json.") and backup.name.endswith("~")
    assert backup.read_bytes() == before
    assert backups(path) == [backup]


def test_backup_of_a_world_writable_file_is_root_only(tmp_path, run):
    path = put(tmp_path, "hardened.json")
    path.chmod(0o666)
    result = run(path, settings={"icc": True}, mode="0666")  # the daemon role keeps the file's own mode
    assert stat.S_IMODE(Path(result["backup_file"]).stat().st_mode) == 0o600
    assert stat.S_IMODE(path.stat().st_mode) == 0o666


def test_failed_backup_fails_before_writing(tmp_path, run, monkeypatch):
    path = put(tmp_path, "hardened.json")
    before = path.read_bytes()

    def refuse(path):
        raise PermissionError(13, "Permission denied", path + ".1.x~")

    monkeypatch.setattr(daemon_config, "backup", refuse)
    result = run(path, settings={"icc": True})
    assert result["failed"] is True
    assert result["msg"].startswith(f"cannot back up {path}: [Errno 13] Permission denied")
    assert result["msg"].endswith("the file was left untouched")
    assert path.read_bytes() == before


def test_no_backup_when_disabled(tmp_path, run):
    path = put(tmp_path, "hardened.json")
    result = run(path, settings={"icc": True}, backup=False)
    assert result["changed"] is True
    assert "backup_file" not in result
    assert backups(path) == []


# --------------------------------------------------------------------------
# Refusing bad input, without touching the file
# --------------------------------------------------------------------------


def assert_untouched(path, before):
    assert path.read_bytes() == before
    assert backups(path) == []
    assert sorted(p.name for p in path.parent.iterdir()) == [path.name]


def test_malformed_json_fails_with_position_and_is_not_overwritten(tmp_path, run):
    path = put(tmp_path, "malformed.json")
    before = path.read_bytes()
    result = run(path, settings={"icc": False})
    assert result["failed"] is True
    assert str(path) in result["msg"]
    assert "is not valid JSON" in result["msg"]
    # The position json itself reports: Python 3.13 places a trailing comma's error at the comma (line 3),
    # older Pythons at the next token (line 4).
    with pytest.raises(json.JSONDecodeError) as error:
        json.loads(before)
    assert f"line {error.value.lineno} column {error.value.colno}" in result["msg"]
    assert "left untouched" in result["msg"]
    assert_untouched(path, before)


def test_json_that_is_not_an_object_fails(tmp_path, run):
    path = put(tmp_path, "not-an-object.json")
    before = path.read_bytes()
    result = run(path, settings={"icc": False})
    assert result["failed"] is True
    assert "is refused: the top level must be a JSON object, not list" in result["msg"]
    assert_untouched(path, before)


def test_duplicate_keys_keep_the_last_value_like_dockerd(tmp_path, run):
    path = tmp_path / "daemon.json"
    path.write_text('{"icc": true, "icc": false}\n')
    result = run(path, settings={"live-restore": True})
    assert result["changed"] is True
    assert result["config"] == {"icc": False, "live-restore": True}
    assert any("key 'icc' appears more than once; dockerd uses the last value" in w for w in result["warnings"])
    path.write_text('{"icc": true, "icc": false}\n')
    result = run(path)  # nothing to set: still rewritten, so that the file says what dockerd uses
    assert result["changed"] is True and load(path) == {"icc": False}
    assert run(path)["changed"] is False


def test_path_that_is_a_directory_fails(tmp_path, run):
    result = run(tmp_path, settings={"icc": False})
    assert result["failed"] is True
    assert "is a directory" in result["msg"]


def test_unknown_key_fails_with_suggestion(tmp_path, run):
    path = put(tmp_path, "hardened.json")
    before = path.read_bytes()
    result = run(path, settings={"live-restor": True})
    assert result["failed"] is True
    assert "'live-restor'" in result["msg"]
    assert "did you mean 'live-restore'?" in result["msg"]
    assert result["errors"] == [
        "daemon.json key 'live-restor' is not a known dockerd option; did you mean 'live-restore'?"
    ]
    assert_untouched(path, before)


def test_wrong_type_fails_naming_key_and_type(tmp_path, run):
    path = put(tmp_path, "hardened.json")
    before = path.read_bytes()
    result = run(path, settings={"icc": "no", "log-opts": {"max-size": "10 megabytes"}})
    assert result["failed"] is True
    assert "daemon.json key 'icc': expected a boolean (true/false), got str 'no'" in result["errors"]
    assert any("'log-opts.max-size': expected a size" in error for error in result["errors"])
    assert_untouched(path, before)


def test_bad_values_already_in_the_file_only_warn(tmp_path, run):
    path = put(tmp_path, "wrong-types.json")
    result = run(path, settings={"live-restore": True})
    assert result["changed"] is True
    warnings = " ".join(result["warnings"])
    assert "daemon.json key 'icc': expected a boolean" in warnings
    assert "'log-opts.max-file'" in warnings
    assert load(path)["icc"] == "false"  # preserved as it was


def test_deprecated_key_warns(tmp_path, run):
    path = tmp_path / "daemon.json"
    result = run(path, settings={"graph": "/srv/docker"})
    assert result["changed"] is True
    assert any("removed in Docker Engine 23.0" in warning for warning in result["warnings"])


# --------------------------------------------------------------------------
# daemon.json versus dockerd flags
# --------------------------------------------------------------------------


def test_hosts_conflicting_with_dash_h_fails(tmp_path, run):
    path = put(tmp_path, "hardened.json")
    before = path.read_bytes()
    result = run(path, settings=load(FIXTURES / "tls.json"), dockerd_argv=ARGV["debian12_docker_io"])
    assert result["failed"] is True
    assert "daemon.json key 'hosts' is also set by the dockerd flag -H/--host (fd://)" in result["msg"]
    assert "drop-in" in result["msg"]
    assert_untouched(path, before)


def test_hosts_accepted_once_the_unit_has_no_dash_h(tmp_path, run):
    path = put(tmp_path, "hardened.json")
    result = run(path, settings=load(FIXTURES / "tls.json"), dockerd_argv=ARGV["tls_drop_in"])
    assert result["changed"] is True
    assert load(path)["hosts"] == ["fd://", "tcp://0.0.0.0:2376"]


def test_flags_of_the_running_dockerd_are_read_from_proc(tmp_path, run, monkeypatch):
    path = put(tmp_path, "hardened.json")
    argv = [*ARGV["debian12_docker_io"], f"--config-file={path}"]
    monkeypatch.setattr(daemon_config, "find_dockerd_processes", lambda: [DockerdProcess(812, 0, argv)])
    args = {"settings": {"hosts": ["tcp://0.0.0.0:2376"]}, "dockerd_argv": None}
    result = run(path, **args)
    assert result["failed"] is True
    assert "'hosts'" in result["msg"]
    assert "-H/--host" in result["msg"]


def test_running_dockerd_that_reads_another_file_is_only_a_warning(tmp_path, run, monkeypatch):
    path = put(tmp_path, "hardened.json")
    monkeypatch.setattr(
        daemon_config, "find_dockerd_processes", lambda: [DockerdProcess(812, 0, ARGV["debian12_docker_io"])]
    )
    result = run(path, settings={"hosts": ["tcp://0.0.0.0:2376"]}, dockerd_argv=None)
    assert result["changed"] is True
    assert result["validated_with"] == ["schema"]
    assert any("No running dockerd reads" in warning for warning in result["warnings"])


def test_conflict_already_in_the_file_only_warns(tmp_path, run):
    path = put(tmp_path, "tls.json")
    result = run(path, settings={"icc": False}, dockerd_argv=ARGV["debian12_docker_io"])
    assert result["changed"] is True
    assert any("'hosts' is also set by the dockerd flag" in warning for warning in result["warnings"])


# --------------------------------------------------------------------------
# dockerd --validate, with a fake dockerd on PATH
# --------------------------------------------------------------------------

FAKE_DOCKERD = """#!/bin/sh
echo "$@" >> "{log}"
case "$1" in
  --help)
    echo "Usage: dockerd [OPTIONS]"
    {help_line}
    exit 0 ;;
  --validate)
    cat "$3" >> "{log}.config"
    {validate}
    ;;
esac
exit 3
"""


@pytest.fixture()
def fake_dockerd(tmp_path, monkeypatch):
    def _install(supports_validate=True, validate='echo "configuration OK"; exit 0'):
        bin_dir = tmp_path / "bin"
        bin_dir.mkdir()
        log = tmp_path / "dockerd.log"
        script = bin_dir / "dockerd"
        help_line = 'echo "      --validate    Validate daemon configuration and exit"' if supports_validate else ":"
        script.write_text(FAKE_DOCKERD.format(log=log, help_line=help_line, validate=validate))
        script.chmod(0o755)
        monkeypatch.setenv("PATH", f"{bin_dir}{os.pathsep}{os.environ.get('PATH', '')}")
        monkeypatch.setattr(daemon_config, "find_dockerd", lambda module: module.get_bin_path("dockerd"))
        return log

    return _install


def test_dockerd_validate_is_used_when_supported(tmp_path, run, fake_dockerd):
    log = fake_dockerd()
    path = put(tmp_path, "hardened.json")
    result = run(path, settings={"icc": True})
    assert result["changed"] is True
    assert result["validated_with"] == ["schema", "flags", "dockerd"]
    calls = log.read_text().splitlines()
    assert calls[0] == "--help"
    assert calls[1].startswith("--validate --config-file ")
    assert json.loads(Path(f"{log}.config").read_text()) == load(path)
    assert not Path(calls[1].split()[-1]).exists()  # the candidate file was cleaned up


def test_dockerd_validate_also_runs_in_check_mode(tmp_path, run, fake_dockerd):
    log = fake_dockerd()
    path = put(tmp_path, "hardened.json")
    before = path.read_bytes()
    result = run(path, check_mode=True, settings={"icc": True})
    assert "dockerd" in result["validated_with"]
    assert "--validate" in log.read_text()
    assert path.read_bytes() == before


def test_dockerd_validate_failure_is_surfaced_and_nothing_written(tmp_path, run, fake_dockerd):
    fake_dockerd(
        validate='echo "unable to configure the Docker daemon with file $3: '
        "the following directives don't match any configuration option: nope\" >&2; exit 1"
    )
    path = put(tmp_path, "hardened.json")
    before = path.read_bytes()
    result = run(path, settings={"icc": True})
    assert result["failed"] is True
    assert result["msg"].startswith("dockerd --validate rejected the new daemon.json (exit 1): ")
    assert "don't match any configuration option: nope" in result["msg"]
    assert "<new daemon.json>" in result["msg"]
    assert_untouched(path, before)


def test_old_dockerd_without_validate_is_not_asked(tmp_path, run, fake_dockerd):
    log = fake_dockerd(supports_validate=False)
    path = put(tmp_path, "hardened.json")
    result = run(path, settings={"icc": True})
    assert result["changed"] is True
    assert result["validated_with"] == ["schema", "flags"]
    assert log.read_text().splitlines() == ["--help"]


def test_dockerd_is_not_run_when_nothing_changes(tmp_path, run, fake_dockerd):
    log = fake_dockerd()
    path = put(tmp_path, "hardened.json")
    result = run(path, settings={"icc": False})
    assert result["changed"] is False
    assert not log.exists()


def test_validate_with_dockerd_can_be_turned_off(tmp_path, run, fake_dockerd):
    log = fake_dockerd()
    path = put(tmp_path, "hardened.json")
    result = run(path, settings={"icc": True}, validate_with_dockerd=False)
    assert result["changed"] is True
    assert not log.exists()


def test_nested_keys_are_checked_as_merged(tmp_path, run):
    path = put(tmp_path, "hardened.json")
    result = run(path, settings={"default-ulimits": {"nofile": {"Soft": 4096}}})
    assert result["failed"] is True
    assert "soft limit 4096 is greater than hard limit 2048" in result["msg"]
    result = run(path, settings={"default-ulimits": {"nofile": {"Soft": 2048}}})
    assert result["changed"] is True
    assert load(path)["default-ulimits"]["nofile"] == {"Name": "nofile", "Soft": 2048, "Hard": 2048}


def test_state_absent_does_not_validate_values(tmp_path, run):
    path = put(tmp_path, "hardened.json")
    result = run(path, state="absent", settings={"icc": "whatever", "no-such-key": 1})
    assert result["changed"] is True
    assert "icc" not in load(path)


# --------------------------------------------------------------------------
# userns-remap and the containerd image store (Docker Engine 29)
# --------------------------------------------------------------------------

USERNS_FALSE = {"features": {"containerd-snapshotter": False}}
ENGINE_INFO = Path(__file__).resolve().parents[3] / "fixtures" / "engine_info"


def engine_info(name):
    return json.loads((ENGINE_INFO / f"{name}.json").read_text())


def write(tmp_path, content):
    target = tmp_path / "etc" / "docker" / "daemon.json"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(json.dumps(content))
    return target


@pytest.mark.parametrize(
    "fixture, in_use, userns_settings",
    [
        ("29-containerd", "containerd image store (snapshotter overlayfs)", USERNS_FALSE),
        ("28-overlay2", "graph driver overlay2", {}),
    ],
)
def test_image_store_is_returned_with_engine_info(tmp_path, run, fixture, in_use, userns_settings):
    path = write(tmp_path, {"icc": False})
    result = run(path, check_mode=True, engine_info=engine_info(fixture))
    assert result["image_store"]["in_use"] == in_use
    assert result["image_store"]["userns_settings"] == userns_settings
    assert result["changed"] is False


def test_no_image_store_without_engine_info(tmp_path, run):
    result = run(write(tmp_path, {}), check_mode=True)
    assert "image_store" not in result


def test_userns_off_leaves_features_untouched(tmp_path, run):
    path = write(tmp_path, {"icc": True})
    result = run(path, settings={"icc": False}, engine_info=engine_info("29-containerd"))
    assert result["changed"] is True
    assert load(path) == {"icc": False}


def test_userns_with_the_store_settings_is_written(tmp_path, run):
    path = write(tmp_path, {"features": {"cdi": True}})
    settings = {"userns-remap": "dockremap", "features": {"containerd-snapshotter": False}}
    result = run(path, settings=settings, engine_info=engine_info("29-containerd"))
    assert result["changed"] is True
    assert load(path) == {"features": {"cdi": True, "containerd-snapshotter": False}, "userns-remap": "dockremap"}
    assert result["image_store"]["userns_reason"] == "features.containerd-snapshotter is already false (daemon.json)"


@pytest.mark.parametrize(
    "content, settings, argv",
    [
        ({"features": {"containerd-snapshotter": True}}, {"userns-remap": "dockremap"}, []),
        ({"userns-remap": "dockremap"}, {"features": {"containerd-snapshotter": True}}, []),
        ({}, {"userns-remap": "dockremap"}, ["/usr/bin/dockerd", "--feature", "containerd-snapshotter"]),
    ],
)
def test_userns_with_the_containerd_store_turned_on_is_refused(tmp_path, run, content, settings, argv):
    path = write(tmp_path, content)
    result = run(path, settings=settings, dockerd_argv=argv)
    assert result["failed"] is True
    assert "userns-remap cannot be used with the containerd image store" in result["msg"]
    assert load(path) == content


def test_userns_with_the_containerd_store_already_in_the_file_warns(tmp_path, run):
    content = {"userns-remap": "dockremap", "features": {"containerd-snapshotter": True}}
    path = write(tmp_path, content)
    result = run(path, settings={"icc": False})
    assert result["changed"] is True
    assert any("userns-remap cannot be used with the containerd image store" in w for w in result["warnings"])
