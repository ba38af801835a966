# Private to the hardened.docker collection: not a public API, may change without notice.
"""daemon.json keys, the dockerd flags that set the same thing, and the validator of daemon.json settings.

This table is the single source of truth for both spellings: ``daemon_config``
validates what it writes against it, and the dockerd argv parser
(``_dockerd_args``) maps flags to keys with it.

Standard library only: this file runs on the target.
"""

from __future__ import annotations

import difflib
import ipaddress
import json
import re
from dataclasses import dataclass
from typing import Any, Iterable

KINDS = ("bool", "str", "int", "list", "dict", "ulimits", "any")


@dataclass(frozen=True)
class Option:
    """One daemon.json key.

    ``flags`` are dockerd's command-line spellings of the same setting; for a
    list or mapping key they are the singular flag that is repeated once per
    item (``insecure-registries`` -> ``--insecure-registry``).
    ``form`` overrides the generic description of ``kind`` in messages.
    ``deprecated`` says which Docker Engine release stopped accepting the key,
    when that is the case; such keys still validate, because Debian 12 ships
    Docker 20.10, which accepts them.
    """

    key: str
    kind: str
    flags: tuple[str, ...] = ()
    choices: tuple[str, ...] = ()
    form: str = ""
    deprecated: str = ""


def _o(key: str, kind: str, *flags: str, choices: tuple[str, ...] = (), form: str = "", deprecated: str = "") -> Option:
    if kind not in KINDS:
        raise ValueError(f"unknown kind {kind!r} for {key!r}")
    return Option(key, kind, tuple(flags), choices, form, deprecated)


_LOG_LEVELS = ("trace", "debug", "info", "warn", "warning", "error", "fatal", "panic")

_OPTION_LIST = (
    # Booleans
    _o("allow-direct-routing", "bool", "--allow-direct-routing"),
    _o("cri-containerd", "bool", "--cri-containerd"),
    _o("debug", "bool", "-D", "--debug"),
    _o("experimental", "bool", "--experimental"),
    _o("icc", "bool", "--icc"),
    _o("init", "bool", "--init"),
    _o("ip-forward", "bool", "--ip-forward"),
    _o("ip-forward-no-drop", "bool", "--ip-forward-no-drop"),
    _o("ip-masq", "bool", "--ip-masq"),
    _o("ip6tables", "bool", "--ip6tables"),
    _o("iptables", "bool", "--iptables"),
    _o("ipv6", "bool", "--ipv6"),
    _o("live-restore", "bool", "--live-restore"),
    _o("no-new-privileges", "bool", "--no-new-privileges"),
    _o("raw-logs", "bool", "--raw-logs"),
    _o("rootless", "bool", "--rootless"),
    _o("selinux-enabled", "bool", "--selinux-enabled"),
    _o("tls", "bool", "--tls"),
    _o("tlsverify", "bool", "--tlsverify"),
    _o("userland-proxy", "bool", "--userland-proxy"),
    # Strings
    _o("api-cors-header", "str", "--api-cors-header", deprecated="removed in Docker Engine 28.0"),
    _o("bip", "str", "--bip"),
    _o("bip6", "str", "--bip6"),
    _o("bridge", "str", "-b", "--bridge"),
    _o("bridge-accept-fwmark", "str", "--bridge-accept-fwmark"),
    _o("cgroup-parent", "str", "--cgroup-parent"),
    _o("cluster-advertise", "str", "--cluster-advertise", deprecated="removed in Docker Engine 23.0"),
    _o("cluster-store", "str", "--cluster-store", deprecated="removed in Docker Engine 23.0"),
    _o("containerd", "str", "--containerd"),
    _o("containerd-namespace", "str", "--containerd-namespace"),
    _o("containerd-plugins-namespace", "str", "--containerd-plugins-namespace"),
    _o("data-root", "str", "--data-root"),
    _o("default-cgroupns-mode", "str", "--default-cgroupns-mode", choices=("host", "private")),
    _o("default-gateway", "str", "--default-gateway"),
    _o("default-gateway-v6", "str", "--default-gateway-v6"),
    _o("default-ipc-mode", "str", "--default-ipc-mode", choices=("shareable", "private")),
    _o("default-runtime", "str", "--default-runtime"),
    _o("exec-root", "str", "--exec-root"),
    _o("firewall-backend", "str", "--firewall-backend", choices=("iptables", "nftables")),
    _o("fixed-cidr", "str", "--fixed-cidr"),
    _o("fixed-cidr-v6", "str", "--fixed-cidr-v6"),
    _o("graph", "str", "-g", "--graph", deprecated="removed in Docker Engine 23.0; use data-root"),
    _o("group", "str", "-G", "--group"),
    _o("host-gateway-ip", "str", "--host-gateway-ip"),
    _o("init-path", "str", "--init-path"),
    _o("ip", "str", "--ip"),
    _o("log-driver", "str", "--log-driver"),
    _o("log-format", "str", "--log-format", choices=("text", "json")),
    _o("log-level", "str", "-l", "--log-level", choices=_LOG_LEVELS),
    _o("metrics-addr", "str", "--metrics-addr"),
    _o("pidfile", "str", "-p", "--pidfile"),
    _o("seccomp-profile", "str", "--seccomp-profile"),
    _o("storage-driver", "str", "-s", "--storage-driver"),
    _o("swarm-default-advertise-addr", "str", "--swarm-default-advertise-addr"),
    _o("tlscacert", "str", "--tlscacert"),
    _o("tlscert", "str", "--tlscert"),
    _o("tlskey", "str", "--tlskey"),
    _o("userland-proxy-path", "str", "--userland-proxy-path"),
    _o("userns-remap", "str", "--userns-remap"),
    # Integers
    _o("cpu-rt-period", "int", "--cpu-rt-period"),
    _o("cpu-rt-runtime", "int", "--cpu-rt-runtime"),
    _o("max-concurrent-downloads", "int", "--max-concurrent-downloads"),
    _o("max-concurrent-uploads", "int", "--max-concurrent-uploads"),
    _o("max-download-attempts", "int", "--max-download-attempts"),
    _o("mtu", "int", "--mtu"),
    _o("network-control-plane-mtu", "int", "--network-control-plane-mtu"),
    _o("network-diagnostic-port", "int", "--network-diagnostic-port"),
    _o("oom-score-adjust", "int", "--oom-score-adjust", deprecated="removed in Docker Engine 25.0"),
    _o("shutdown-timeout", "int", "--shutdown-timeout"),
    # A size: "64M" or a number of bytes
    _o("default-shm-size", "any", "--default-shm-size", form='a size such as "64M", or a number of bytes'),
    # Lists
    _o(
        "allow-nondistributable-artifacts",
        "list",
        "--allow-nondistributable-artifacts",
        deprecated="ignored since Docker Engine 28.0",
    ),
    _o("authorization-plugins", "list", "--authorization-plugin"),
    _o("cdi-spec-dirs", "list", "--cdi-spec-dir"),
    _o(
        "default-address-pools",
        "list",
        "--default-address-pool",
        form='a list of {"base": "CIDR", "size": prefix length}',
    ),
    _o("dns", "list", "--dns", form="a list of IP addresses"),
    _o("dns-opts", "list", "--dns-opt"),
    _o("dns-search", "list", "--dns-search"),
    _o("exec-opts", "list", "--exec-opt"),
    _o("host-gateway-ips", "list", form="a list of IP addresses"),
    _o("hosts", "list", "-H", "--host", form="a list of unix://, tcp://, fd:// or npipe:// URLs"),
    _o("insecure-registries", "list", "--insecure-registry"),
    _o("labels", "list", "--label", form='a list of "key=value" strings'),
    _o("node-generic-resources", "list", "--node-generic-resource"),
    _o("registry-mirrors", "list", "--registry-mirror"),
    _o("storage-opts", "list", "--storage-opt"),
    # Mappings
    _o("builder", "dict"),
    _o(
        "cluster-store-opts",
        "dict",
        "--cluster-store-opt",
        form="an object of string values",
        deprecated="removed in Docker Engine 23.0",
    ),
    _o("default-network-opts", "dict", "--default-network-opt", form="an object of driver names to string options"),
    _o("features", "dict", "--feature", form="an object of feature names to booleans"),
    _o("log-opts", "dict", "--log-opt", form='an object of string values, e.g. {"max-size": "10m"}'),
    _o(
        "proxies",
        "dict",
        "--http-proxy",
        "--https-proxy",
        "--no-proxy",
        form='an object with "http-proxy", "https-proxy" and "no-proxy" strings',
    ),
    _o("runtimes", "dict", "--add-runtime", form='an object of runtime names to {"path": ...}'),
    # Ulimits
    _o("default-ulimits", "ulimits", "--default-ulimit"),
)

OPTIONS: dict[str, Option] = {option.key: option for option in _OPTION_LIST}

# dockerd flag (every spelling) -> daemon.json key
FLAG_TO_KEY: dict[str, str] = {flag: option.key for option in _OPTION_LIST for flag in option.flags}

ULIMIT_NAMES = frozenset(
    {
        "core",
        "cpu",
        "data",
        "fsize",
        "locks",
        "memlock",
        "msgqueue",
        "nice",
        "nofile",
        "nproc",
        "rss",
        "rtprio",
        "rttime",
        "sigpending",
        "stack",
    }
)

HOST_SCHEMES = ("unix://", "tcp://", "fd://", "npipe://")

_KIND_TEXT = {
    "bool": "a boolean (true/false)",
    "str": "a string",
    "int": "an integer",
    "list": "a list of strings",
    "dict": "an object",
    "ulimits": 'an object of ulimit names to {"Name": name, "Soft": int, "Hard": int}',
    "any": "any JSON value",
}

# The size syntax that dockerd's log drivers accept (go-units RAMInBytes).
_SIZE_RE = re.compile(r"^(\d+(?:\.\d+)?) ?([kKmMgGtTpP])?[iI]?[bB]?$")


def expected_form(key: str) -> str:
    """How a value for ``key`` must look, for messages."""
    option = OPTIONS.get(key)
    if option is None:
        return _KIND_TEXT["any"]
    if option.form:
        return option.form
    text = _KIND_TEXT[option.kind]
    if option.choices:
        text += " (one of " + ", ".join(repr(c) for c in option.choices) + ")"
    return text


def suggest_key(key: str) -> str | None:
    """The known key closest to ``key``, or None."""
    for flag in (key, "--" + key, "-" + key):
        if flag in FLAG_TO_KEY:  # a flag name written as a key: "insecure-registry"
            return FLAG_TO_KEY[flag]
    matches = difflib.get_close_matches(key, list(OPTIONS), n=1, cutoff=0.6)
    return matches[0] if matches else None


# --------------------------------------------------------------------------
# Validation
# --------------------------------------------------------------------------


def _type_name(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, str):
        return "str"
    if isinstance(value, int):
        return "int"
    if isinstance(value, float):
        return "float"
    if isinstance(value, (list, tuple)):
        return "list"
    if isinstance(value, dict):
        return "dict"
    return type(value).__name__


def _show(value: Any) -> str:
    if isinstance(value, str):
        text = repr(value)
    else:
        try:
            text = json.dumps(value, sort_keys=True)
        except (TypeError, ValueError):
            text = repr(value)
    if len(text) > 60:
        text = text[:57] + "..."
    return f"{_type_name(value)} {text}"


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _kind_ok(kind: str, value: Any) -> bool:
    if kind == "bool":
        return isinstance(value, bool)
    if kind == "str":
        return isinstance(value, str)
    if kind == "int":
        return _is_int(value)
    if kind == "list":
        return isinstance(value, list)
    if kind in ("dict", "ulimits"):
        return isinstance(value, dict)
    return True


def is_size(value: Any) -> bool:
    """True for a positive size in the form dockerd's log drivers accept ("10m", "100k", "1g")."""
    if not isinstance(value, str):
        return False
    match = _SIZE_RE.match(value)
    return bool(match) and float(match.group(1)) > 0


class _Checker:
    def __init__(self, prefix: str) -> None:
        self.prefix = prefix
        self.messages: list[str] = []

    def bad(self, key: str, expected: str, value: Any) -> None:
        self.messages.append(f"{self.prefix}daemon.json key '{key}': expected {expected}, got {_show(value)}")

    def say(self, key: str, text: str) -> None:
        self.messages.append(f"{self.prefix}daemon.json key '{key}': {text}")

    def unknown(self, key: str, known: Iterable[str], suggestion: str | None) -> None:
        text = f"{self.prefix}daemon.json key '{key}' is not a known dockerd option"
        if suggestion is None:
            matches = difflib.get_close_matches(key.rsplit(".", 1)[-1], list(known), n=1, cutoff=0.6)
            suggestion = (key.rsplit(".", 1)[0] + "." + matches[0]) if matches and "." in key else None
        if suggestion:
            text += f"; did you mean '{suggestion}'?"
        self.messages.append(text)

    def string_list(self, key: str, value: list[Any]) -> None:
        for index, item in enumerate(value):
            if not isinstance(item, str):
                self.bad(f"{key}[{index}]", "a string", item)

    def string_map(self, key: str, value: dict[str, Any]) -> None:
        for name, item in value.items():
            if not isinstance(item, str):
                self.bad(f"{key}.{name}", "a string", item)


def _check_log_opts(c: _Checker, value: dict[str, Any]) -> None:
    for name, item in value.items():
        path = f"log-opts.{name}"
        if name == "max-size":
            if not is_size(item):
                c.bad(path, 'a size such as "10m", "100k" or "1g"', item)
        elif name == "max-file":
            if not (isinstance(item, str) and item.isdigit() and int(item) > 0):
                c.bad(path, 'a positive integer as a string, e.g. "3"', item)
        elif not isinstance(item, str):
            c.bad(path, "a string (log-opts values are always strings)", item)


def _check_ulimits(c: _Checker, value: dict[str, Any]) -> None:
    for name, item in value.items():
        path = f"default-ulimits.{name}"
        if name not in ULIMIT_NAMES:
            close = difflib.get_close_matches(name, sorted(ULIMIT_NAMES), n=1, cutoff=0.6)
            hint = f"; did you mean '{close[0]}'?" if close else ""
            c.say(path, f"'{name}' is not a ulimit name ({', '.join(sorted(ULIMIT_NAMES))}){hint}")
            continue
        if not isinstance(item, dict):
            c.bad(path, f'{{"Name": "{name}", "Soft": int, "Hard": int}}', item)
            continue
        if item.get("Name") != name:
            c.bad(f"{path}.Name", f"the ulimit name {name!r} (the same as its key)", item.get("Name"))
        limits = {}
        for field in ("Soft", "Hard"):
            if not _is_int(item.get(field)):
                c.bad(f"{path}.{field}", "an integer (-1 for unlimited)", item.get(field))
            else:
                limits[field] = item[field]
        extra = sorted(set(item) - {"Name", "Soft", "Hard"})
        if extra:
            c.say(path, f"unexpected field(s) {', '.join(extra)}; expected Name, Soft and Hard")
        if len(limits) == 2:
            soft = float("inf") if limits["Soft"] < 0 else limits["Soft"]
            hard = float("inf") if limits["Hard"] < 0 else limits["Hard"]
            if soft > hard:
                c.say(
                    path,
                    f"soft limit {limits['Soft']} is greater than hard limit {limits['Hard']}; expected Soft <= Hard",
                )


def _check_hosts(c: _Checker, value: list[Any]) -> None:
    for index, item in enumerate(value):
        if not isinstance(item, str):
            c.bad(f"hosts[{index}]", "a string URL", item)
        elif not item.startswith(HOST_SCHEMES):
            c.say("hosts", f"entry {item!r} must be a unix://, tcp://, fd:// or npipe:// URL")


def _check_ips(c: _Checker, key: str, value: list[Any]) -> None:
    for index, item in enumerate(value):
        try:
            ipaddress.ip_address(item if isinstance(item, str) else "")
        except ValueError:
            c.bad(f"{key}[{index}]", "an IP address", item)


def _check_address_pools(c: _Checker, value: list[Any]) -> None:
    for index, pool in enumerate(value):
        path = f"default-address-pools[{index}]"
        if not isinstance(pool, dict):
            c.bad(path, '{"base": "CIDR", "size": prefix length}', pool)
            continue
        base = pool.get("base")
        network = None
        try:
            network = ipaddress.ip_network(base if isinstance(base, str) else "", strict=False)
        except ValueError:
            c.bad(f"{path}.base", 'a CIDR such as "172.30.0.0/16"', base)
        size = pool.get("size")
        if not _is_int(size) or size < 1 or size > 128:
            c.bad(f"{path}.size", "a prefix length (integer)", size)
        elif network is not None and not network.prefixlen <= size <= network.max_prefixlen:
            c.say(
                f"{path}.size",
                f"size {size} must be between the base's prefix length {network.prefixlen} and {network.max_prefixlen}",
            )
        extra = sorted(set(pool) - {"base", "size"})
        if extra:
            c.say(path, f"unexpected field(s) {', '.join(extra)}; expected base and size")


def _check_runtimes(c: _Checker, value: dict[str, Any]) -> None:
    for name, runtime in value.items():
        path = f"runtimes.{name}"
        if not isinstance(runtime, dict):
            c.bad(path, '{"path": "/usr/bin/runtime"}', runtime)
            continue
        if "path" not in runtime and "runtimeType" not in runtime:
            c.say(path, 'expected a "path" (or "runtimeType")')
        for field in ("path", "runtimeType"):
            if field in runtime and not isinstance(runtime[field], str):
                c.bad(f"{path}.{field}", "a string", runtime[field])
        args = runtime.get("runtimeArgs")
        if args is not None:
            if isinstance(args, list):
                c.string_list(f"{path}.runtimeArgs", args)
            else:
                c.bad(f"{path}.runtimeArgs", "a list of strings", args)
        if "options" in runtime and not isinstance(runtime["options"], dict):
            c.bad(f"{path}.options", "an object", runtime["options"])


def _check_value(c: _Checker, key: str, value: Any) -> None:
    option = OPTIONS[key]
    if not _kind_ok(option.kind, value):
        c.bad(key, expected_form(key), value)
        return
    if option.choices and value not in option.choices:
        c.bad(key, "one of " + ", ".join(repr(choice) for choice in option.choices), value)
    if key in ("max-concurrent-downloads", "max-concurrent-uploads", "mtu", "network-control-plane-mtu"):
        if value < 0:
            c.bad(key, "an integer >= 0", value)
    elif key == "max-download-attempts" and value < 1:
        c.bad(key, "an integer >= 1", value)
    elif key == "default-shm-size" and not (is_size(value) or (_is_int(value) and value > 0)):
        c.bad(key, expected_form(key), value)
    elif key == "log-opts":
        _check_log_opts(c, value)
    elif key == "default-ulimits":
        _check_ulimits(c, value)
    elif key == "hosts":
        _check_hosts(c, value)
    elif key in ("dns", "host-gateway-ips"):
        _check_ips(c, key, value)
    elif key == "default-address-pools":
        _check_address_pools(c, value)
    elif key == "runtimes":
        _check_runtimes(c, value)
    elif key == "features":
        for name, item in value.items():
            if not isinstance(item, bool):
                c.bad(f"features.{name}", "a boolean (true/false)", item)
    elif key == "proxies":
        known = ("http-proxy", "https-proxy", "no-proxy")
        for name, item in value.items():
            if name not in known:
                c.unknown(f"proxies.{name}", known, None)
            elif not isinstance(item, str):
                c.bad(f"proxies.{name}", "a string", item)
    elif key == "default-network-opts":
        for driver, opts in value.items():
            if isinstance(opts, dict):
                c.string_map(f"default-network-opts.{driver}", opts)
            else:
                c.bad(f"default-network-opts.{driver}", "an object of string values", opts)
    elif key == "cluster-store-opts":
        c.string_map(key, value)
    elif option.kind == "list":
        c.string_list(key, value)


def validate_settings(settings: dict[str, Any], prefix: str = "") -> list[str]:
    """Problems with daemon.json ``settings``: unknown keys, wrong types and bad values.

    Each message names the key (``log-opts.max-size`` for nested ones) and
    the expected form. ``prefix`` is put in front of every message, for
    example ``"/etc/docker/daemon.json: "``. An empty list means no problem
    was found.
    """
    c = _Checker(prefix)
    if not isinstance(settings, dict):
        c.messages.append(f"{prefix}daemon.json must be a JSON object, got {_show(settings)}")
        return c.messages
    for key, value in settings.items():
        if key not in OPTIONS:
            c.unknown(key, OPTIONS, suggest_key(key))
            continue
        _check_value(c, key, value)
    return c.messages


def deprecated_keys(settings: dict[str, Any]) -> list[str]:
    """Notes for keys that newer Docker Engine releases no longer accept."""
    return [
        f"daemon.json key '{key}' is {OPTIONS[key].deprecated}"
        for key in settings
        if key in OPTIONS and OPTIONS[key].deprecated
    ]
