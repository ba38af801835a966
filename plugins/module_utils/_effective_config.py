# Private to the hardened.docker collection: not a public API, may change without notice.
"""The daemon's effective configuration: daemon.json merged with dockerd's flags.

dockerd refuses to start when a setting is given both as a flag and in
daemon.json, so for a running daemon the two sources never disagree and a
flag's value is the effective one. Settings that /info also reports are
confirmed against /info by the checks themselves.

When dockerd's command line could not be read, a key that daemon.json sets is
still known (no flag may repeat it), but a key that daemon.json leaves out may
be set by a flag: its value is unknown, never silently the default.
"""

from __future__ import annotations

import json
import posixpath
from typing import Any, Callable, NamedTuple

from ansible_collections.hardened.docker.plugins.module_utils._dockerd_args import parse_dockerd_args
from ansible_collections.hardened.docker.plugins.module_utils._results import CheckError


class Setting(NamedTuple):
    key: str
    value: Any
    source: str  # "flag", "daemon.json" or "default"
    text: str  # evidence line describing where the value came from


TLS_FILES = (("tlscacert", "ca.pem"), ("tlscert", "cert.pem"), ("tlskey", "key.pem"))


def truthy(value: Any) -> bool:
    if isinstance(value, str):
        return value.strip().lower() in ("1", "true", "yes", "on")
    return bool(value)


def format_value(value: Any) -> str:
    if isinstance(value, str):
        return value
    return json.dumps(value, sort_keys=True, separators=(",", ":"))


def daemon_json_problem(record: dict[str, Any]) -> str | None:
    """Why daemon.json cannot be used, or None when it was read (or is absent, which is fine)."""
    error = record.get("error")
    if not error:
        return None
    path = record.get("path") or "daemon.json"
    if record.get("line") is not None:
        return f"{path} is not valid JSON: line {record['line']} column {record.get('column')}: {error}"
    return f"cannot use {path}: {error}"


class EffectiveConfig:
    def __init__(self, daemon_json: dict[str, Any], dockerd: dict[str, Any]) -> None:
        self.json_path = daemon_json.get("path") or "daemon.json"
        self.json_problem = daemon_json_problem(daemon_json)
        content = daemon_json.get("content")
        self.json: dict[str, Any] = content if isinstance(content, dict) else {}
        self.json_notes = [f"{self.json_path}: {note}" for note in daemon_json.get("notes") or []]
        argv = dockerd.get("argv")
        self.running = bool(argv)
        self.dockerd_problem = dockerd.get("error") or "dockerd was not found"
        self.flags: dict[str, Any] = {}
        self.unknown_flags: list[str] = []
        if argv:
            self.flags, self.unknown_flags = parse_dockerd_args(list(argv))

    def notes(self) -> list[str]:
        """Caveats that apply to every setting read from this config."""
        if not self.running:
            return [
                f"dockerd's flags are unknown ({self.dockerd_problem}): only daemon.json was read",
                *self.json_notes,
            ]
        if self.unknown_flags:
            return [f"dockerd flags not understood (not evaluated): {' '.join(self.unknown_flags)}", *self.json_notes]
        return list(self.json_notes)

    def get(self, key: str, default: Any = None) -> Setting:
        """The effective value of one daemon.json key; raises CheckError when it cannot be known."""
        if key in self.flags:
            value = self.flags[key]
            return Setting(key, value, "flag", f"dockerd flag sets {key}={format_value(value)}")
        if self.json_problem:
            raise CheckError(self.json_problem)
        if key in self.json:
            value = self.json[key]
            return Setting(key, value, "daemon.json", f"daemon.json {key}={format_value(value)} ({self.json_path})")
        if not self.running:
            raise CheckError(
                f"{key} is not set in {self.json_path}, and dockerd's flags, which may set it, are unknown "
                f"({self.dockerd_problem})"
            )
        shown = "" if default is None else f" (default {format_value(default)})"
        return Setting(key, default, "default", f"{key} is not set in daemon.json or dockerd flags{shown}")

    def explicit(self, key: str) -> Setting | None:
        """The setting when a dockerd flag or daemon.json gives it, None when neither does."""
        setting = self.get(key)
        return None if setting.source == "default" else setting


class TLSDecision(NamedTuple):
    on: bool
    verified: bool  # clients must present a certificate signed by tlscacert
    files: dict[str, str]  # tlscacert/tlscert/tlskey -> the path dockerd uses; a key is absent when it uses none
    evidence: tuple[str, ...]


def decide_tls(cfg: EffectiveConfig, env: Callable[[], dict[str, str]], home: str) -> TLSDecision:
    """TLS of the API as dockerd (Engine 20.10+) decides it; `env()` is dockerd's environment or CheckError.

    moby cmd/dockerd/daemon.go loadDaemonCliConfig: --tls sets TLS; any --tlsverify flag or daemon.json
    tlsverify key, even false, sets TLSVerify and turns TLS on; an unset TLSVerify takes TLS's value, and
    newAPIServerTLSConfig requires client certificates unless TLSVerify is false. cmd/dockerd/options.go:
    the default files live in DOCKER_CERT_PATH (else DOCKER_CONFIG, else ~/.docker), and setDefaultOptions
    keeps them (and any --tlscacert/--tlscert/--tlskey flag) only when --tls, --tlsverify or
    DOCKER_TLS_VERIFY turned TLS on; otherwise only the paths in daemon.json are used.
    """
    verify = cfg.explicit("tlsverify")
    tls = cfg.explicit("tls") if verify is None else None  # with tlsverify given, tls changes nothing

    def from_flags() -> bool:  # opts.TLS after setDefaultOptions
        if "tlsverify" in cfg.flags or truthy(cfg.flags.get("tls")):
            return True
        return bool(env().get("DOCKER_TLS_VERIFY"))

    if verify is not None:
        on, why = True, verify.text
    elif tls is not None:
        on = from_flags() if tls.source == "flag" else truthy(tls.value)
        why = tls.text if truthy(tls.value) == on else f"{tls.text}, but DOCKER_TLS_VERIFY is set"
    else:
        return TLSDecision(False, False, {}, ("tls and tlsverify are not set: the API does not use TLS",))
    if not on:
        return TLSDecision(False, False, {}, (f"{why}: the API does not use TLS",))
    verified = verify is None or truthy(verify.value)
    evidence = [f"{why}: TLS on, client certificates {'verified' if verified else 'NOT verified'}"]
    files: dict[str, str] = {}
    for key, name in TLS_FILES:
        setting = cfg.explicit(key)
        if setting is not None and setting.source == "daemon.json":
            files[key] = str(setting.value)
        elif from_flags():
            if setting is not None:
                files[key] = str(setting.value)
            else:
                environ = env()
                base = environ.get("DOCKER_CERT_PATH") or environ.get("DOCKER_CONFIG")
                files[key] = posixpath.join(base or posixpath.join(environ.get("HOME") or home, ".docker"), name)
                evidence.append(f"{key} defaults to {files[key]}")
        elif setting is not None:
            evidence.append(f"{setting.text} is ignored: TLS is on only through daemon.json")
    return TLSDecision(True, verified, files, tuple(evidence))
