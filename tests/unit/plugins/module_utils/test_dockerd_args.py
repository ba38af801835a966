from __future__ import annotations

import json
from pathlib import Path

import pytest

from ansible_collections.hardened.docker.plugins.module_utils._daemon_options import validate_settings
from ansible_collections.hardened.docker.plugins.module_utils._dockerd_args import (
    CONFIG_FILE_KEY,
    config_file_of,
    flag_conflicts,
    parse_dockerd_args,
)

FIXTURES = Path(__file__).resolve().parents[3] / "fixtures" / "daemon"
ARGV = json.loads((FIXTURES / "argv.json").read_text())


def fixture_json(name):
    return json.loads((FIXTURES / name).read_text())


# --------------------------------------------------------------------------
# parse_dockerd_args
# --------------------------------------------------------------------------


def test_debian12_unit():
    settings, unknown = parse_dockerd_args(ARGV["debian12_docker_io"])
    assert settings == {"hosts": ["fd://"], "containerd": "/run/containerd/containerd.sock"}
    assert unknown == []


def test_argv0_may_be_left_out():
    settings, unknown = parse_dockerd_args(ARGV["docker_ce"][1:])
    assert settings == {"hosts": ["fd://"], "containerd": "/run/containerd/containerd.sock"}
    assert unknown == []


def test_bare_dockerd_and_empty_argv():
    assert parse_dockerd_args(ARGV["rootless"]) == ({}, [])
    assert parse_dockerd_args([]) == ({}, [])


def test_hand_hardened_command_line():
    settings, unknown = parse_dockerd_args(ARGV["hand_hardened"])
    assert unknown == []
    assert settings == {
        "icc": False,
        "live-restore": True,
        "userland-proxy": False,
        "no-new-privileges": True,
        "userns-remap": "default",
        "log-level": "info",
        "log-opts": {"max-size": "10m", "max-file": "3"},
        "default-ulimits": {
            "nofile": {"Name": "nofile", "Soft": 1024, "Hard": 2048},
            "nproc": {"Name": "nproc", "Soft": 512, "Hard": 512},
        },
        "insecure-registries": ["registry.lab:5000", "10.0.0.5:5000"],
        "authorization-plugins": ["authz-broker"],
        "storage-opts": ["overlay2.size=10G"],
        "hosts": ["unix:///var/run/docker.sock", "tcp://0.0.0.0:2376"],
        "tlsverify": True,
        "tlscacert": "/etc/docker/tls/ca.pem",
        CONFIG_FILE_KEY: "/etc/docker/hardened.json",
    }


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        (["--icc=false"], {"icc": False}),
        (["--icc=true"], {"icc": True}),
        (["--icc"], {"icc": True}),
        (["--icc=0"], {"icc": False}),
        (["--live-restore"], {"live-restore": True}),
        (["-D"], {"debug": True}),
        (["--debug=false"], {"debug": False}),
        (["-H", "fd://"], {"hosts": ["fd://"]}),
        (["-H=fd://"], {"hosts": ["fd://"]}),
        (["-Hfd://"], {"hosts": ["fd://"]}),
        (["--host", "unix:///run/docker.sock"], {"hosts": ["unix:///run/docker.sock"]}),
        (["-l", "debug"], {"log-level": "debug"}),
        (["--log-level=warn"], {"log-level": "warn"}),
        (["-s", "overlay2"], {"storage-driver": "overlay2"}),
        (["-G", "docker"], {"group": "docker"}),
        (["--mtu", "1450"], {"mtu": 1450}),
        (["--shutdown-timeout=30"], {"shutdown-timeout": 30}),
        (["--log-opt", "max-size=10m"], {"log-opts": {"max-size": "10m"}}),
        (
            ["--default-ulimit", "nofile=1024:2048"],
            {"default-ulimits": {"nofile": {"Name": "nofile", "Soft": 1024, "Hard": 2048}}},
        ),
        (["--default-ulimit=core=0"], {"default-ulimits": {"core": {"Name": "core", "Soft": 0, "Hard": 0}}}),
        (["--config-file", "/etc/docker/other.json"], {CONFIG_FILE_KEY: "/etc/docker/other.json"}),
        (["--config-file=/x.json"], {CONFIG_FILE_KEY: "/x.json"}),
        (["--containerd=/run/containerd/containerd.sock"], {"containerd": "/run/containerd/containerd.sock"}),
        (["--feature", "containerd-snapshotter"], {"features": {"containerd-snapshotter": True}}),
        (["--feature=cdi=false"], {"features": {"cdi": False}}),
        (["--add-runtime", "crun=/usr/bin/crun"], {"runtimes": {"crun": {"path": "/usr/bin/crun"}}}),
        (
            ["--http-proxy", "http://proxy:3128", "--no-proxy=localhost"],
            {"proxies": {"http-proxy": "http://proxy:3128", "no-proxy": "localhost"}},
        ),
        (
            ["--default-address-pool", "base=10.10.0.0/16,size=24"],
            {"default-address-pools": [{"base": "10.10.0.0/16", "size": 24}]},
        ),
        (
            ["--default-network-opt", "bridge=com.docker.network.driver.mtu=1400"],
            {"default-network-opts": {"bridge": {"com.docker.network.driver.mtu": "1400"}}},
        ),
        (["--dns", "1.1.1.1", "--dns", "9.9.9.9"], {"dns": ["1.1.1.1", "9.9.9.9"]}),
        (["--label", "a=b", "--label=c=d"], {"labels": ["a=b", "c=d"]}),
        (["--validate", "--version"], {}),
    ],
)
def test_flag_shapes(argv, expected):
    settings, unknown = parse_dockerd_args(["/usr/bin/dockerd", *argv])
    assert unknown == []
    assert settings == expected


def test_boolean_flag_never_takes_the_next_word():
    settings, unknown = parse_dockerd_args(["--icc", "false"])
    assert settings == {"icc": True}
    assert unknown == ["false"]


@pytest.mark.parametrize(
    ("argv", "unknown"),
    [
        (["--no-such-flag"], ["--no-such-flag"]),
        (["--no-such-flag", "value", "--icc=false"], ["--no-such-flag value"]),
        (["--no-such-flag=1"], ["--no-such-flag=1"]),
        (["--icc=maybe"], ["--icc=maybe"]),
        (["--mtu=big"], ["--mtu=big"]),
        (["--default-ulimit", "nofile"], ["--default-ulimit=nofile"]),
        (["--default-ulimit", "nofile=a:b"], ["--default-ulimit=nofile=a:b"]),
        (["--log-level"], ["--log-level"]),
        (["-Dx"], ["-Dx"]),
        (["--", "-H", "x"], ["-H", "x"]),
    ],
)
def test_flags_that_cannot_be_understood_are_reported(argv, unknown):
    settings, found = parse_dockerd_args(["dockerd", *argv])
    assert found == unknown
    assert "mtu" not in settings
    assert "default-ulimits" not in settings


def test_single_value_ulimit_sets_soft_and_hard():
    settings, _unknown = parse_dockerd_args(["--default-ulimit", "nofile=4096"])
    assert settings["default-ulimits"]["nofile"] == {"Name": "nofile", "Soft": 4096, "Hard": 4096}


def test_parsed_flags_validate_cleanly():
    settings, _unknown = parse_dockerd_args(ARGV["hand_hardened"])
    settings.pop(CONFIG_FILE_KEY)
    assert validate_settings(settings) == []


# --------------------------------------------------------------------------
# flag_conflicts
# --------------------------------------------------------------------------


def test_hosts_in_daemon_json_conflicts_with_dash_h():
    argv_settings, _unknown = parse_dockerd_args(ARGV["debian12_docker_io"])
    (message,) = flag_conflicts(fixture_json("tls.json"), argv_settings)
    assert message.startswith("daemon.json key 'hosts' is also set by the dockerd flag -H/--host (fd://)")
    assert "specified both as a flag and in the configuration file" in message
    assert "systemd drop-in that resets ExecStart" in message
    assert "or drop 'hosts' from daemon.json" in message
    assert "ExecStart=/usr/sbin/dockerd --containerd=/run/containerd/containerd.sock" in message


def test_no_conflict_once_the_drop_in_removed_dash_h():
    argv_settings, _unknown = parse_dockerd_args(ARGV["tls_drop_in"])
    assert flag_conflicts(fixture_json("tls.json"), argv_settings) == []


def test_containerd_flag_and_key_conflict():
    argv_settings, _unknown = parse_dockerd_args(ARGV["debian12_docker_io"])
    (message,) = flag_conflicts({"containerd": "/run/containerd/containerd.sock"}, argv_settings)
    assert "'containerd'" in message
    assert "--containerd" in message


def test_every_conflicting_key_is_reported_and_config_file_is_not():
    argv_settings, _unknown = parse_dockerd_args(ARGV["hand_hardened"])
    conflicts = flag_conflicts(
        {"icc": False, "log-opts": {"max-size": "1m"}, "data-root": "/srv", "tlscacert": "/ca.pem"},
        argv_settings,
    )
    assert [message.split("'")[1] for message in conflicts] == ["icc", "log-opts", "tlscacert"]


def test_runtimes_are_merged_by_dockerd_not_conflicting():
    argv_settings, _unknown = parse_dockerd_args(["--add-runtime", "crun=/usr/bin/crun"])
    assert flag_conflicts({"runtimes": {"runc2": {"path": "/usr/bin/runc"}}}, argv_settings) == []


def test_proxies_conflict_per_sub_key():
    argv_settings, _unknown = parse_dockerd_args(["--http-proxy", "http://p:3128"])
    assert flag_conflicts({"proxies": {"no-proxy": "localhost"}}, argv_settings) == []
    (message,) = flag_conflicts({"proxies": {"http-proxy": "http://q:3128"}}, argv_settings)
    assert "'proxies.http-proxy'" in message
    assert "--http-proxy" in message


def test_config_file_of():
    assert config_file_of({}, 0) == "/etc/docker/daemon.json"
    assert config_file_of({CONFIG_FILE_KEY: "/x.json"}, 1000) == "/x.json"
    assert config_file_of({}, 1000) is None
    assert config_file_of({"rootless": True}, 0) is None
