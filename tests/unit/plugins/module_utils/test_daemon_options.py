from __future__ import annotations

import json
from pathlib import Path

import pytest

from ansible_collections.hardened.docker.plugins.module_utils._daemon_options import (
    FLAG_TO_KEY,
    KINDS,
    OPTIONS,
    deprecated_keys,
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
