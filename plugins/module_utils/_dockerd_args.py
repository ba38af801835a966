# Private to the hardened.docker collection: not a public API, may change without notice.
"""A running dockerd's argv in daemon.json form, and the settings it gives both as a flag and in daemon.json.

``cis_audit`` merges these settings with daemon.json into the effective
configuration; ``daemon_config`` refuses a key that a flag sets too, because
dockerd then does not start.

Standard library only: this file runs on the target.
"""

from __future__ import annotations

import json
from typing import Any, Sequence

from ansible_collections.hardened.docker.plugins.module_utils._daemon_options import FLAG_TO_KEY, OPTIONS

DEFAULT_CONFIG_FILE = "/etc/docker/daemon.json"

# parse_dockerd_args() reports --config-file under this key. It is not a
# daemon.json key (daemon.json cannot name itself).
CONFIG_FILE_KEY = "config-file"


# The three proxy flags set one sub-key each of "proxies".
_PROXY_FLAGS = {"--http-proxy": "http-proxy", "--https-proxy": "https-proxy", "--no-proxy": "no-proxy"}

# Flags that are not daemon.json settings. The value says whether they take a value.
_OTHER_FLAGS: dict[str, bool] = {
    "--config-file": True,
    "--validate": False,
    "-v": False,
    "--version": False,
    "-h": False,
    "--help": False,
    "-r": False,
    "--restart": False,
}

# dockerd merges these when they come from both sources instead of refusing to start.
_MERGED_KEYS = frozenset({"runtimes"})

_TRUE = frozenset({"1", "t", "T", "true", "TRUE", "True"})
_FALSE = frozenset({"0", "f", "F", "false", "FALSE", "False"})


def _parse_bool(text: str) -> bool | None:
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    return None


def _parse_int(text: str) -> int | str:
    try:
        return int(text, 10)
    except ValueError:
        return text


def parse_ulimit(text: str) -> dict[str, Any] | None:
    """``nofile=1024:2048`` (or ``nofile=1024``) -> daemon.json form, None when malformed."""
    name, sep, limits = text.partition("=")
    if not sep or not name:
        return None
    soft_text, colon, hard_text = limits.partition(":")
    try:
        soft = int(soft_text, 10)
        hard = int(hard_text, 10) if colon else soft
    except ValueError:
        return None
    return {"Name": name, "Soft": soft, "Hard": hard}


def _parse_address_pool(text: str) -> dict[str, Any] | None:
    pool: dict[str, Any] = {}
    for part in text.split(","):
        name, sep, value = part.partition("=")
        if not sep:
            return None
        name = name.strip().lower()
        pool[name] = _parse_int(value) if name == "size" else value
    return pool


def _assign(settings: dict[str, Any], flag: str, key: str, value: str) -> bool:
    """Store one flag value in daemon.json form. False when the value is malformed."""
    option = OPTIONS[key]
    if key == "proxies":
        settings.setdefault(key, {})[_PROXY_FLAGS[flag]] = value
    elif key in ("log-opts", "cluster-store-opts"):
        name, _sep, item = value.partition("=")
        settings.setdefault(key, {})[name] = item
    elif key == "features":
        name, sep, item = value.partition("=")
        enabled = _parse_bool(item) if sep else True
        if enabled is None:
            return False
        settings.setdefault(key, {})[name] = enabled
    elif key == "runtimes":
        name, sep, path = value.partition("=")
        if not sep:
            return False
        settings.setdefault(key, {})[name] = {"path": path}
    elif key == "default-network-opts":
        driver, sep, rest = value.partition("=")
        name, sep2, item = rest.partition("=")
        if not sep or not sep2:
            return False
        settings.setdefault(key, {}).setdefault(driver, {})[name] = item
    elif key == "default-address-pools":
        pool = _parse_address_pool(value)
        if pool is None:
            return False
        settings.setdefault(key, []).append(pool)
    elif option.kind == "ulimits":
        ulimit = parse_ulimit(value)
        if ulimit is None:
            return False
        settings.setdefault(key, {})[ulimit["Name"]] = ulimit
    elif option.kind == "list":
        settings.setdefault(key, []).append(value)
    elif option.kind == "int":
        number = _parse_int(value)
        if isinstance(number, str):
            return False
        settings[key] = number
    elif option.kind == "bool":
        parsed = _parse_bool(value)
        if parsed is None:
            return False
        settings[key] = parsed
    else:
        settings[key] = value
    return True


def _split_token(token: str) -> tuple[str, str | None, str]:
    """``--a=b`` -> ("--a", "b", ""), ``-Hfd://`` -> ("-H", None, "fd://"), ``-D`` -> ("-D", None, "")."""
    if token.startswith("--"):
        name, sep, value = token.partition("=")
        return name, (value if sep else None), ""
    flag, rest = token[:2], token[2:]
    if rest.startswith("="):
        return flag, rest[1:], ""
    return flag, None, rest


def _takes_value(flag: str) -> bool:
    if flag in _OTHER_FLAGS:
        return _OTHER_FLAGS[flag]
    return OPTIONS[FLAG_TO_KEY[flag]].kind != "bool"


def parse_dockerd_args(argv: Sequence[str]) -> tuple[dict[str, Any], list[str]]:
    """A dockerd argv -> (settings in daemon.json form, flags that could not be understood).

    ``argv[0]`` may be included (it is skipped when it is not a flag). Flags
    follow dockerd's parser (pflag): ``--flag=value``, ``--flag value``,
    booleans as ``--flag`` or ``--flag=false`` (a boolean never takes the next
    word), short flags as ``-H fd://``, ``-H=fd://`` or ``-Hfd://``, and list
    flags repeated. ``--config-file`` is returned under ``CONFIG_FILE_KEY``.
    """
    args = list(argv)
    if args and not args[0].startswith("-"):
        args = args[1:]
    settings: dict[str, Any] = {}
    unknown: list[str] = []
    i = 0
    while i < len(args):
        token = args[i]
        i += 1
        if token == "--":
            unknown.extend(args[i:])
            break
        if not token.startswith("-") or token == "-":
            unknown.append(token)
            continue
        flag, value, attached = _split_token(token)
        if flag not in FLAG_TO_KEY and flag not in _OTHER_FLAGS:
            # Unknown: if it seems to take a value, keep the value with it.
            if value is None and not attached and i < len(args) and not args[i].startswith("-"):
                token = f"{token} {args[i]}"
                i += 1
            unknown.append(token)
            continue
        if attached:
            if not _takes_value(flag):  # "-Dx": combined short flags are not something dockerd units use
                unknown.append(token)
                continue
            value = attached
        if value is None:
            if _takes_value(flag):
                if i >= len(args):
                    unknown.append(token)
                    continue
                value = args[i]
                i += 1
            else:
                value = "true"
        if flag in _OTHER_FLAGS:
            if flag == "--config-file":
                settings[CONFIG_FILE_KEY] = value
            continue
        if not _assign(settings, flag, FLAG_TO_KEY[flag], value):
            unknown.append(f"{flag}={value}")
    return settings, unknown


def config_file_of(argv_settings: dict[str, Any], uid: int | None = 0) -> str | None:
    """The daemon.json a dockerd with these flags reads; None when it cannot be told (rootless)."""
    if argv_settings.get(CONFIG_FILE_KEY):
        return str(argv_settings[CONFIG_FILE_KEY])
    if uid == 0 and not argv_settings.get("rootless"):
        return DEFAULT_CONFIG_FILE
    return None


# --------------------------------------------------------------------------
# daemon.json versus flags
# --------------------------------------------------------------------------


def _flag_text(key: str, sub: str | None = None) -> str:
    if sub is not None:  # proxies
        return "--" + sub
    return "/".join(OPTIONS[key].flags) if key in OPTIONS else "--" + key


def flag_conflicts(settings: dict[str, Any], argv_settings: dict[str, Any]) -> list[str]:
    """Keys set both in daemon.json (``settings``) and by dockerd flags (``argv_settings``).

    dockerd refuses to start in that case ("the following directives are
    specified both as a flag and in the configuration file"). ``argv_settings``
    is the first value returned by ``parse_dockerd_args``.
    """
    messages = []
    fix = "with a systemd drop-in that resets ExecStart (an empty 'ExecStart=' line, then the full command without it)"
    for key, flag_value in argv_settings.items():
        if key == CONFIG_FILE_KEY or key in _MERGED_KEYS:
            continue
        if key == "proxies" and isinstance(flag_value, dict):
            in_file = settings.get("proxies")
            in_file = in_file if isinstance(in_file, dict) else {}
            pairs = [(f"proxies.{sub}", _flag_text(key, sub), flag_value[sub]) for sub in flag_value if sub in in_file]
        elif key in settings:
            pairs = [(key, _flag_text(key), flag_value)]
        else:
            pairs = []
        for name, flag, value in pairs:
            if isinstance(value, list) and all(isinstance(item, str) for item in value):
                shown = ", ".join(value)
            else:
                shown = value if isinstance(value, str) else json.dumps(value, sort_keys=True)
            message = (
                f"daemon.json key '{name}' is also set by the dockerd flag {flag} ({shown}); dockerd refuses to "
                "start when a directive is specified both as a flag and in the configuration file. "
                f"Remove {flag} from docker.service {fix}, or drop '{name}' from daemon.json."
            )
            if key == "hosts":
                message += (
                    " For Debian's unit: 'ExecStart=' followed by "
                    "'ExecStart=/usr/sbin/dockerd --containerd=/run/containerd/containerd.sock'."
                )
            messages.append(message)
    return messages
