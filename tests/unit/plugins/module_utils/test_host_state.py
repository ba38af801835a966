"""The gatherer: its parsers, and one whole gather() against a fake /proc, fake commands and a canned engine."""

from __future__ import annotations

import datetime
import json
import os
from pathlib import Path
from typing import ClassVar

import pytest

from ansible_collections.hardened.docker.plugins.module_utils import _host_state
from ansible_collections.hardened.docker.plugins.module_utils._evaluate import Selection, evaluate
from ansible_collections.hardened.docker.plugins.module_utils._host_state import (
    parse_cmdline,
    parse_mountinfo,
    parse_proc_net_tcp,
    parse_proc_stat,
    parse_status_fields,
    parse_systemctl_show,
    read_daemon_json,
)

# -- parsers ---------------------------------------------------------------------------------------


def test_parse_cmdline():
    raw = b"/usr/sbin/dockerd\x00-H\x00fd://\x00--containerd=/run/containerd/containerd.sock\x00"
    assert parse_cmdline(raw) == ["/usr/sbin/dockerd", "-H", "fd://", "--containerd=/run/containerd/containerd.sock"]
    assert parse_cmdline(b"") == []
    assert parse_cmdline(b"dockerd\x00--label=caf\xe9\x00") == ["dockerd", "--label=caf\ufffd"]


def test_parse_proc_stat_with_awkward_command_names():
    assert parse_proc_stat("4242 (sshd) S 4200 4242 4242 0 -1 4194560 1 0 0 0") == (4242, "sshd", 4200)
    assert parse_proc_stat("77 (my (odd) proc) R 1 77 77 0 -1") == (77, "my (odd) proc", 1)


def test_parse_status_fields():
    text = "Name:\tnginx\nUid:\t0\t0\t0\t0\nNoNewPrivs:\t1\nSeccomp:\t2\nSeccomp_filters:\t1\n"
    assert parse_status_fields(text, ("NoNewPrivs", "Seccomp")) == {"NoNewPrivs": 1, "Seccomp": 2}
    assert parse_status_fields("Name:\tx\n", ("NoNewPrivs",)) == {"NoNewPrivs": None}


def test_parse_mountinfo_decodes_escapes():
    text = (
        "22 1 8:1 / / rw,relatime shared:1 - ext4 /dev/sda1 rw\n"
        "40 22 8:17 / /var/lib/docker rw,relatime shared:20 - xfs /dev/sdb1 rw\n"
        "41 22 0:50 / /mnt/with\\040space rw - tmpfs tmpfs rw\n"
        "42 22 8:17 / /var/lib/docker rw - xfs /dev/sdb1 rw\n"
    )
    assert parse_mountinfo(text) == ["/", "/var/lib/docker", "/mnt/with space"]


def test_parse_systemctl_show():
    out = (
        "FragmentPath=/lib/systemd/system/docker.socket\n"
        "Listen=/run/docker.sock (Stream)\n"
        "Listen=0.0.0.0:2375 (Stream)\n"
    )
    assert parse_systemctl_show(out) == {
        "path": "/lib/systemd/system/docker.socket",
        "listen": ["/run/docker.sock (Stream)", "0.0.0.0:2375 (Stream)"],
        "environment": {},
    }
    assert parse_systemctl_show("FragmentPath=\n") == {"path": None, "listen": [], "environment": {}}
    service = (
        "FragmentPath=/lib/systemd/system/docker.service\n"
        "Environment=DOCKER_TLS_VERIFY=1 PROXY=x DOCKER_CERT_PATH=/pki\n"
    )
    assert parse_systemctl_show(service)["environment"] == {"DOCKER_TLS_VERIFY": "1", "DOCKER_CERT_PATH": "/pki"}


def test_parse_proc_net_tcp():
    tcp = (
        "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode\n"
        "   0: 00000000:0949 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 1 1\n"
        "   1: 0B00140A:1F0A 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 2 1\n"
        "   2: 0100007F:0016 0200007F:D2F0 01 00000000:00000000 00:00000000 00000000     0        0 3 1\n"
    )
    assert parse_proc_net_tcp(tcp, ipv6=False) == [
        {"address": "0.0.0.0", "port": 2377},
        {"address": "10.20.0.11", "port": 7946},
    ]
    tcp6 = (
        "  sl  local_address                         remote_address                        st\n"
        "   0: 00000000000000000000000000000000:0949 00000000000000000000000000000000:0000 0A 0 0 0\n"
    )
    assert parse_proc_net_tcp(tcp6, ipv6=True) == [{"address": "::", "port": 2377}]


@pytest.mark.parametrize(
    ("raw", "content"),
    [
        (b"", {}),
        (b" \n\t", {}),
        (b'\xef\xbb\xbf{"icc": false}', {"icc": False}),
        ('\ufeff{"icc": false}'.encode("utf-16-be"), {"icc": False}),
    ],
    ids=["empty", "whitespace", "utf-8-bom", "utf-16-bom"],
)
def test_read_daemon_json_accepts_what_dockerd_23_accepts(tmp_path, raw, content):
    path = tmp_path / "daemon.json"
    path.write_bytes(raw)
    assert read_daemon_json(str(path), 26)["content"] == content
    assert read_daemon_json(str(path))["content"] == content  # engine version unknown: read as 23+ does
    # dockerd 20.10 does not start with such a file, so it cannot be the configuration in effect.
    record = read_daemon_json(str(path), 20)
    assert record["content"] is None and "dockerd 20.x refuses" in record["error"]


def test_read_daemon_json_keeps_the_last_of_repeated_keys(tmp_path):
    path = tmp_path / "daemon.json"
    path.write_text('{"icc": true, "log-opts": {"max-size": "1m", "max-size": "10m"}, "icc": false}')
    record = read_daemon_json(str(path), 20)
    assert record["content"] == {"icc": False, "log-opts": {"max-size": "10m"}}
    assert record["notes"] == [
        "key 'max-size' appears more than once; dockerd uses the last value",
        "key 'icc' appears more than once; dockerd uses the last value",
    ]


def test_read_daemon_json_rejects_what_go_rejects(tmp_path):
    path = tmp_path / "daemon.json"
    path.write_text('{"max-concurrent-downloads": NaN}')
    assert read_daemon_json(str(path))["error"] == "invalid JSON value NaN"
    path.write_bytes(b'{"label": "\xff"}')
    assert read_daemon_json(str(path))["error"] == "not valid UTF-8 text at byte 11"


def test_read_daemon_json(tmp_path):
    path = tmp_path / "daemon.json"
    assert read_daemon_json(str(path)) == {
        "path": str(path),
        "exists": False,
        "content": None,
        "error": None,
        "notes": [],
    }
    path.write_text('{"icc": false}')
    assert read_daemon_json(str(path))["content"] == {"icc": False}
    path.write_text('{\n  "icc": false\n  "log-level": "info"\n}\n')
    record = read_daemon_json(str(path))
    assert (record["error"], record["line"], record["column"]) == ("Expecting ',' delimiter", 3, 3)
    path.write_text("[1, 2]")
    assert read_daemon_json(str(path))["error"] == "the top level must be a JSON object, not list"


# -- one whole gather ------------------------------------------------------------------------------

WEB_ID = "3f2a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8"
PEM = "-----BEGIN CERTIFICATE-----\nMIIBszCCAVmgAwIBAgIUQ2Fs\nbG1lSXNobWFlbA==\n-----END CERTIFICATE-----\n"
KEY = "-----BEGIN PRIVATE KEY-----\nMIGHAgEAMBMGByqGSM49AgEGCCqGSM49\nc2VjcmV0\n-----END PRIVATE KEY-----\n"


def _proc(root: Path, pid: int, comm: str, ppid: int, status: str = "", cmdline: bytes = b"") -> None:
    d = root / str(pid)
    d.mkdir(parents=True)
    (d / "stat").write_text(f"{pid} ({comm}) S {ppid} {pid} {pid} 0 -1 4194560")
    (d / "status").write_text(status or "Name:\t" + comm + "\nUid:\t0\t0\t0\t0\n")
    (d / "cmdline").write_bytes(cmdline or comm.encode() + b"\x00")
    (d / "ns").mkdir()
    os.symlink("pid:[4026531836]", d / "ns" / "pid")


@pytest.fixture()
def fake_host(tmp_path, monkeypatch):
    proc = tmp_path / "proc"
    (proc / "self" / "ns").mkdir(parents=True)
    os.symlink("pid:[4026531836]", proc / "self" / "ns" / "pid")
    (proc / "self" / "mountinfo").write_text(
        "22 1 8:1 / / rw - ext4 /dev/sda1 rw\n40 22 8:17 / /var/lib/docker rw - xfs /dev/sdb1 rw\n"
    )
    _proc(proc, 812, "dockerd", 1, cmdline=b"/usr/sbin/dockerd\x00--containerd=/run/containerd/containerd.sock\x00")
    os.symlink("/usr/sbin/dockerd", proc / "812" / "exe")
    (proc / "812" / "environ").write_bytes(
        b"HOME=/root\0HTTPS_PROXY=http://u:secret@proxy\0DOCKER_CERT_PATH=/etc/docker/certs\0"
    )
    _proc(proc, 4100, "dockerd", 4000, status="Name:\tdockerd\nUid:\t0\t0\t0\t0\n")  # a nested dockerd in a container
    os.unlink(proc / "4100" / "ns" / "pid")
    os.symlink("pid:[4026532999]", proc / "4100" / "ns" / "pid")
    _proc(proc, 41231, "run", 900, status="Name:\trun\nNoNewPrivs:\t1\nSeccomp:\t2\n")
    _proc(proc, 41300, "sshd", 41231)
    _proc(proc, 41301, "bash", 41300)

    tls = tmp_path / "tls"
    tls.mkdir()
    for name, text, mode in (("ca.pem", PEM, 0o444), ("cert.pem", PEM, 0o444), ("key.pem", KEY, 0o600)):
        (tls / name).write_text(text)
        (tls / name).chmod(mode)
    daemon_json = tmp_path / "daemon.json"
    daemon_json.write_text(
        json.dumps(
            {
                "hosts": ["unix:///var/run/docker.sock", "tcp://0.0.0.0:2376"],
                "tlsverify": True,
                "tlscacert": str(tls / "ca.pem"),
                "tlscert": str(tls / "cert.pem"),
                "tlskey": str(tls / "key.pem"),
            },
            indent=2,
        )
    )
    daemon_json.chmod(0o644)

    engine = {
        "engine": {
            "socket": "/var/run/docker.sock",
            "error": None,
            "info": {"SecurityOptions": ["name=seccomp,profile=builtin"], "Swarm": {"LocalNodeState": "inactive"}},
            "version": {"Version": "26.1.5"},
            "networks": [],
        },
        "containers": [{"Id": WEB_ID, "Name": "/web", "State": {"Running": True, "Pid": 41231}, "HostConfig": {}}],
        "images": {},
        "execs": {},
    }
    monkeypatch.setattr(
        _host_state, "_gather_engine", lambda socket_path, timeout, objects=True: json.loads(json.dumps(engine))
    )
    monkeypatch.setattr(_host_state.shutil, "which", lambda name, path=None: f"/usr/bin/{name}")
    monkeypatch.setattr(_host_state.os, "geteuid", lambda: 0)
    commands = []

    def run(argv):
        commands.append(argv)
        if argv[1] == "show":
            unit = argv[-1]
            listen = "Listen=/run/docker.sock (Stream)\n" if unit == "docker.socket" else ""
            return 0, f"FragmentPath=/lib/systemd/system/{unit}\n{listen}", ""
        if argv[1] == "-l":
            return 0, "-w /usr/sbin/dockerd -p wa -k docker\n-w /usr/bin/containerd-shim -p wa -k docker\n", ""
        if argv[1] == "-s":
            return 0, AUDITCTL_STATUS, ""
        raise AssertionError(argv)

    return {"proc": proc, "daemon_json": daemon_json, "tls": tls, "run": run, "commands": commands}


def test_gather(fake_host):
    state = _host_state.gather(
        "/var/run/docker.sock",
        fake_host["run"],
        daemon_json=str(fake_host["daemon_json"]),
        proc_root=str(fake_host["proc"]),
    )
    json.dumps(state)  # plain JSON
    assert state["schema"] == 2
    assert state["dockerd"] == {
        "pid": 812,
        "uid": 0,
        "exe": "/usr/sbin/dockerd",
        "argv": ["/usr/sbin/dockerd", "--containerd=/run/containerd/containerd.sock"],
        "error": None,
        "env": {"DOCKER_CERT_PATH": "/etc/docker/certs", "HOME": "/root"},  # nothing else of the environment
        "env_error": None,
    }
    assert state["processes"][WEB_ID] == {
        "pid": 41231,
        "comms": ["bash", "run", "sshd"],
        "no_new_privs": 1,
        "seccomp": 2,
        "error": None,
    }
    assert state["units"]["docker.socket"] == {
        "path": "/lib/systemd/system/docker.socket",
        "listen": ["/run/docker.sock (Stream)"],
        "environment": {},
    }
    assert state["audit"]["loaded"] == [
        "-w /usr/sbin/dockerd -p wa -k docker",
        "-w /usr/bin/containerd-shim -p wa -k docker",
    ]
    assert state["mounts"] == ["/", "/var/lib/docker"]
    assert state["daemon_json"]["content"]["tlsverify"] is True
    assert state["rootless"]["enabled"] is False
    assert state["listeners"] == []
    # Every path a check may look up was stat()ed, including the TLS files named in daemon.json.
    for name in ("ca.pem", "cert.pem", "key.pem"):
        assert state["paths"][str(fake_host["tls"] / name)]["exists"] is True
    assert state["paths"][str(fake_host["tls"] / "key.pem")]["mode"] == "0600"
    for path in ("/etc/docker", "/var/run/docker.sock", "/lib/systemd/system/docker.service", "/usr/sbin/runc"):
        assert path in state["paths"]
    assert state["audit"]["resolved"]["/usr/sbin/dockerd"] == os.path.realpath("/usr/sbin/dockerd")
    assert state["audit"]["enabled"] == 1
    assert [c[1] for c in fake_host["commands"]] == ["show", "show", "-l", "-s"]


def test_multi_line_pem_files_are_only_stat_ed(fake_host):
    state = _host_state.gather(
        "/var/run/docker.sock",
        fake_host["run"],
        daemon_json=str(fake_host["daemon_json"]),
        proc_root=str(fake_host["proc"]),
    )
    text = json.dumps(state)
    assert "BEGIN CERTIFICATE" not in text and "PRIVATE KEY" not in text and "c2VjcmV0" not in text
    got = {
        r["id"]: r
        for r in evaluate(
            state, "1.6.0", Selection(ids=frozenset({"2.7", "3.9", "3.10", "3.14"})), [], datetime.date.today()
        )["results"]
    }
    assert got["2.7"]["status"] == "pass"
    assert got["3.9"]["status"] == "pass" and got["3.10"]["status"] == "pass"  # owned by root, 0444
    assert got["3.14"]["status"] == "fail"
    assert got["3.14"]["evidence"] == [
        f"{fake_host['tls'] / 'key.pem'} has mode 0600, want 0400 or stricter (extra bits 0200)"
    ]
    assert got["2.7"]["evidence"][0].startswith("TCP listeners tcp://0.0.0.0:2376 verify client certificates")


def test_gather_without_auditctl_reads_rule_files(fake_host, monkeypatch):
    monkeypatch.setattr(
        _host_state.shutil, "which", lambda name, path=None: None if name == "auditctl" else f"/usr/bin/{name}"
    )
    audit = _host_state._gather_audit(fake_host["run"])
    assert audit["loaded"] is None and audit["auditctl_missing"] is True
    assert audit["auditctl_error"] == "auditctl is not installed"


def test_gather_when_auditctl_is_refused(fake_host, monkeypatch):
    def refused(argv):
        return 1, "", "You must be root to run this program.\n"

    audit = _host_state._gather_audit(refused)
    assert audit["loaded"] is None and audit["auditctl_missing"] is False
    assert audit["auditctl_error"] == "auditctl -l failed: You must be root to run this program."


AUDITCTL_STATUS = (
    "enabled 1\nfailure 1\npid 512\nrate_limit 0\nbacklog_limit 8192\nlost 0\nbacklog 0\n"
    "backlog_wait_time 60000\nbacklog_wait_time_actual 0\nloginuid_immutable 0 unlocked\n"
)


@pytest.mark.parametrize(
    ("text", "enabled"),
    [(AUDITCTL_STATUS, 1), (AUDITCTL_STATUS.replace("enabled 1", "enabled 0"), 0), ("enabled 2\n", 2), ("", None)],
)
def test_parse_auditctl_status(text, enabled):
    assert _host_state.parse_auditctl_status(text) == enabled


def test_auditctl_error_in_a_container_is_one_line(fake_host):
    def refused(argv):
        return (
            255,
            "",
            "Error sending rule list data request (Operation not permitted)\n"
            "There was an error while processing parameters\n",
        )

    audit = _host_state._gather_audit(refused)
    assert audit["loaded"] is None and audit["enabled"] is None
    assert audit["auditctl_error"] == (
        "auditctl -l failed: Error sending rule list data request (Operation not permitted); "
        "There was an error while processing parameters"
    )


def test_units_without_systemd(monkeypatch):
    monkeypatch.setattr(_host_state.shutil, "which", lambda name, path=None: None)
    assert _host_state._gather_units(lambda argv: (0, "", "")) == {
        "error": "systemctl not found (not a systemd host?)",
        "systemd": False,
    }


def test_registry_certs_unreadable_is_an_error(tmp_path, monkeypatch):
    base = tmp_path / "certs.d"
    (base / "registry:5000").mkdir(parents=True)
    (base / "registry:5000" / "ca.crt").write_text("x")
    monkeypatch.setattr(_host_state, "REGISTRY_CERTS_DIR", str(base))
    assert _host_state._gather_registry_certs({}) == {
        "dir": str(base),
        "files": [str(base / "registry:5000" / "ca.crt")],
        "error": None,
    }
    real = _host_state._list_dir

    def refuse(path):
        if path == str(base):
            raise PermissionError(13, "Permission denied", path)
        return real(path)

    monkeypatch.setattr(_host_state, "_list_dir", refuse)
    assert _host_state._gather_registry_certs({})["error"] == f"{base}: Permission denied"
    monkeypatch.setattr(_host_state, "REGISTRY_CERTS_DIR", str(tmp_path / "missing"))
    assert _host_state._gather_registry_certs({})["error"] is None


def test_listeners_unreadable_are_not_recorded(tmp_path):
    assert _host_state._gather_listeners(str(tmp_path)) is None
    (tmp_path / "net").mkdir()
    (tmp_path / "net" / "tcp").write_text("  sl  local_address rem_address   st\n")
    assert _host_state._gather_listeners(str(tmp_path)) == []


def test_container_pid_not_visible(fake_host):
    running = {"Id": "x", "State": {"Running": True, "Pid": 999999}}
    stopped = {"Id": "y", "State": {"Running": False, "Pid": 0}}
    processes = _host_state._gather_processes([running, stopped], str(fake_host["proc"]))
    assert processes["x"]["error"] == f"PID 999999 is not visible in {fake_host['proc']}"
    assert "y" not in processes  # a stopped container has no processes to read


def test_rootless_detection(tmp_path):
    by_socket = _host_state._gather_rootless("/run/user/0/docker.sock", None)
    assert by_socket["enabled"] is True and by_socket["uid"] == 0 and by_socket["user"] == "root"
    sock = tmp_path / "d.sock"
    sock.write_text("")
    by_info = _host_state._gather_rootless(
        str(sock), {"SecurityOptions": ["name=seccomp,profile=builtin", "name=rootless"]}
    )
    assert by_info["enabled"] is True and by_info["detected_by"] == "/info SecurityOptions name=rootless"
    assert _host_state._gather_rootless("/var/run/docker.sock", {"SecurityOptions": []})["enabled"] is False


def test_daemon_json_path_choice():
    dockerd = {"argv": ["/usr/sbin/dockerd", "--config-file", "/srv/docker.json"]}
    assert _host_state._daemon_json_path(None, dockerd, {}) == "/srv/docker.json"
    assert _host_state._daemon_json_path("/x.json", dockerd, {}) == "/x.json"
    rootless = {"enabled": True, "home": "/home/alice"}
    assert _host_state._daemon_json_path(None, {"argv": None}, rootless) == "/home/alice/.config/docker/daemon.json"
    assert _host_state._daemon_json_path(None, {"argv": None}, {}) == "/etc/docker/daemon.json"


def test_content_trust_and_env_files_keep_only_relevant_lines(tmp_path, monkeypatch):
    env = tmp_path / "environment"
    env.write_text('PATH="/usr/bin"\nDOCKER_CONTENT_TRUST=1\nHTTP_PROXY=http://user:secret@proxy:3128\n')
    monkeypatch.setattr(_host_state, "CONTENT_TRUST_FILES", (str(env), str(tmp_path / "profile.d" / "*.sh")))
    assert _host_state._gather_content_trust() == {str(env): ["DOCKER_CONTENT_TRUST=1"]}
    default = tmp_path / "default-docker"
    default.write_text('DOCKER_OPTS="--icc=false"\nhttp_proxy="http://user:secret@proxy:3128"\n')
    monkeypatch.setattr(_host_state, "ENV_FILES", (str(default), str(tmp_path / "missing")))
    assert _host_state._gather_env_files() == {
        str(default): ['DOCKER_OPTS="--icc=false"'],
        str(tmp_path / "missing"): None,
    }


@pytest.mark.parametrize(
    ("content", "mode"), [(None, "disabled"), ("1\n", "enforcing"), ("0", "permissive"), ("x", None)]
)
def test_gather_selinux(tmp_path, content, mode):
    if content is not None:
        (tmp_path / "fs" / "selinux").mkdir(parents=True)
        (tmp_path / "fs" / "selinux" / "enforce").write_text(content)
    record = _host_state._gather_selinux(str(tmp_path))
    assert record["mode"] == mode
    assert (record["error"] is None) == (mode is not None)


def test_gather_selinux_unreadable_is_an_error(tmp_path):
    (tmp_path / "fs" / "selinux" / "enforce").mkdir(parents=True)  # reading a directory fails
    record = _host_state._gather_selinux(str(tmp_path))
    assert record["mode"] is None and record["error"].startswith("cannot read")


def test_gather_audit_records_rule_files_it_cannot_read(tmp_path, monkeypatch):
    rules_d = tmp_path / "rules.d"
    rules_d.mkdir()
    (rules_d / "docker.rules").write_text("-w /etc/docker -p wa -k docker\n")
    (rules_d / ".hidden.rules").write_text("-w /tmp -k x\n")
    monkeypatch.setattr(_host_state, "AUDIT_RULES_DIR", str(rules_d))
    monkeypatch.setattr(_host_state, "AUDIT_RULES_FILE", str(tmp_path / "audit.rules"))  # absent: fine
    monkeypatch.setattr(_host_state.shutil, "which", lambda name, path=None: None)
    audit = _host_state._gather_audit(lambda argv: (1, "", ""))
    assert audit["files"] == {str(rules_d / "docker.rules"): ["-w /etc/docker -p wa -k docker"]}
    assert audit["unreadable"] == []
    assert audit["auditctl_missing"] is True

    real_listdir = os.listdir

    def refuse(path):
        if path == str(rules_d):
            raise PermissionError(13, "Permission denied")
        return real_listdir(path)

    monkeypatch.setattr(_host_state.os, "listdir", refuse)
    audit = _host_state._gather_audit(lambda argv: (1, "", ""))
    assert audit["files"] == {}
    assert audit["unreadable"] == [f"{rules_d} (Permission denied)"]


def test_gather_unreadable_mountinfo_is_not_an_empty_mount_table(fake_host):
    (fake_host["proc"] / "self" / "mountinfo").unlink()
    state = _host_state.gather(
        "/var/run/docker.sock",
        fake_host["run"],
        daemon_json=str(fake_host["daemon_json"]),
        proc_root=str(fake_host["proc"]),
    )
    assert state["mounts"] is None  # 1.1.1 then says error, not "on /"


class _ListingAPI:
    """An Engine API that answers /info, /version and /networks, and records what else was asked."""

    asked: ClassVar[list[str]] = []

    def __init__(self, socket_path: str, timeout: float) -> None:
        pass

    def __enter__(self) -> _ListingAPI:
        return self

    def __exit__(self, *exc: object) -> None:
        return None

    def get(self, path: str) -> object:
        return [] if path == "/networks" else {"ServerVersion": "26.1.5"}

    def list_containers(self) -> list:
        self.asked.append("containers")
        return [{"Id": "c1"}]

    def inspect_container(self, container_id: str) -> dict:
        return {"Id": container_id, "Image": "sha256:i1", "ExecIDs": []}

    def list_images(self) -> list:
        self.asked.append("images")
        return []

    def inspect_image(self, image_id: str) -> dict:
        return {"Id": image_id}


@pytest.mark.parametrize(("objects", "asked", "containers"), [(True, ["containers", "images"], 1), (False, [], 0)])
def test_gather_engine_inspects_containers_and_images_only_with_objects(monkeypatch, objects, asked, containers):
    _ListingAPI.asked = []
    monkeypatch.setattr(_host_state, "DockerAPI", _ListingAPI)
    found = _host_state._gather_engine("/var/run/docker.sock", 1.0, objects)
    assert _ListingAPI.asked == asked
    assert len(found["containers"]) == containers and len(found["images"]) == containers
    assert found["engine"]["info"] == {"ServerVersion": "26.1.5"}
