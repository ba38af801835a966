# Private to the hardened.docker collection: not a public API, may change without notice.
"""The CIS Docker Benchmark catalog as data: one list of controls, and each version a view of it.

Every control has a stable key (``userland_proxy``) that keeps its meaning across
versions; a CIS id is a per-version label on it. A control's id in a version is
its place in its group in that version (the 16th control of group 2 is 2.16), so
1.8.0's new 2.7 renumbers 1.7.0's 2.7-2.18 to 2.8-2.19 with no copied list.
Where a version changed a control, a ``Since`` entry names what that version and
the later ones use instead: another check (``_registry.CHECKS``), title or
remediation, and says what changed in our words.

Two facts are kept apart: ``automated`` is whether this collection decides the
control (pass or fail; the score counts only these), ``cis_label`` is the
benchmark's own assessment status. Facts the reference data does not confirm are
listed in ``Control.unsure`` (the README's coverage table and docs/crosswalk.md
show them).
"""

from __future__ import annotations

from typing import NamedTuple

VERSIONS = ("1.6.0", "1.7.0", "1.8.0")
DEFAULT_VERSION = "1.6.0"

AUTOMATED, MANUAL, UNKNOWN = "Automated", "Manual", "unknown"  # the benchmark's assessment status
A, M = True, False  # whether this collection decides the control
# What the reference data does not confirm, by version; correct it here when a source does.
# 1.8.0's levels are 1.7.0's, carried over.
LEVELS_UNCONFIRMED = frozenset({"1.8.0"})
# The Automated/Manual labels are not in the reference data: these are 1.6.0's as one public checklist of
# that version lists them, carried over to the later versions.
LABELS_UNCONFIRMED = frozenset(VERSIONS)


class Since(NamedTuple):
    """How a control reads from `version` on; None keeps the earlier version's value."""

    version: str
    change: str  # what changed, in our words
    check: str | None = None
    title: str | None = None
    remediation: str | None = None


class Entry(NamedTuple):
    key: str
    group: str  # the id without its last number: "1.1", "2"
    level: int
    automated: bool
    label: str
    check: str
    title: str
    remediation: str
    changes: tuple[Since, ...] = ()
    since: str = VERSIONS[0]  # the first version with the control


class Control(NamedTuple):
    """One control as one benchmark version has it."""

    key: str
    id: str
    title: str
    section: str
    level: int
    automated: bool
    check: str
    remediation: str
    version: str
    ids: dict[str, str]  # the control's id in every version that has it
    cis_label: str
    unsure: tuple[str, ...]  # "level", "label": facts of this version the reference data does not confirm
    change: str  # what changed from the previous version, "" when nothing


def _c(
    key: str,
    group: str,
    level: int,
    automated: bool,
    label: str,
    check: str,
    title: str,
    remediation: str,
    *changes: Since,
    since: str = VERSIONS[0],
) -> Entry:
    return Entry(key, group, level, automated, label, check, title, remediation, changes, since)


CONTROLS = (
    _c(
        "separate_partition",
        "1.1",
        1,
        A,
        MANUAL,
        "host_separate_partition",
        "Docker data root is on its own partition",
        "Put the Docker data root (/var/lib/docker, or the configured data-root) on its own partition or "
        "logical volume, mounted at that path, so that images and containers cannot fill the root "
        "filesystem.",
    ),
    _c(
        "docker_group",
        "1.1",
        1,
        A,
        MANUAL,
        "host_docker_group",
        "docker group has only trusted members",
        "Membership of the docker group is equivalent to root on the host. Remove every user who does not "
        "need to run Docker (gpasswd -d USER docker) and waive this control with the list of trusted "
        "users.",
    ),
    _c(
        "audit_dockerd",
        "1.1",
        1,
        A,
        AUTOMATED,
        "audit_dockerd",
        "dockerd binary is audited",
        "Add an audit watch for the dockerd binary, for example '-w /usr/bin/dockerd -k docker' in "
        "/etc/audit/rules.d/docker.rules, then load it with augenrules --load.",
    ),
    _c(
        "audit_run_containerd",
        "1.1",
        1,
        A,
        AUTOMATED,
        "audit_run_containerd",
        "/run/containerd is audited",
        "Add a watch for the directory of the containerd socket dockerd uses ('-w /run/containerd -k docker' for "
        "the system containerd) to /etc/audit/rules.d/docker.rules and load it with augenrules --load.",
    ),
    _c(
        "audit_data_root",
        "1.1",
        1,
        A,
        MANUAL,
        "audit_data_root",
        "Docker data root is audited",
        "Add an audit watch for the Docker data root ('-w /var/lib/docker -k docker', or the configured "
        "data-root) and load it with augenrules --load.",
        Since(
            "1.7.0",
            "the remediation adds never-rules for the data root's overlay2 and volumes directories, which "
            "would flood the log, and writes the data root's rule as a syscall rule (-F path=); the check still asks "
            "for a rule on the data root",
            check="audit_data_root_excluding",
            remediation="Audit the Docker data root with a syscall rule ('-a exit,always -F path=/var/lib/docker "
            "-F perm=war -k docker', or the configured data-root) after never-rules for its overlay2 and volumes "
            "directories ('-a never,exit -F dir=/var/lib/docker/overlay2 -k docker', the same for volumes, and "
            "for the userns-remap root), and load them with augenrules --load.",
        ),
    ),
    _c(
        "audit_etc_docker",
        "1.1",
        1,
        A,
        AUTOMATED,
        "audit_etc_docker",
        "/etc/docker is audited",
        "Add '-w /etc/docker -k docker' to /etc/audit/rules.d/docker.rules and load it with augenrules --load.",
    ),
    _c(
        "audit_docker_service",
        "1.1",
        2,
        A,
        AUTOMATED,
        "audit_docker_service",
        "docker.service unit file is audited",
        "Add an audit watch for the docker.service unit file at the path reported by 'systemctl show -p "
        "FragmentPath docker.service' and load it with augenrules --load.",
    ),
    _c(
        "audit_containerd_sock",
        "1.1",
        2,
        A,
        AUTOMATED,
        "audit_containerd_sock",
        "containerd socket is audited",
        "Add a watch for the containerd socket dockerd uses ('-w /run/containerd/containerd.sock -k docker' for "
        "the system containerd) to the audit rules and load them with augenrules --load.",
    ),
    _c(
        "audit_docker_socket",
        "1.1",
        2,
        A,
        AUTOMATED,
        "audit_docker_socket_unit",
        "docker.socket unit file is audited",
        "Add an audit watch for the docker.socket unit file at the path reported by 'systemctl show -p "
        "FragmentPath docker.socket' and load it with augenrules --load.",
        Since(
            "1.7.0",
            "audits the Docker socket itself (/var/run/docker.sock), no longer the docker.socket unit file",
            check="audit_docker_sock",
            title="Docker socket (docker.sock) is audited",
            remediation="Add an audit watch for the socket the daemon listens on ('-w /var/run/docker.sock -k "
            "docker' for the system daemon) and load it with augenrules --load.",
        ),
    ),
    _c(
        "audit_etc_default_docker",
        "1.1",
        2,
        A,
        AUTOMATED,
        "audit_etc_default_docker",
        "/etc/default/docker is audited",
        "Add '-w /etc/default/docker -k docker' to the audit rules and load them with augenrules --load.",
    ),
    _c(
        "audit_daemon_json",
        "1.1",
        2,
        A,
        AUTOMATED,
        "audit_daemon_json",
        "daemon.json is audited",
        "Add an audit watch for daemon.json ('-w /etc/docker/daemon.json -k docker') and load it with "
        "augenrules --load.",
    ),
    _c(
        "audit_containerd_config",
        "1.1",
        2,
        A,
        AUTOMATED,
        "audit_containerd_config",
        "/etc/containerd/config.toml is audited",
        "Add '-w /etc/containerd/config.toml -k docker' to the audit rules and load them with augenrules --load.",
    ),
    _c(
        "audit_sysconfig_docker",
        "1.1",
        2,
        A,
        AUTOMATED,
        "audit_sysconfig_docker",
        "/etc/sysconfig/docker is audited",
        "Add '-w /etc/sysconfig/docker -k docker' to the audit rules and load them with augenrules --load.",
    ),
    _c(
        "audit_containerd_bin",
        "1.1",
        2,
        A,
        AUTOMATED,
        "audit_containerd_bin",
        "containerd binary is audited",
        "Add an audit watch for the containerd binary ('-w /usr/bin/containerd -k docker') and load it "
        "with augenrules --load.",
    ),
    _c(
        "audit_containerd_shim",
        "1.1",
        2,
        A,
        MANUAL,
        "audit_containerd_shim",
        "containerd-shim binary is audited",
        "Add an audit watch for the containerd-shim binary ('-w /usr/bin/containerd-shim -k docker') and "
        "load it with augenrules --load.",
    ),
    _c(
        "audit_containerd_shim_runc_v1",
        "1.1",
        2,
        A,
        MANUAL,
        "audit_containerd_shim_runc_v1",
        "containerd-shim-runc-v1 binary is audited",
        "Add an audit watch for the containerd-shim-runc-v1 binary ('-w /usr/bin/containerd-shim-runc-v1 "
        "-k docker') and load it with augenrules --load.",
    ),
    _c(
        "audit_containerd_shim_runc_v2",
        "1.1",
        2,
        A,
        MANUAL,
        "audit_containerd_shim_runc_v2",
        "containerd-shim-runc-v2 binary is audited",
        "Add an audit watch for the containerd-shim-runc-v2 binary ('-w /usr/bin/containerd-shim-runc-v2 "
        "-k docker') and load it with augenrules --load.",
    ),
    _c(
        "audit_runc",
        "1.1",
        2,
        A,
        MANUAL,
        "audit_runc",
        "runc binary is audited",
        "Add an audit watch for the runc binary (for example '-w /usr/bin/runc -k docker', or wherever "
        "runc is installed) and load it with augenrules --load.",
    ),
    _c(
        "host_hardened",
        "1.2",
        1,
        M,
        MANUAL,
        "manual_host_hardened",
        "Host operating system is hardened",
        "Harden the host operating system itself, for example with the CIS benchmark for the "
        "distribution, keep it patched, and run only what the container workload needs.",
    ),
    _c(
        "docker_version",
        "1.2",
        1,
        M,
        MANUAL,
        "manual_docker_version",
        "Docker Engine is a current, supported release",
        "Compare the running Docker Engine version with the supported releases of your vendor and upgrade "
        "on a regular schedule, after testing.",
    ),
    _c(
        "rootless",
        "2",
        1,
        M,
        MANUAL,
        "daemon_rootless",
        "Docker daemon runs rootless",
        "Where the workload allows it, run Docker in rootless mode (dockerd-rootless-setuptool.sh install "
        "as an unprivileged user), so that a daemon compromise does not give root on the host.",
    ),
    _c(
        "icc",
        "2",
        1,
        A,
        MANUAL,
        "daemon_icc",
        "Inter-container traffic on the default bridge is off",
        'Set "icc": false in daemon.json and restart Docker; containers that must talk to each other '
        "should share a user-defined network instead.",
    ),
    _c(
        "log_level",
        "2",
        1,
        A,
        MANUAL,
        "daemon_log_level",
        "Daemon log level is info",
        'Remove any debug log level: set "log-level": "info" in daemon.json (or leave it unset) and make '
        "sure dockerd is not started with --debug or --log-level=debug.",
    ),
    _c(
        "iptables",
        "2",
        1,
        A,
        MANUAL,
        "daemon_iptables",
        "Docker manages the iptables rules",
        'Let Docker manage its firewall rules: remove "iptables": false from daemon.json and '
        "--iptables=false from the dockerd command line.",
    ),
    _c(
        "insecure_registries",
        "2",
        1,
        A,
        MANUAL,
        "daemon_insecure_registries",
        "Daemon trusts no insecure registries",
        'Remove every entry from "insecure-registries" in daemon.json (and --insecure-registry flags) and '
        "give those registries TLS certificates instead.",
        Since(
            "1.8.0",
            "the benchmark now says that dockerd always treats 127.0.0.0/8 and ::1/128 as insecure registries; "
            "the check already left those out",
        ),
    ),
    _c(
        "no_aufs",
        "2",
        1,
        A,
        MANUAL,
        "daemon_no_aufs",
        "Storage driver is not aufs",
        'Switch to a supported storage driver such as overlay2 ("storage-driver": "overlay2"); images '
        "must be pulled again after the change.",
    ),
    _c(
        "no_devicemapper",
        "2",
        1,
        A,
        UNKNOWN,
        "daemon_no_devicemapper",
        "Storage driver is not devicemapper",
        'Move to a supported storage driver such as overlay2 ("storage-driver": "overlay2"): devicemapper is '
        "deprecated and Docker Engine 25.0 removed it. Images and containers of the old driver are not "
        "carried over: save what you need first.",
        Since("1.8.0", "new control: the daemon's storage driver must not be devicemapper"),
        since="1.8.0",
    ),
    _c(
        "tls",
        "2",
        1,
        A,
        MANUAL,
        "daemon_tls",
        "Daemon's TCP listeners verify TLS client certificates",
        'If the daemon listens on TCP, enable mutual TLS: set "tlsverify": true with "tlscacert", '
        '"tlscert" and "tlskey" in daemon.json, or stop listening on TCP.',
    ),
    _c(
        "default_ulimit",
        "2",
        1,
        M,
        MANUAL,
        "manual_default_ulimit",
        "Daemon default ulimits suit the workloads",
        'Decide which limits containers should get by default and set them with "default-ulimits" in '
        "daemon.json (for example nofile and nproc).",
    ),
    _c(
        "userns",
        "2",
        2,
        A,
        MANUAL,
        "daemon_userns",
        "userns-remap is enabled",
        'Enable user namespace remapping with "userns-remap": "default" in daemon.json (subordinate '
        "ranges in /etc/subuid and /etc/subgid) and restart Docker, or run Docker rootless.",
    ),
    _c(
        "daemon_cgroup_parent",
        "2",
        2,
        A,
        MANUAL,
        "daemon_cgroup_parent",
        "Daemon uses the default cgroup parent",
        'Leave "cgroup-parent" unset unless a specific parent cgroup is required; if it is, confirm that '
        "the parent's limits are intended and waive this control with the reason.",
    ),
    _c(
        "base_device_size",
        "2",
        2,
        A,
        MANUAL,
        "daemon_base_device_size",
        "Base device size (dm.basesize) is left at its default",
        'Remove dm.basesize from "storage-opts" unless a larger base device is really needed.',
    ),
    _c(
        "authorization",
        "2",
        2,
        A,
        MANUAL,
        "daemon_authorization",
        "An authorization plugin is loaded",
        "Install an authorization plugin that matches your access policy and list it under "
        '"authorization-plugins" in daemon.json.',
    ),
    _c(
        "remote_logging",
        "2",
        2,
        A,
        MANUAL,
        "daemon_remote_logging",
        "Container logs are sent off the host",
        'Send container logs off the host: set "log-driver" to a remote-capable driver (for example '
        'syslog, gelf, fluentd or journald forwarded to a collector) with the matching "log-opts".',
    ),
    _c(
        "daemon_no_new_privileges",
        "2",
        1,
        A,
        MANUAL,
        "daemon_no_new_privileges",
        "Daemon defaults containers to no-new-privileges",
        'Set "no-new-privileges": true in daemon.json so that new containers cannot gain privileges '
        "through setuid or setgid binaries.",
    ),
    _c(
        "live_restore",
        "2",
        1,
        A,
        MANUAL,
        "daemon_live_restore",
        "live-restore is enabled",
        'Set "live-restore": true in daemon.json so that containers keep running while the daemon is '
        "restarted or upgraded.",
    ),
    _c(
        "userland_proxy",
        "2",
        1,
        A,
        MANUAL,
        "daemon_userland_proxy",
        "userland-proxy is disabled",
        'Set "userland-proxy": false in daemon.json so that published ports are handled by '
        "iptables/nftables rules instead of docker-proxy processes.",
    ),
    _c(
        "seccomp_profile",
        "2",
        2,
        M,
        MANUAL,
        "manual_seccomp_profile",
        "Daemon seccomp profile suits the workloads",
        "Review whether the default seccomp profile fits the workload; if a custom daemon-wide profile is "
        'needed, set "seccomp-profile" in daemon.json to its path.',
    ),
    _c(
        "experimental",
        "2",
        1,
        A,
        MANUAL,
        "daemon_experimental",
        "Experimental features are off",
        'Remove "experimental": true from daemon.json and --experimental from the dockerd command line on '
        "production hosts.",
    ),
    _c(
        "docker_service_owner",
        "3",
        1,
        A,
        AUTOMATED,
        "file_docker_service_owner",
        "docker.service unit file is owned by root:root",
        "chown root:root on the docker.service unit file (the path from systemctl show -p FragmentPath "
        "docker.service).",
    ),
    _c(
        "docker_service_mode",
        "3",
        1,
        A,
        AUTOMATED,
        "file_docker_service_mode",
        "docker.service unit file is mode 644 or stricter",
        "chmod 644 (or stricter) on the docker.service unit file.",
    ),
    _c(
        "docker_socket_unit_owner",
        "3",
        1,
        A,
        AUTOMATED,
        "file_docker_socket_unit_owner",
        "docker.socket unit file is owned by root:root",
        "chown root:root on the docker.socket unit file (the path from systemctl show -p FragmentPath docker.socket).",
    ),
    _c(
        "docker_socket_unit_mode",
        "3",
        1,
        A,
        AUTOMATED,
        "file_docker_socket_unit_mode",
        "docker.socket unit file is mode 644 or stricter",
        "chmod 644 (or stricter) on the docker.socket unit file.",
    ),
    _c(
        "etc_docker_owner",
        "3",
        1,
        A,
        AUTOMATED,
        "file_etc_docker_owner",
        "/etc/docker is owned by root:root",
        "Run chown root:root /etc/docker.",
    ),
    _c(
        "etc_docker_mode",
        "3",
        1,
        A,
        AUTOMATED,
        "file_etc_docker_mode",
        "/etc/docker is mode 755 or stricter",
        "Run chmod 755 /etc/docker (or a stricter mode).",
    ),
    _c(
        "registry_certs_owner",
        "3",
        1,
        A,
        MANUAL,
        "file_registry_certs_owner",
        "Registry certificates are owned by root:root",
        "chown root:root on every file under /etc/docker/certs.d/.",
    ),
    _c(
        "registry_certs_mode",
        "3",
        1,
        A,
        MANUAL,
        "file_registry_certs_mode",
        "Registry certificates are mode 444 or stricter",
        "chmod 444 (or stricter) on every file under /etc/docker/certs.d/.",
    ),
    _c(
        "tls_ca_owner",
        "3",
        1,
        A,
        MANUAL,
        "file_tls_ca_owner",
        "TLS CA certificate is owned by root:root",
        "chown root:root on the file named by tlscacert.",
    ),
    _c(
        "tls_ca_mode",
        "3",
        1,
        A,
        MANUAL,
        "file_tls_ca_mode",
        "TLS CA certificate is mode 444 or stricter",
        "chmod 444 (or stricter) on the file named by tlscacert.",
    ),
    _c(
        "tls_cert_owner",
        "3",
        1,
        A,
        MANUAL,
        "file_tls_cert_owner",
        "Daemon TLS certificate is owned by root:root",
        "chown root:root on the file named by tlscert.",
    ),
    _c(
        "tls_cert_mode",
        "3",
        1,
        A,
        MANUAL,
        "file_tls_cert_mode",
        "Daemon TLS certificate is mode 444 or stricter",
        "chmod 444 (or stricter) on the file named by tlscert.",
    ),
    _c(
        "tls_key_owner",
        "3",
        1,
        A,
        MANUAL,
        "file_tls_key_owner",
        "Daemon TLS key is owned by root:root",
        "chown root:root on the file named by tlskey.",
    ),
    _c(
        "tls_key_mode",
        "3",
        1,
        A,
        MANUAL,
        "file_tls_key_mode",
        "Daemon TLS key is mode 400 or stricter",
        "chmod 400 on the file named by tlskey.",
    ),
    _c(
        "docker_sock_owner",
        "3",
        1,
        A,
        AUTOMATED,
        "file_docker_sock_owner",
        "Docker socket is owned by root:docker",
        "chown root:docker on the Docker socket (usually /var/run/docker.sock); for socket activation set "
        "SocketUser=root and SocketGroup=docker in docker.socket.",
    ),
    _c(
        "docker_sock_mode",
        "3",
        1,
        A,
        AUTOMATED,
        "file_docker_sock_mode",
        "Docker socket is mode 660 or stricter",
        "chmod 660 (or stricter) on the Docker socket; for socket activation set SocketMode=0660 in docker.socket.",
    ),
    _c(
        "daemon_json_owner",
        "3",
        1,
        A,
        MANUAL,
        "file_daemon_json_owner",
        "daemon.json is owned by root:root",
        "chown root:root on daemon.json.",
    ),
    _c(
        "daemon_json_mode",
        "3",
        1,
        A,
        MANUAL,
        "file_daemon_json_mode",
        "daemon.json is mode 644 or stricter",
        "chmod 644 (or stricter) on daemon.json.",
    ),
    _c(
        "etc_default_docker_owner",
        "3",
        1,
        A,
        MANUAL,
        "file_etc_default_docker_owner",
        "/etc/default/docker is owned by root:root",
        "Run chown root:root /etc/default/docker.",
    ),
    _c(
        "etc_default_docker_mode",
        "3",
        1,
        A,
        MANUAL,
        "file_etc_default_docker_mode",
        "/etc/default/docker is mode 644 or stricter",
        "Run chmod 644 /etc/default/docker (or a stricter mode).",
    ),
    _c(
        "sysconfig_docker_mode",
        "3",
        1,
        A,
        MANUAL,
        "file_sysconfig_docker_mode",
        "/etc/sysconfig/docker is mode 644 or stricter",
        "Run chmod 644 /etc/sysconfig/docker (or a stricter mode).",
    ),
    _c(
        "sysconfig_docker_owner",
        "3",
        1,
        A,
        MANUAL,
        "file_sysconfig_docker_owner",
        "/etc/sysconfig/docker is owned by root:root",
        "Run chown root:root /etc/sysconfig/docker.",
    ),
    _c(
        "containerd_sock_owner",
        "3",
        1,
        A,
        AUTOMATED,
        "file_containerd_sock_owner",
        "containerd socket is owned by root:root",
        "Run chown root:root /run/containerd/containerd.sock, and keep uid and gid 0 in the [grpc] section of "
        "/etc/containerd/config.toml, because containerd recreates the socket when it starts.",
    ),
    _c(
        "containerd_sock_mode",
        "3",
        1,
        A,
        AUTOMATED,
        "file_containerd_sock_mode",
        "containerd socket is mode 660 or stricter",
        "Run chmod 660 /run/containerd/containerd.sock (or a stricter mode); containerd recreates the socket "
        "with mode 0660 when it starts.",
    ),
    _c(
        "container_user",
        "4",
        1,
        A,
        MANUAL,
        "image_container_user",
        "Containers run as a non-root user",
        "Add a non-root USER to the image's Dockerfile (create the account first), or start the container "
        "with --user UID:GID.",
    ),
    _c(
        "trusted_base_images",
        "4",
        1,
        M,
        MANUAL,
        "manual_trusted_base_images",
        "Images in use come from trusted sources",
        "Build only from base images you trust: official or internally built images, pulled from a "
        "registry you control, pinned by digest.",
    ),
    _c(
        "minimal_packages",
        "4",
        1,
        M,
        MANUAL,
        "manual_minimal_packages",
        "Images hold only the packages they need",
        "Keep images small: install only what the application needs, prefer minimal or distroless bases, "
        "and remove build tools in a later stage.",
    ),
    _c(
        "image_scanning",
        "4",
        1,
        M,
        MANUAL,
        "manual_image_scanning",
        "Images are scanned and rebuilt with fixes",
        "Scan images for known vulnerabilities in CI and on a schedule, and rebuild and redeploy them "
        "when fixes are available.",
    ),
    _c(
        "content_trust",
        "4",
        2,
        A,
        MANUAL,
        "image_content_trust",
        "DOCKER_CONTENT_TRUST is on for login shells",
        "Export DOCKER_CONTENT_TRUST=1 for every shell, for example in /etc/environment or a file in "
        "/etc/profile.d/, so that the client only pulls and runs signed images.",
    ),
    _c(
        "image_healthcheck",
        "4",
        1,
        A,
        MANUAL,
        "image_healthcheck",
        "Images define a HEALTHCHECK",
        "Add a HEALTHCHECK instruction to the Dockerfile of every image that runs as a service, then rebuild it.",
    ),
    _c(
        "update_instructions",
        "4",
        1,
        M,
        MANUAL,
        "manual_update_instructions",
        "Dockerfiles pair package updates with installs",
        "Never run a package update on its own line in a Dockerfile: combine update and install in one "
        "RUN, pin versions, and rebuild with --no-cache when patching.",
    ),
    _c(
        "setuid_setgid",
        "4",
        2,
        M,
        MANUAL,
        "manual_setuid_setgid",
        "Images carry no unneeded setuid/setgid files",
        "Remove setuid and setgid bits that the application does not need while building the image (for "
        "example 'find / -perm /6000 -type f -exec chmod a-s {} +').",
    ),
    _c(
        "copy_not_add",
        "4",
        1,
        M,
        MANUAL,
        "manual_copy_not_add",
        "Dockerfiles use COPY where ADD is not needed",
        "Use COPY in Dockerfiles; keep ADD only for the cases that need it, and never for remote URLs or "
        "untrusted archives.",
    ),
    _c(
        "no_secrets_in_dockerfiles",
        "4",
        1,
        M,
        MANUAL,
        "manual_no_secrets_in_dockerfiles",
        "Dockerfiles and image history hold no secrets",
        "Keep secrets out of Dockerfiles and image layers; use build secrets (RUN --mount=type=secret) "
        "and runtime secret stores instead.",
    ),
    _c(
        "verified_packages",
        "4",
        2,
        M,
        MANUAL,
        "manual_verified_packages",
        "Image builds verify package signatures and checksums",
        "Install packages only from repositories whose signatures are checked (GPG keys pinned in the "
        "image) and verify checksums of downloaded files.",
    ),
    _c(
        "signed_artifacts",
        "4",
        2,
        M,
        MANUAL,
        "manual_signed_artifacts",
        "Deployed images and artifacts are signed and verified",
        "Verify signatures of the artifacts you deploy (for example with Docker Content Trust, Notation "
        "or cosign) before they are pulled onto hosts.",
    ),
    _c(
        "swarm_mode",
        "5",
        1,
        A,
        MANUAL,
        "swarm_mode",
        "Swarm mode is off unless needed",
        "If this host does not need swarm mode, leave the swarm ('docker swarm leave', with --force on "
        "the last manager).",
    ),
    _c(
        "apparmor",
        "5",
        1,
        A,
        MANUAL,
        "runtime_apparmor",
        "Containers run with an AppArmor profile",
        "Run containers with an AppArmor profile (docker-default or your own, --security-opt "
        "apparmor=PROFILE) and never with apparmor=unconfined.",
    ),
    _c(
        "selinux",
        "5",
        2,
        A,
        MANUAL,
        "runtime_selinux",
        "Containers run with an SELinux label",
        'Enable SELinux in the daemon ("selinux-enabled": true) and run containers with SELinux labels '
        "(--security-opt label=...), never with label=disable.",
    ),
    _c(
        "capabilities",
        "5",
        1,
        A,
        MANUAL,
        "runtime_capabilities",
        "Containers add no capabilities beyond Docker's default set",
        "Start containers with --cap-drop=ALL and add back only the capabilities they need; do not add "
        "capabilities beyond Docker's default set.",
    ),
    _c(
        "privileged",
        "5",
        1,
        A,
        MANUAL,
        "runtime_privileged",
        "No container is privileged",
        "Do not run containers with --privileged; grant the specific capability or device they need instead.",
    ),
    _c(
        "sensitive_mounts",
        "5",
        1,
        A,
        MANUAL,
        "runtime_sensitive_mounts",
        "No container mounts a sensitive host directory",
        "Do not bind-mount host system directories (/, /boot, /dev, /etc, /lib, /proc, /sys, /usr) into "
        "containers; mount only the specific paths that are needed, read-only where possible.",
        Since(
            "1.7.0",
            "/lib64 becomes a sensitive directory",
            check="runtime_sensitive_mounts_lib64",
            remediation="Do not bind-mount host system directories (/, /boot, /dev, /etc, /lib, /lib64, /proc, "
            "/sys, /usr) into containers; mount only the specific paths that are needed, read-only where possible.",
        ),
    ),
    _c(
        "sshd",
        "5",
        1,
        A,
        MANUAL,
        "runtime_sshd",
        "No container runs sshd",
        "Remove SSH daemons from containers; use 'docker exec' for interactive access.",
    ),
    _c(
        "privileged_ports",
        "5",
        1,
        A,
        MANUAL,
        "runtime_privileged_ports",
        "No container publishes a host port below 1024",
        "Publish container ports on host ports 1024 and above, unless a port below 1024 is really required.",
    ),
    _c(
        "needed_ports",
        "5",
        1,
        M,
        MANUAL,
        "manual_needed_ports",
        "Containers publish only the ports they need",
        "Review the ports each container exposes and publishes, and remove the ones that are not needed "
        "(no -P, no unused EXPOSE).",
    ),
    _c(
        "host_network",
        "5",
        1,
        A,
        MANUAL,
        "runtime_host_network",
        "No container uses the host's network namespace",
        "Do not run containers with --network=host; publish the ports they need instead.",
    ),
    _c(
        "memory",
        "5",
        1,
        A,
        MANUAL,
        "runtime_memory",
        "Containers have a memory limit",
        "Give every container a memory limit (--memory, or mem_limit in compose).",
    ),
    _c(
        "cpu_shares",
        "5",
        1,
        A,
        MANUAL,
        "runtime_cpu_shares",
        "Containers have a CPU weight set",
        "Set a CPU weight for containers (--cpu-shares with a value other than 0 or 1024) that reflects "
        "their priority.",
    ),
    _c(
        "readonly_rootfs",
        "5",
        1,
        A,
        MANUAL,
        "runtime_readonly_rootfs",
        "Container root filesystems are read-only",
        "Run containers with --read-only and give them writable volumes or tmpfs mounts only where they need to write.",
    ),
    _c(
        "bind_interface",
        "5",
        1,
        A,
        MANUAL,
        "runtime_bind_interface",
        "Published ports are bound to a specific host address",
        "Publish ports on a specific host address (-p 192.0.2.10:8080:80 or 127.0.0.1:...), not on all interfaces.",
    ),
    _c(
        "restart_policy",
        "5",
        1,
        A,
        MANUAL,
        "runtime_restart_policy",
        "Container restarts are capped at 5 retries",
        "Use --restart=on-failure:5 (or fewer retries) instead of 'always' or 'unless-stopped'.",
    ),
    _c(
        "host_pid",
        "5",
        1,
        A,
        MANUAL,
        "runtime_host_pid",
        "No container shares the host's PID namespace",
        "Do not run containers with --pid=host.",
    ),
    _c(
        "host_ipc",
        "5",
        1,
        A,
        MANUAL,
        "runtime_host_ipc",
        "No container shares the host's IPC namespace",
        "Do not run containers with --ipc=host.",
    ),
    _c(
        "host_devices",
        "5",
        1,
        M,
        MANUAL,
        "manual_host_devices",
        "Containers get only the host devices they need",
        "Review the host devices passed to containers (--device) and remove those that are not needed; "
        "where one is needed, grant only the access it requires (for example :r).",
    ),
    _c(
        "container_ulimits",
        "5",
        1,
        M,
        MANUAL,
        "manual_container_ulimits",
        "Per-container ulimits differ from the default only when needed",
        "Where a container needs different limits from the daemon default, set them with --ulimit when starting it.",
    ),
    _c(
        "mount_propagation",
        "5",
        1,
        A,
        MANUAL,
        "runtime_mount_propagation",
        "No container mount uses shared propagation",
        "Do not mount volumes with shared or rshared propagation; use the default (private) propagation.",
    ),
    _c(
        "host_uts",
        "5",
        1,
        A,
        MANUAL,
        "runtime_host_uts",
        "No container shares the host's UTS namespace",
        "Do not run containers with --uts=host.",
    ),
    _c(
        "seccomp",
        "5",
        1,
        A,
        MANUAL,
        "runtime_seccomp",
        "Containers run with a seccomp profile",
        "Do not run containers with --security-opt seccomp=unconfined or with --privileged; keep the "
        "default seccomp profile or a stricter custom one.",
    ),
    _c(
        "exec_privileged",
        "5",
        2,
        A,
        MANUAL,
        "runtime_exec_privileged",
        "No exec session runs privileged",
        "Do not use 'docker exec --privileged'; grant the needed capability in the container's own "
        "configuration if it is really required.",
    ),
    _c(
        "exec_user_root",
        "5",
        2,
        M,
        MANUAL,
        "manual_exec_user_root",
        "No exec session runs as root",
        "Do not use 'docker exec --user=root' (or -u 0) on production containers; review the audit log "
        "for such sessions.",
    ),
    _c(
        "container_cgroup_parent",
        "5",
        1,
        A,
        MANUAL,
        "runtime_cgroup_parent",
        "Containers use the default cgroup parent",
        "Run containers in Docker's default cgroup; use --cgroup-parent only when a specific parent is "
        "required, and waive this control with the reason.",
    ),
    _c(
        "container_no_new_privileges",
        "5",
        1,
        A,
        MANUAL,
        "runtime_no_new_privileges",
        "Containers cannot gain new privileges",
        'Start containers with --security-opt no-new-privileges (or set "no-new-privileges": true in daemon.json).',
    ),
    _c(
        "container_healthcheck",
        "5",
        1,
        A,
        MANUAL,
        "runtime_healthcheck",
        "Running containers have a health check",
        "Give every service container a health check, in its image (HEALTHCHECK) or at run time (--health-cmd).",
    ),
    _c(
        "latest_image",
        "5",
        1,
        M,
        MANUAL,
        "manual_latest_image",
        "Containers run the current build of their image",
        "Pull images by an explicit tag or digest and redeploy when it changes, so that no host runs a "
        "stale cached copy of an image.",
    ),
    _c(
        "pids_limit",
        "5",
        1,
        A,
        MANUAL,
        "runtime_pids_limit",
        "Containers have a PIDs limit",
        "Set a PIDs limit on every container (--pids-limit, for example 100) to contain fork bombs.",
    ),
    _c(
        "default_bridge",
        "5",
        2,
        M,
        MANUAL,
        "manual_default_bridge",
        "Containers stay off the default bridge network",
        "Attach containers to user-defined networks instead of the default bridge (docker0).",
    ),
    _c(
        "host_userns",
        "5",
        1,
        A,
        MANUAL,
        "runtime_host_userns",
        "No container shares the host's user namespace",
        "Do not run containers with --userns=host.",
    ),
    _c(
        "docker_socket_mount",
        "5",
        1,
        A,
        MANUAL,
        "runtime_docker_socket_mount",
        "No container mounts the Docker socket",
        "Do not mount the Docker socket (or a directory that contains it) into containers; a container "
        "with the socket controls the host.",
    ),
    _c(
        "image_sprawl",
        "6",
        1,
        M,
        MANUAL,
        "manual_image_sprawl",
        "Images no longer needed are removed",
        "Remove images that no running container uses (docker image prune -a, after review) and keep only "
        "the tags that are needed.",
    ),
    _c(
        "container_sprawl",
        "6",
        1,
        M,
        MANUAL,
        "manual_container_sprawl",
        "Containers no longer needed are removed",
        "Remove stopped containers that are no longer needed (docker container prune, after review).",
    ),
    _c(
        "swarm_manager_count",
        "7",
        1,
        A,
        MANUAL,
        "swarm_manager_count",
        "Swarm has an odd number of managers, at most 7",
        "Keep an odd number of managers, at most seven, and demote the rest ('docker node demote NODE').",
    ),
    _c(
        "swarm_bind_interface",
        "7",
        1,
        A,
        MANUAL,
        "swarm_bind_interface",
        "Swarm ports listen on a specific host address",
        "Initialise or join the swarm with --listen-addr and --advertise-addr set to a specific interface "
        "address, not 0.0.0.0.",
    ),
    _c(
        "swarm_overlay_encrypted",
        "7",
        1,
        A,
        MANUAL,
        "swarm_overlay_encrypted",
        "Overlay networks are encrypted",
        "Create overlay networks with --opt encrypted (recreate existing ones, including ingress, with "
        "encryption enabled).",
    ),
    _c(
        "swarm_secrets",
        "7",
        1,
        M,
        MANUAL,
        "manual_swarm_secrets",
        "Swarm services get sensitive data from Docker secrets",
        "Store sensitive data for swarm services in Docker secrets (docker secret create) instead of "
        "environment variables or images.",
    ),
    _c(
        "swarm_autolock",
        "7",
        1,
        A,
        MANUAL,
        "swarm_autolock",
        "Swarm managers are auto-locked",
        "Enable auto-lock on managers ('docker swarm update --autolock=true') and keep the unlock key in a safe place.",
    ),
    _c(
        "swarm_unlock_key_rotation",
        "7",
        1,
        M,
        MANUAL,
        "manual_swarm_unlock_key_rotation",
        "Swarm unlock key is rotated regularly",
        "Rotate the swarm unlock key on a schedule ('docker swarm unlock-key --rotate').",
    ),
    _c(
        "swarm_node_cert_rotation",
        "7",
        1,
        M,
        MANUAL,
        "manual_swarm_node_cert_rotation",
        "Swarm node certificates are rotated regularly",
        "Set a node certificate expiry that matches your policy ('docker swarm update --cert-expiry').",
    ),
    _c(
        "swarm_ca_rotation",
        "7",
        1,
        M,
        MANUAL,
        "manual_swarm_ca_rotation",
        "Swarm root CA is rotated regularly",
        "Rotate the swarm root CA on a schedule ('docker swarm ca --rotate').",
    ),
    _c(
        "swarm_data_path",
        "7",
        1,
        M,
        MANUAL,
        "manual_swarm_data_path",
        "Swarm data traffic is separate from management traffic",
        "Separate management and data traffic: pass --data-path-addr with an interface other than the "
        "--advertise-addr one when initialising or joining the swarm.",
    ),
)


def _order(version: str) -> tuple[int, ...]:
    return tuple(int(part) for part in version.split("."))


def _ids(version: str) -> dict[str, str]:
    """Each key's id in `version`: its place among the controls of its group that the version has."""
    counts: dict[str, int] = {}
    ids = {}
    for entry in CONTROLS:
        if _order(entry.since) <= _order(version):
            counts[entry.group] = counts.get(entry.group, 0) + 1
            ids[entry.key] = f"{entry.group}.{counts[entry.group]}"
    return ids


def _view(entry: Entry, version: str, ids: dict[str, dict[str, str]]) -> Control:
    check, title, remediation = entry.check, entry.title, entry.remediation
    changes = []
    for since in entry.changes:
        if _order(since.version) <= _order(version):
            check, title, remediation = since.check or check, since.title or title, since.remediation or remediation
        if since.version == version:
            changes.append(since.change)
    own = {v: ids[v][entry.key] for v in VERSIONS if entry.key in ids[v]}
    previous = VERSIONS[VERSIONS.index(version) - 1] if version != VERSIONS[0] else None
    if previous and previous in own and own[previous] != own[version]:
        changes.append(f"renumbered from {own[previous]}")
    unsure = (("level",) if version in LEVELS_UNCONFIRMED else ()) + (
        ("label",) if version in LABELS_UNCONFIRMED or entry.label == UNKNOWN else ()
    )
    return Control(
        entry.key,
        own[version],
        title,
        entry.group.split(".", 1)[0],
        entry.level,
        entry.automated,
        check,
        remediation,
        version,
        own,
        entry.label,
        unsure,
        "; ".join(changes),
    )


def _catalogs() -> dict[str, tuple[Control, ...]]:
    ids = {version: _ids(version) for version in VERSIONS}
    return {
        version: tuple(_view(e, version, ids) for e in CONTROLS if _order(e.since) <= _order(version))
        for version in VERSIONS
    }


CATALOGS = _catalogs()
