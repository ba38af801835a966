from __future__ import annotations

import json
from pathlib import Path

import pytest

from ansible_collections.hardened.docker.plugins.module_utils._daemon_options import (
    CONFIG_FILE_KEY,
    FLAG_TO_KEY,
    KINDS,
    OPTIONS,
    config_file_of,
    deprecated_keys,
    find_dockerd_processes,
    flag_conflicts,
    merge_settings,
    parse_dockerd_args,
    remove_keys,
    validate_settings,
)

FIXTURES = Path(__file__).resolve().parents[3] / "fixtures" / "daemon"
ARGV = json.loads((FIXTURES / "argv.json").read_text())


def fixture_json(name):
    return json.loads((FIXTURES / name).read_text())


# --------------------------------------------------------------------------
# The table
# --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "key",
    [
        "icc",
        "iptables",
        "ip-forward",
        "ip-masq",
        "userland-proxy",
        "live-restore",
        "no-new-privileges",
        "userns-remap",
        "log-level",
        "log-driver",
        "log-opts",
        "storage-driver",
        "storage-opts",
        "data-root",
        "default-ulimits",
        "insecure-registries",
        "registry-mirrors",
        "hosts",
        "tls",
        "tlsverify",
        "tlscacert",
        "tlscert",
        "tlskey",
        "authorization-plugins",
        "cgroup-parent",
        "seccomp-profile",
        "experimental",
        "selinux-enabled",
        "default-address-pools",
        "dns",
        "bip",
        "fixed-cidr",
        "debug",
        "features",
        "exec-opts",
        "runtimes",
        "default-runtime",
        "containerd",
        "max-concurrent-downloads",
        "shutdown-timeout",
    ],
)
def test_documented_keys_are_known(key):
    assert key in OPTIONS
    assert OPTIONS[key].key == key
    assert OPTIONS[key].kind in KINDS


def test_flags_of_list_keys_are_the_singular_repeated_flag():
    assert OPTIONS["insecure-registries"].flags == ("--insecure-registry",)
    assert OPTIONS["hosts"].flags == ("-H", "--host")
    assert OPTIONS["authorization-plugins"].flags == ("--authorization-plugin",)
    assert OPTIONS["log-opts"].flags == ("--log-opt",)
    assert OPTIONS["storage-opts"].flags == ("--storage-opt",)
    assert OPTIONS["default-ulimits"].flags == ("--default-ulimit",)
    assert OPTIONS["icc"].flags == ("--icc",)


def test_every_flag_maps_to_one_key():
    seen = {}
    for option in OPTIONS.values():
        for flag in option.flags:
            assert flag not in seen, f"{flag} used by {seen.get(flag)} and {option.key}"
            seen[flag] = option.key
            assert flag.startswith("--") or (len(flag) == 2 and flag.startswith("-"))
    assert seen == FLAG_TO_KEY


def test_options_are_frozen():
    with pytest.raises(AttributeError):
        OPTIONS["icc"].kind = "str"


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
# validate_settings
# --------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["hardened.json", "user-keys.json", "tls.json"])
def test_good_files_validate(name):
    assert validate_settings(fixture_json(name)) == []


def test_unknown_key_suggests_the_closest():
    assert validate_settings({"iccc": False}) == [
        "daemon.json key 'iccc' is not a known dockerd option; did you mean 'icc'?"
    ]


def test_flag_name_written_as_key_suggests_the_key():
    (message,) = validate_settings({"insecure-registry": ["a:5000"]})
    assert "'insecure-registry'" in message
    assert "did you mean 'insecure-registries'?" in message
    (message,) = validate_settings({"log-opt": {}})
    assert "did you mean 'log-opts'?" in message


def test_unknown_key_without_suggestion():
    assert validate_settings({"zzzzzz": 1}) == ["daemon.json key 'zzzzzz' is not a known dockerd option"]


def test_wrong_type_names_key_and_expected_type():
    assert validate_settings({"icc": "no"}) == ["daemon.json key 'icc': expected a boolean (true/false), got str 'no'"]


@pytest.mark.parametrize(
    ("settings", "needle"),
    [
        ({"live-restore": 1}, "key 'live-restore': expected a boolean (true/false), got int 1"),
        ({"max-concurrent-downloads": "3"}, "key 'max-concurrent-downloads': expected an integer, got str '3'"),
        ({"max-concurrent-downloads": True}, "expected an integer, got bool true"),
        ({"shutdown-timeout": 1.5}, "key 'shutdown-timeout': expected an integer, got float 1.5"),
        ({"data-root": ["/srv"]}, "key 'data-root': expected a string, got list"),
        ({"insecure-registries": "a:5000"}, "key 'insecure-registries': expected a list of strings, got str"),
        ({"insecure-registries": ["a", 5]}, "key 'insecure-registries[1]': expected a string, got int 5"),
        ({"log-opts": ["max-size=10m"]}, "key 'log-opts': expected an object of string values"),
        ({"features": {"cdi": "yes"}}, "key 'features.cdi': expected a boolean (true/false), got str 'yes'"),
        ({"default-ulimits": []}, "key 'default-ulimits': expected an object of ulimit names"),
        ({"icc": None}, "key 'icc': expected a boolean (true/false), got null"),
        ({"log-level": "verbose"}, "key 'log-level': expected one of 'trace', 'debug'"),
        ({"default-cgroupns-mode": "shared"}, "key 'default-cgroupns-mode': expected one of 'host', 'private'"),
        ({"max-concurrent-uploads": -1}, "key 'max-concurrent-uploads': expected an integer >= 0, got int -1"),
        ({"max-download-attempts": 0}, "key 'max-download-attempts': expected an integer >= 1"),
        ({"dns": ["dns.example"]}, "key 'dns[0]': expected an IP address, got str 'dns.example'"),
        ({"default-shm-size": "lots"}, "key 'default-shm-size': expected a size such as \"64M\""),
        (
            {"proxies": {"http_proxy": "x"}},
            "key 'proxies.http_proxy' is not a known dockerd option; did you mean 'proxies.http-proxy'?",
        ),
        ({"proxies": {"http-proxy": 1}}, "key 'proxies.http-proxy': expected a string, got int 1"),
        ({"runtimes": {"crun": "/usr/bin/crun"}}, "key 'runtimes.crun': expected {\"path\""),
        ({"runtimes": {"crun": {}}}, "key 'runtimes.crun': expected a \"path\""),
        (
            {"runtimes": {"crun": {"path": "/c", "runtimeArgs": "x"}}},
            "key 'runtimes.crun.runtimeArgs': expected a list",
        ),
        (
            {"default-address-pools": [{"base": "10.0.0.0", "size": "24"}]},
            "key 'default-address-pools[0].size': expected a prefix length",
        ),
        (
            {"default-address-pools": [{"base": "nope", "size": 24}]},
            "key 'default-address-pools[0].base': expected a CIDR",
        ),
        (
            {"default-address-pools": [{"base": "10.0.0.0/16", "size": 8}]},
            "size 8 must be between the base's prefix length 16",
        ),
        ({"default-address-pools": ["10.0.0.0/16"]}, "key 'default-address-pools[0]': expected"),
        (
            {"default-network-opts": {"bridge": {"mtu": 1400}}},
            "key 'default-network-opts.bridge.mtu': expected a string",
        ),
        ({"log-opts": {"labels": 5}}, "key 'log-opts.labels': expected a string (log-opts values are always strings)"),
    ],
)
def test_bad_values(settings, needle):
    messages = validate_settings(settings)
    assert len(messages) >= 1
    assert any(needle in message for message in messages), messages


@pytest.mark.parametrize("size", ["10m", "100k", "1g", "1.5g", "10MB", "10mb", "512", "2 GiB"])
def test_log_max_size_accepts_sizes(size):
    assert validate_settings({"log-opts": {"max-size": size}}) == []


@pytest.mark.parametrize("size", ["ten", "10 megabytes", "-1m", "0", "0m", "m", "", 10])
def test_log_max_size_must_be_a_size(size):
    (message,) = validate_settings({"log-opts": {"max-size": size}})
    assert message.startswith("daemon.json key 'log-opts.max-size': expected a size such as \"10m\"")


@pytest.mark.parametrize("value", [3, "0", "-1", "three", "3.0", ""])
def test_log_max_file_must_be_a_positive_integer_string(value):
    (message,) = validate_settings({"log-opts": {"max-file": value}})
    assert message.startswith(
        "daemon.json key 'log-opts.max-file': expected a positive integer as a string, e.g. \"3\", got"
    )


def test_ulimit_soft_above_hard():
    (message,) = validate_settings({"default-ulimits": {"nofile": {"Name": "nofile", "Soft": 2048, "Hard": 1024}}})
    assert message == (
        "daemon.json key 'default-ulimits.nofile': soft limit 2048 is greater than hard limit 1024; "
        "expected Soft <= Hard"
    )


def test_ulimit_unlimited_hard_is_fine_and_unlimited_soft_is_not():
    assert validate_settings({"default-ulimits": {"core": {"Name": "core", "Soft": 0, "Hard": -1}}}) == []
    (message,) = validate_settings({"default-ulimits": {"core": {"Name": "core", "Soft": -1, "Hard": 0}}})
    assert "soft limit -1 is greater than hard limit 0" in message


@pytest.mark.parametrize(
    ("ulimits", "needle"),
    [
        ({"nofiles": {"Name": "nofiles", "Soft": 1, "Hard": 1}}, "'nofiles' is not a ulimit name"),
        (
            {"nofile": {"Name": "nproc", "Soft": 1, "Hard": 1}},
            "key 'default-ulimits.nofile.Name': expected the ulimit name",
        ),
        ({"nofile": {"Soft": 1, "Hard": 1}}, "key 'default-ulimits.nofile.Name'"),
        (
            {"nofile": {"Name": "nofile", "Soft": "1", "Hard": 1}},
            "key 'default-ulimits.nofile.Soft': expected an integer",
        ),
        ({"nofile": {"Name": "nofile", "Soft": 1}}, "key 'default-ulimits.nofile.Hard': expected an integer"),
        ({"nofile": {"Name": "nofile", "Soft": 1, "Hard": 1, "Max": 2}}, "unexpected field(s) Max"),
        ({"nofile": "1024:2048"}, 'key \'default-ulimits.nofile\': expected {"Name": "nofile"'),
    ],
)
def test_bad_ulimits(ulimits, needle):
    messages = validate_settings({"default-ulimits": ulimits})
    assert any(needle in message for message in messages), messages


@pytest.mark.parametrize(
    "host", ["unix:///var/run/docker.sock", "tcp://0.0.0.0:2376", "fd://", "npipe:////./pipe/docker"]
)
def test_good_hosts(host):
    assert validate_settings({"hosts": [host]}) == []


@pytest.mark.parametrize("host", ["localhost:2375", "/var/run/docker.sock", "http://0.0.0.0:2375", "ssh://me@host"])
def test_bad_host_urls(host):
    (message,) = validate_settings({"hosts": [host]})
    assert message == f"daemon.json key 'hosts': entry {host!r} must be a unix://, tcp://, fd:// or npipe:// URL"


def test_hosts_entry_not_a_string():
    (message,) = validate_settings({"hosts": [2376]})
    assert message == "daemon.json key 'hosts[0]': expected a string URL, got int 2376"


def test_prefix_and_non_object():
    assert validate_settings({"icc": "no"}, prefix="/etc/docker/daemon.json: ")[0].startswith(
        "/etc/docker/daemon.json: daemon.json key 'icc'"
    )
    assert validate_settings(["icc"]) == ['daemon.json must be a JSON object, got list ["icc"]']


def test_wrong_types_fixture_reports_each_problem():
    messages = validate_settings(fixture_json("wrong-types.json"))
    assert len(messages) == 2
    assert "key 'icc'" in messages[0]
    assert "key 'log-opts.max-file'" in messages[1]


def test_deprecated_keys_validate_but_are_noted():
    settings = {"graph": "/var/lib/docker", "icc": False}
    assert validate_settings(settings) == []
    assert deprecated_keys(settings) == ["daemon.json key 'graph' is removed in Docker Engine 23.0; use data-root"]


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


# --------------------------------------------------------------------------
# merge_settings / remove_keys
# --------------------------------------------------------------------------


def test_merge_keeps_user_keys_and_order():
    current = fixture_json("user-keys.json")
    merged = merge_settings(current, {"icc": False, "log-opts": {"max-file": "3"}, "data-root": "/var/lib/docker"})
    assert list(merged) == [*current, "icc"]
    assert merged["registry-mirrors"] == ["https://mirror.lab.example"]
    assert merged["data-root"] == "/var/lib/docker"
    assert merged["log-opts"] == {"max-size": "50m", "labels": "production_status", "max-file": "3"}
    assert current["log-opts"] == {"max-size": "50m", "labels": "production_status"}  # not mutated


def test_merge_replaces_lists_and_scalars():
    merged = merge_settings(
        {"registry-mirrors": ["https://a"], "log-opts": "x", "icc": True},
        {"registry-mirrors": ["https://b"], "log-opts": {"max-size": "1m"}, "icc": False},
    )
    assert merged == {"registry-mirrors": ["https://b"], "log-opts": {"max-size": "1m"}, "icc": False}


def test_merge_nested_features_and_ulimits():
    merged = merge_settings(
        {"features": {"buildkit": True}, "default-ulimits": {"nofile": {"Name": "nofile", "Soft": 1, "Hard": 2}}},
        {"features": {"cdi": True}, "default-ulimits": {"nproc": {"Name": "nproc", "Soft": 5, "Hard": 5}}},
    )
    assert merged["features"] == {"buildkit": True, "cdi": True}
    assert set(merged["default-ulimits"]) == {"nofile", "nproc"}


def test_merged_value_is_a_copy():
    settings = {"log-opts": {"max-size": "1m"}}
    merged = merge_settings({}, settings)
    merged["log-opts"]["max-size"] = "2m"
    assert settings == {"log-opts": {"max-size": "1m"}}


def test_remove_keys_top_level_nested_and_missing():
    current = fixture_json("hardened.json")
    result = remove_keys(current, ["icc", "log-opts.max-file", "no-such-key", "log-opts.nothing"])
    assert "icc" not in result
    assert result["log-opts"] == {"max-size": "10m"}
    assert "icc" in current  # not mutated


def test_remove_keys_drops_emptied_objects():
    result = remove_keys({"log-opts": {"max-size": "1m"}, "icc": False}, ["log-opts.max-size"])
    assert result == {"icc": False}


def test_remove_keys_with_dots_in_nested_keys_and_tuples():
    current = {
        "default-network-opts": {"bridge": {"com.docker.network.driver.mtu": "1400", "x": "1"}},
        "features": {"containerd-snapshotter": True},
    }
    result = remove_keys(current, ["default-network-opts.bridge.com.docker.network.driver.mtu"])
    assert result["default-network-opts"] == {"bridge": {"x": "1"}}
    result = remove_keys(current, [("features", "containerd-snapshotter")])
    assert "features" not in result


# --------------------------------------------------------------------------
# The running daemon
# --------------------------------------------------------------------------


def _fake_proc(root, pid, argv, uid=0):
    directory = root / str(pid)
    directory.mkdir()
    (directory / "cmdline").write_bytes(b"\0".join(arg.encode() for arg in argv) + b"\0")
    (directory / "status").write_text(f"Name:\tx\nUid:\t{uid}\t{uid}\t{uid}\t{uid}\n")


def test_find_dockerd_processes(tmp_path):
    _fake_proc(tmp_path, 812, ARGV["debian12_docker_io"])
    _fake_proc(tmp_path, 77, ["/usr/bin/containerd"])
    _fake_proc(tmp_path, 4242, ARGV["rootless"], uid=1000)
    (tmp_path / "self").mkdir()
    (tmp_path / "99").mkdir()  # a process that went away: no cmdline
    found = find_dockerd_processes(str(tmp_path))
    assert [(p.pid, p.uid, p.argv) for p in found] == [
        (812, 0, ARGV["debian12_docker_io"]),
        (4242, 1000, ["dockerd"]),
    ]
    assert find_dockerd_processes(str(tmp_path / "missing")) == []


def test_config_file_of():
    assert config_file_of({}, 0) == "/etc/docker/daemon.json"
    assert config_file_of({CONFIG_FILE_KEY: "/x.json"}, 1000) == "/x.json"
    assert config_file_of({}, 1000) is None
    assert config_file_of({"rootless": True}, 0) is None
