# Private to the hardened.docker collection: not a public API, may change without notice.
"""The CIS Docker Benchmark catalog as data, keyed by benchmark version.

Each control names the check function that decides it (``_evaluate.CHECKS``
maps names to functions). A new benchmark version is added as another tuple in
``CATALOGS``; checks that did not change are shared by name.
"""

from __future__ import annotations

from typing import NamedTuple


class Control(NamedTuple):
    id: str
    title: str
    section: str
    level: int
    automated: bool
    check: str
    remediation: str


def _c(id_: str, level: int, automated: bool, check: str, title: str, remediation: str) -> Control:
    return Control(id_, title, id_.split(".", 1)[0], level, automated, check, remediation)


A, M = True, False  # the benchmark's assessment status: Automated / Manual

BENCHMARK_1_6_0 = (
    _c(
        "1.1.1",
        1,
        A,
        "host_separate_partition",
        "Ensure a separate partition for containers has been created",
        "Put the Docker data root (/var/lib/docker, or the configured data-root) on its own partition or "
        "logical volume, mounted at that path, so that images and containers cannot fill the root "
        "filesystem.",
    ),
    _c(
        "1.1.2",
        1,
        A,
        "host_docker_group",
        "Ensure only trusted users are allowed to control Docker daemon",
        "Membership of the docker group is equivalent to root on the host. Remove every user who does not "
        "need to run Docker (gpasswd -d USER docker) and waive this control with the list of trusted "
        "users.",
    ),
    _c(
        "1.1.3",
        1,
        A,
        "audit_dockerd",
        "Ensure auditing is configured for the Docker daemon",
        "Add an audit watch for the dockerd binary, for example '-w /usr/bin/dockerd -k docker' in "
        "/etc/audit/rules.d/docker.rules, then load it with augenrules --load.",
    ),
    _c(
        "1.1.4",
        1,
        A,
        "audit_run_containerd",
        "Ensure auditing is configured for Docker files and directories - /run/containerd",
        "Add a watch for the directory of the containerd socket dockerd uses ('-w /run/containerd -k docker' for "
        "the system containerd) to /etc/audit/rules.d/docker.rules and load it with augenrules --load.",
    ),
    _c(
        "1.1.5",
        1,
        A,
        "audit_data_root",
        "Ensure auditing is configured for Docker files and directories - /var/lib/docker",
        "Add an audit watch for the Docker data root ('-w /var/lib/docker -k docker', or the configured "
        "data-root) and load it with augenrules --load.",
    ),
    _c(
        "1.1.6",
        1,
        A,
        "audit_etc_docker",
        "Ensure auditing is configured for Docker files and directories - /etc/docker",
        "Add '-w /etc/docker -k docker' to /etc/audit/rules.d/docker.rules and load it with augenrules --load.",
    ),
    _c(
        "1.1.7",
        2,
        A,
        "audit_docker_service",
        "Ensure auditing is configured for Docker files and directories - docker.service",
        "Add an audit watch for the docker.service unit file at the path reported by 'systemctl show -p "
        "FragmentPath docker.service' and load it with augenrules --load.",
    ),
    _c(
        "1.1.8",
        2,
        A,
        "audit_containerd_sock",
        "Ensure auditing is configured for Docker files and directories - containerd.sock",
        "Add a watch for the containerd socket dockerd uses ('-w /run/containerd/containerd.sock -k docker' for "
        "the system containerd) to the audit rules and load them with augenrules --load.",
    ),
    _c(
        "1.1.9",
        2,
        A,
        "audit_docker_socket_unit",
        "Ensure auditing is configured for Docker files and directories - docker.socket",
        "Add an audit watch for the docker.socket unit file at the path reported by 'systemctl show -p "
        "FragmentPath docker.socket' and load it with augenrules --load.",
    ),
    _c(
        "1.1.10",
        2,
        A,
        "audit_etc_default_docker",
        "Ensure auditing is configured for Docker files and directories - /etc/default/docker",
        "Add '-w /etc/default/docker -k docker' to the audit rules and load them with augenrules --load.",
    ),
    _c(
        "1.1.11",
        2,
        A,
        "audit_daemon_json",
        "Ensure auditing is configured for Dockerfiles and directories - /etc/docker/daemon.json",
        "Add an audit watch for daemon.json ('-w /etc/docker/daemon.json -k docker') and load it with "
        "augenrules --load.",
    ),
    _c(
        "1.1.12",
        2,
        A,
        "audit_containerd_config",
        "Ensure auditing is configured for Dockerfiles and directories - /etc/containerd/config.toml",
        "Add '-w /etc/containerd/config.toml -k docker' to the audit rules and load them with augenrules --load.",
    ),
    _c(
        "1.1.13",
        2,
        A,
        "audit_sysconfig_docker",
        "Ensure auditing is configured for Docker files and directories - /etc/sysconfig/docker",
        "Add '-w /etc/sysconfig/docker -k docker' to the audit rules and load them with augenrules --load.",
    ),
    _c(
        "1.1.14",
        2,
        A,
        "audit_containerd_bin",
        "Ensure auditing is configured for Docker files and directories - /usr/bin/containerd",
        "Add an audit watch for the containerd binary ('-w /usr/bin/containerd -k docker') and load it "
        "with augenrules --load.",
    ),
    _c(
        "1.1.15",
        2,
        A,
        "audit_containerd_shim",
        "Ensure auditing is configured for Docker files and directories - /usr/bin/containerd-shim",
        "Add an audit watch for the containerd-shim binary ('-w /usr/bin/containerd-shim -k docker') and "
        "load it with augenrules --load.",
    ),
    _c(
        "1.1.16",
        2,
        A,
        "audit_containerd_shim_runc_v1",
        "Ensure auditing is configured for Docker files and directories - /usr/bin/containerd-shim-runc-v1",
        "Add an audit watch for the containerd-shim-runc-v1 binary ('-w /usr/bin/containerd-shim-runc-v1 "
        "-k docker') and load it with augenrules --load.",
    ),
    _c(
        "1.1.17",
        2,
        A,
        "audit_containerd_shim_runc_v2",
        "Ensure auditing is configured for Docker files and directories - /usr/bin/containerd-shim-runc-v2",
        "Add an audit watch for the containerd-shim-runc-v2 binary ('-w /usr/bin/containerd-shim-runc-v2 "
        "-k docker') and load it with augenrules --load.",
    ),
    _c(
        "1.1.18",
        2,
        A,
        "audit_runc",
        "Ensure auditing is configured for Docker files and directories - /usr/bin/runc",
        "Add an audit watch for the runc binary (for example '-w /usr/bin/runc -k docker', or wherever "
        "runc is installed) and load it with augenrules --load.",
    ),
    _c(
        "1.2.1",
        1,
        M,
        "manual_host_hardened",
        "Ensure the container host has been Hardened",
        "Harden the host operating system itself, for example with the CIS benchmark for the "
        "distribution, keep it patched, and run only what the container workload needs.",
    ),
    _c(
        "1.2.2",
        1,
        M,
        "manual_docker_version",
        "Ensure that the version of Docker is up to date",
        "Compare the running Docker Engine version with the supported releases of your vendor and upgrade "
        "on a regular schedule, after testing.",
    ),
    _c(
        "2.1",
        1,
        M,
        "daemon_rootless",
        "Run the Docker daemon as a non-root user, if possible",
        "Where the workload allows it, run Docker in rootless mode (dockerd-rootless-setuptool.sh install "
        "as an unprivileged user), so that a daemon compromise does not give root on the host.",
    ),
    _c(
        "2.2",
        1,
        A,
        "daemon_icc",
        "Ensure network traffic is restricted between containers on the default bridge",
        'Set "icc": false in daemon.json and restart Docker; containers that must talk to each other '
        "should share a user-defined network instead.",
    ),
    _c(
        "2.3",
        1,
        A,
        "daemon_log_level",
        "Ensure the logging level is set to 'info'",
        'Remove any debug log level: set "log-level": "info" in daemon.json (or leave it unset) and make '
        "sure dockerd is not started with --debug or --log-level=debug.",
    ),
    _c(
        "2.4",
        1,
        A,
        "daemon_iptables",
        "Ensure Docker is allowed to make changes to iptables",
        'Let Docker manage its firewall rules: remove "iptables": false from daemon.json and '
        "--iptables=false from the dockerd command line.",
    ),
    _c(
        "2.5",
        1,
        A,
        "daemon_insecure_registries",
        "Ensure insecure registries are not used",
        'Remove every entry from "insecure-registries" in daemon.json (and --insecure-registry flags) and '
        "give those registries TLS certificates instead.",
    ),
    _c(
        "2.6",
        1,
        A,
        "daemon_no_aufs",
        "Ensure aufs storage driver is not used",
        'Switch to a supported storage driver such as overlay2 ("storage-driver": "overlay2"); images '
        "must be pulled again after the change.",
    ),
    _c(
        "2.7",
        1,
        A,
        "daemon_tls",
        "Ensure TLS authentication for Docker daemon is configured",
        'If the daemon listens on TCP, enable mutual TLS: set "tlsverify": true with "tlscacert", '
        '"tlscert" and "tlskey" in daemon.json, or stop listening on TCP.',
    ),
    _c(
        "2.8",
        1,
        M,
        "manual_default_ulimit",
        "Ensure the default ulimit is configured appropriately",
        'Decide which limits containers should get by default and set them with "default-ulimits" in '
        "daemon.json (for example nofile and nproc).",
    ),
    _c(
        "2.9",
        2,
        A,
        "daemon_userns",
        "Enable user namespace support",
        'Enable user namespace remapping with "userns-remap": "default" in daemon.json (subordinate '
        "ranges in /etc/subuid and /etc/subgid) and restart Docker, or run Docker rootless.",
    ),
    _c(
        "2.10",
        2,
        A,
        "daemon_cgroup_parent",
        "Ensure the default cgroup usage has been confirmed",
        'Leave "cgroup-parent" unset unless a specific parent cgroup is required; if it is, confirm that '
        "the parent's limits are intended and waive this control with the reason.",
    ),
    _c(
        "2.11",
        2,
        A,
        "daemon_base_device_size",
        "Ensure base device size is not changed until needed",
        'Remove dm.basesize from "storage-opts" unless a larger base device is really needed.',
    ),
    _c(
        "2.12",
        2,
        A,
        "daemon_authorization",
        "Ensure that authorization for Docker client commands is enabled",
        "Install an authorization plugin that matches your access policy and list it under "
        '"authorization-plugins" in daemon.json.',
    ),
    _c(
        "2.13",
        2,
        A,
        "daemon_remote_logging",
        "Ensure centralized and remote logging is configured",
        'Send container logs off the host: set "log-driver" to a remote-capable driver (for example '
        'syslog, gelf, fluentd or journald forwarded to a collector) with the matching "log-opts".',
    ),
    _c(
        "2.14",
        1,
        A,
        "daemon_no_new_privileges",
        "Ensure containers are restricted from acquiring new privileges",
        'Set "no-new-privileges": true in daemon.json so that new containers cannot gain privileges '
        "through setuid or setgid binaries.",
    ),
    _c(
        "2.15",
        1,
        A,
        "daemon_live_restore",
        "Ensure live restore is enabled",
        'Set "live-restore": true in daemon.json so that containers keep running while the daemon is '
        "restarted or upgraded.",
    ),
    _c(
        "2.16",
        1,
        A,
        "daemon_userland_proxy",
        "Ensure Userland Proxy is Disabled",
        'Set "userland-proxy": false in daemon.json so that published ports are handled by '
        "iptables/nftables rules instead of docker-proxy processes.",
    ),
    _c(
        "2.17",
        2,
        M,
        "manual_seccomp_profile",
        "Ensure that a daemon-wide custom seccomp profile is applied if appropriate",
        "Review whether the default seccomp profile fits the workload; if a custom daemon-wide profile is "
        'needed, set "seccomp-profile" in daemon.json to its path.',
    ),
    _c(
        "2.18",
        1,
        A,
        "daemon_experimental",
        "Ensure that experimental features are not implemented in production",
        'Remove "experimental": true from daemon.json and --experimental from the dockerd command line on '
        "production hosts.",
    ),
    _c(
        "3.1",
        1,
        A,
        "file_docker_service_owner",
        "Ensure that the docker.service file ownership is set to root:root",
        "chown root:root on the docker.service unit file (the path from systemctl show -p FragmentPath "
        "docker.service).",
    ),
    _c(
        "3.2",
        1,
        A,
        "file_docker_service_mode",
        "Ensure that docker.service file permissions are appropriately set",
        "chmod 644 (or stricter) on the docker.service unit file.",
    ),
    _c(
        "3.3",
        1,
        A,
        "file_docker_socket_unit_owner",
        "Ensure that docker.socket file ownership is set to root:root",
        "chown root:root on the docker.socket unit file (the path from systemctl show -p FragmentPath docker.socket).",
    ),
    _c(
        "3.4",
        1,
        A,
        "file_docker_socket_unit_mode",
        "Ensure that docker.socket file permissions are set to 644 or more restrictive",
        "chmod 644 (or stricter) on the docker.socket unit file.",
    ),
    _c(
        "3.5",
        1,
        A,
        "file_etc_docker_owner",
        "Ensure that the /etc/docker directory ownership is set to root:root",
        "Run chown root:root /etc/docker.",
    ),
    _c(
        "3.6",
        1,
        A,
        "file_etc_docker_mode",
        "Ensure that /etc/docker directory permissions are set to 755 or more restrictively",
        "Run chmod 755 /etc/docker (or a stricter mode).",
    ),
    _c(
        "3.7",
        1,
        A,
        "file_registry_certs_owner",
        "Ensure that registry certificate file ownership is set to root:root",
        "chown root:root on every file under /etc/docker/certs.d/.",
    ),
    _c(
        "3.8",
        1,
        A,
        "file_registry_certs_mode",
        "Ensure that registry certificate file permissions are set to 444 or more restrictively",
        "chmod 444 (or stricter) on every file under /etc/docker/certs.d/.",
    ),
    _c(
        "3.9",
        1,
        A,
        "file_tls_ca_owner",
        "Ensure that TLS CA certificate file ownership is set to root:root",
        "chown root:root on the file named by tlscacert.",
    ),
    _c(
        "3.10",
        1,
        A,
        "file_tls_ca_mode",
        "Ensure that TLS CA certificate file permissions are set to 444 or more restrictively",
        "chmod 444 (or stricter) on the file named by tlscacert.",
    ),
    _c(
        "3.11",
        1,
        A,
        "file_tls_cert_owner",
        "Ensure that Docker server certificate file ownership is set to root:root",
        "chown root:root on the file named by tlscert.",
    ),
    _c(
        "3.12",
        1,
        A,
        "file_tls_cert_mode",
        "Ensure that the Docker server certificate file permissions are set to 444 or more restrictively",
        "chmod 444 (or stricter) on the file named by tlscert.",
    ),
    _c(
        "3.13",
        1,
        A,
        "file_tls_key_owner",
        "Ensure that the Docker server certificate key file ownership is set to root:root",
        "chown root:root on the file named by tlskey.",
    ),
    _c(
        "3.14",
        1,
        A,
        "file_tls_key_mode",
        "Ensure that the Docker server certificate key file permissions are set to 400",
        "chmod 400 on the file named by tlskey.",
    ),
    _c(
        "3.15",
        1,
        A,
        "file_docker_sock_owner",
        "Ensure that the Docker socket file ownership is set to root:docker",
        "chown root:docker on the Docker socket (usually /var/run/docker.sock); for socket activation set "
        "SocketUser=root and SocketGroup=docker in docker.socket.",
    ),
    _c(
        "3.16",
        1,
        A,
        "file_docker_sock_mode",
        "Ensure that the Docker socket file permissions are set to 660 or more restrictively",
        "chmod 660 (or stricter) on the Docker socket; for socket activation set SocketMode=0660 in docker.socket.",
    ),
    _c(
        "3.17",
        1,
        A,
        "file_daemon_json_owner",
        "Ensure that the daemon.json file ownership is set to root:root",
        "chown root:root on daemon.json.",
    ),
    _c(
        "3.18",
        1,
        A,
        "file_daemon_json_mode",
        "Ensure that daemon.json file permissions are set to 644 or more restrictive",
        "chmod 644 (or stricter) on daemon.json.",
    ),
    _c(
        "3.19",
        1,
        A,
        "file_etc_default_docker_owner",
        "Ensure that the /etc/default/docker file ownership is set to root:root",
        "Run chown root:root /etc/default/docker.",
    ),
    _c(
        "3.20",
        1,
        A,
        "file_etc_default_docker_mode",
        "Ensure that the /etc/default/docker file permissions are set to 644 or more restrictively",
        "Run chmod 644 /etc/default/docker (or a stricter mode).",
    ),
    _c(
        "3.21",
        1,
        A,
        "file_sysconfig_docker_mode",
        "Ensure that the /etc/sysconfig/docker file permissions are set to 644 or more restrictively",
        "Run chmod 644 /etc/sysconfig/docker (or a stricter mode).",
    ),
    _c(
        "3.22",
        1,
        A,
        "file_sysconfig_docker_owner",
        "Ensure that the /etc/sysconfig/docker file ownership is set to root:root",
        "Run chown root:root /etc/sysconfig/docker.",
    ),
    _c(
        "3.23",
        1,
        A,
        "file_containerd_sock_owner",
        "Ensure that the Containerd socket file ownership is set to root:root",
        "Run chown root:root /run/containerd/containerd.sock, and keep uid and gid 0 in the [grpc] section of "
        "/etc/containerd/config.toml, because containerd recreates the socket when it starts.",
    ),
    _c(
        "3.24",
        1,
        A,
        "file_containerd_sock_mode",
        "Ensure that the Containerd socket file permissions are set to 660 or more restrictively",
        "Run chmod 660 /run/containerd/containerd.sock (or a stricter mode); containerd recreates the socket "
        "with mode 0660 when it starts.",
    ),
    _c(
        "4.1",
        1,
        A,
        "image_container_user",
        "Ensure that a user for the container has been created",
        "Add a non-root USER to the image's Dockerfile (create the account first), or start the container "
        "with --user UID:GID.",
    ),
    _c(
        "4.2",
        1,
        M,
        "manual_trusted_base_images",
        "Ensure that containers use only trusted base images",
        "Build only from base images you trust: official or internally built images, pulled from a "
        "registry you control, pinned by digest.",
    ),
    _c(
        "4.3",
        1,
        M,
        "manual_minimal_packages",
        "Ensure that unnecessary packages are not installed in the container",
        "Keep images small: install only what the application needs, prefer minimal or distroless bases, "
        "and remove build tools in a later stage.",
    ),
    _c(
        "4.4",
        1,
        M,
        "manual_image_scanning",
        "Ensure images are scanned and rebuilt to include security patches",
        "Scan images for known vulnerabilities in CI and on a schedule, and rebuild and redeploy them "
        "when fixes are available.",
    ),
    _c(
        "4.5",
        2,
        A,
        "image_content_trust",
        "Ensure Content trust for Docker is Enabled",
        "Export DOCKER_CONTENT_TRUST=1 for every shell, for example in /etc/environment or a file in "
        "/etc/profile.d/, so that the client only pulls and runs signed images.",
    ),
    _c(
        "4.6",
        1,
        A,
        "image_healthcheck",
        "Ensure that HEALTHCHECK instructions have been added to container images",
        "Add a HEALTHCHECK instruction to the Dockerfile of every image that runs as a service, then rebuild it.",
    ),
    _c(
        "4.7",
        1,
        M,
        "manual_update_instructions",
        "Ensure update instructions are not used alone in the Dockerfile",
        "Never run a package update on its own line in a Dockerfile: combine update and install in one "
        "RUN, pin versions, and rebuild with --no-cache when patching.",
    ),
    _c(
        "4.8",
        2,
        M,
        "manual_setuid_setgid",
        "Ensure setuid and setgid permissions are removed",
        "Remove setuid and setgid bits that the application does not need while building the image (for "
        "example 'find / -perm /6000 -type f -exec chmod a-s {} +').",
    ),
    _c(
        "4.9",
        1,
        M,
        "manual_copy_not_add",
        "Ensure that COPY is used instead of ADD in Dockerfiles",
        "Use COPY in Dockerfiles; keep ADD only for the cases that need it, and never for remote URLs or "
        "untrusted archives.",
    ),
    _c(
        "4.10",
        1,
        M,
        "manual_no_secrets_in_dockerfiles",
        "Ensure secrets are not stored in Dockerfiles",
        "Keep secrets out of Dockerfiles and image layers; use build secrets (RUN --mount=type=secret) "
        "and runtime secret stores instead.",
    ),
    _c(
        "4.11",
        2,
        M,
        "manual_verified_packages",
        "Ensure only verified packages are installed",
        "Install packages only from repositories whose signatures are checked (GPG keys pinned in the "
        "image) and verify checksums of downloaded files.",
    ),
    _c(
        "4.12",
        2,
        M,
        "manual_signed_artifacts",
        "Ensure all signed artifacts are validated",
        "Verify signatures of the artifacts you deploy (for example with Docker Content Trust, Notation "
        "or cosign) before they are pulled onto hosts.",
    ),
    _c(
        "5.1",
        1,
        A,
        "swarm_mode",
        "Ensure swarm mode is not Enabled, if not needed",
        "If this host does not need swarm mode, leave the swarm ('docker swarm leave', with --force on "
        "the last manager).",
    ),
    _c(
        "5.2",
        1,
        A,
        "runtime_apparmor",
        "Ensure that, if applicable, an AppArmor Profile is enabled",
        "Run containers with an AppArmor profile (docker-default or your own, --security-opt "
        "apparmor=PROFILE) and never with apparmor=unconfined.",
    ),
    _c(
        "5.3",
        2,
        A,
        "runtime_selinux",
        "Ensure that, if applicable, SELinux security options are set",
        'Enable SELinux in the daemon ("selinux-enabled": true) and run containers with SELinux labels '
        "(--security-opt label=...), never with label=disable.",
    ),
    _c(
        "5.4",
        1,
        A,
        "runtime_capabilities",
        "Ensure that Linux kernel capabilities are restricted within containers",
        "Start containers with --cap-drop=ALL and add back only the capabilities they need; do not add "
        "capabilities beyond Docker's default set.",
    ),
    _c(
        "5.5",
        1,
        A,
        "runtime_privileged",
        "Ensure that privileged containers are not used",
        "Do not run containers with --privileged; grant the specific capability or device they need instead.",
    ),
    _c(
        "5.6",
        1,
        A,
        "runtime_sensitive_mounts",
        "Ensure sensitive host system directories are not mounted on containers",
        "Do not bind-mount host system directories (/, /boot, /dev, /etc, /lib, /proc, /sys, /usr) into "
        "containers; mount only the specific paths that are needed, read-only where possible.",
    ),
    _c(
        "5.7",
        1,
        A,
        "runtime_sshd",
        "Ensure sshd is not run within containers",
        "Remove SSH daemons from containers; use 'docker exec' for interactive access.",
    ),
    _c(
        "5.8",
        1,
        A,
        "runtime_privileged_ports",
        "Ensure privileged ports are not mapped within containers",
        "Publish container ports on host ports 1024 and above, unless a port below 1024 is really required.",
    ),
    _c(
        "5.9",
        1,
        M,
        "manual_needed_ports",
        "Ensure that only needed ports are open on the container",
        "Review the ports each container exposes and publishes, and remove the ones that are not needed "
        "(no -P, no unused EXPOSE).",
    ),
    _c(
        "5.10",
        1,
        A,
        "runtime_host_network",
        "Ensure that the host's network namespace is not shared",
        "Do not run containers with --network=host; publish the ports they need instead.",
    ),
    _c(
        "5.11",
        1,
        A,
        "runtime_memory",
        "Ensure that the memory usage for containers is limited",
        "Give every container a memory limit (--memory, or mem_limit in compose).",
    ),
    _c(
        "5.12",
        1,
        A,
        "runtime_cpu_shares",
        "Ensure that CPU priority is set appropriately on containers",
        "Set a CPU weight for containers (--cpu-shares with a value other than 0 or 1024) that reflects "
        "their priority.",
    ),
    _c(
        "5.13",
        1,
        A,
        "runtime_readonly_rootfs",
        "Ensure that the container's root filesystem is mounted as read only",
        "Run containers with --read-only and give them writable volumes or tmpfs mounts only where they need to write.",
    ),
    _c(
        "5.14",
        1,
        A,
        "runtime_bind_interface",
        "Ensure that incoming container traffic is bound to a specific host interface",
        "Publish ports on a specific host address (-p 192.0.2.10:8080:80 or 127.0.0.1:...), not on all interfaces.",
    ),
    _c(
        "5.15",
        1,
        A,
        "runtime_restart_policy",
        "Ensure that the 'on-failure' container restart policy is set to '5'",
        "Use --restart=on-failure:5 (or fewer retries) instead of 'always' or 'unless-stopped'.",
    ),
    _c(
        "5.16",
        1,
        A,
        "runtime_host_pid",
        "Ensure that the host's process namespace is not shared",
        "Do not run containers with --pid=host.",
    ),
    _c(
        "5.17",
        1,
        A,
        "runtime_host_ipc",
        "Ensure that the host's IPC namespace is not shared",
        "Do not run containers with --ipc=host.",
    ),
    _c(
        "5.18",
        1,
        M,
        "manual_host_devices",
        "Ensure that host devices are not directly exposed to containers",
        "Review the host devices passed to containers (--device) and remove those that are not needed; "
        "where one is needed, grant only the access it requires (for example :r).",
    ),
    _c(
        "5.19",
        1,
        M,
        "manual_container_ulimits",
        "Ensure that the default ulimit is overwritten at runtime if needed",
        "Where a container needs different limits from the daemon default, set them with --ulimit when starting it.",
    ),
    _c(
        "5.20",
        1,
        A,
        "runtime_mount_propagation",
        "Ensure mount propagation mode is not set to shared",
        "Do not mount volumes with shared or rshared propagation; use the default (private) propagation.",
    ),
    _c(
        "5.21",
        1,
        A,
        "runtime_host_uts",
        "Ensure that the host's UTS namespace is not shared",
        "Do not run containers with --uts=host.",
    ),
    _c(
        "5.22",
        1,
        A,
        "runtime_seccomp",
        "Ensure the default seccomp profile is not Disabled",
        "Do not run containers with --security-opt seccomp=unconfined or with --privileged; keep the "
        "default seccomp profile or a stricter custom one.",
    ),
    _c(
        "5.23",
        2,
        A,
        "runtime_exec_privileged",
        "Ensure that docker exec commands are not used with the privileged option",
        "Do not use 'docker exec --privileged'; grant the needed capability in the container's own "
        "configuration if it is really required.",
    ),
    _c(
        "5.24",
        2,
        M,
        "manual_exec_user_root",
        "Ensure that docker exec commands are not used with the user=root option",
        "Do not use 'docker exec --user=root' (or -u 0) on production containers; review the audit log "
        "for such sessions.",
    ),
    _c(
        "5.25",
        1,
        A,
        "runtime_cgroup_parent",
        "Ensure that cgroup usage is confirmed",
        "Run containers in Docker's default cgroup; use --cgroup-parent only when a specific parent is "
        "required, and waive this control with the reason.",
    ),
    _c(
        "5.26",
        1,
        A,
        "runtime_no_new_privileges",
        "Ensure that the container is restricted from acquiring additional privileges",
        'Start containers with --security-opt no-new-privileges (or set "no-new-privileges": true in daemon.json).',
    ),
    _c(
        "5.27",
        1,
        A,
        "runtime_healthcheck",
        "Ensure that container health is checked at runtime",
        "Give every service container a health check, in its image (HEALTHCHECK) or at run time (--health-cmd).",
    ),
    _c(
        "5.28",
        1,
        M,
        "manual_latest_image",
        "Ensure that Docker commands always make use of the latest version of their image",
        "Pull images by an explicit tag or digest and redeploy when it changes, so that no host runs a "
        "stale cached copy of an image.",
    ),
    _c(
        "5.29",
        1,
        A,
        "runtime_pids_limit",
        "Ensure that the PIDs cgroup limit is used",
        "Set a PIDs limit on every container (--pids-limit, for example 100) to contain fork bombs.",
    ),
    _c(
        "5.30",
        2,
        M,
        "manual_default_bridge",
        "Ensure that Docker's default bridge 'docker0' is not used",
        "Attach containers to user-defined networks instead of the default bridge (docker0).",
    ),
    _c(
        "5.31",
        1,
        A,
        "runtime_host_userns",
        "Ensure that the host's user namespaces are not shared",
        "Do not run containers with --userns=host.",
    ),
    _c(
        "5.32",
        1,
        A,
        "runtime_docker_socket_mount",
        "Ensure that the Docker socket is not mounted inside any containers",
        "Do not mount the Docker socket (or a directory that contains it) into containers; a container "
        "with the socket controls the host.",
    ),
    _c(
        "6.1",
        1,
        M,
        "manual_image_sprawl",
        "Ensure that image sprawl is avoided",
        "Remove images that no running container uses (docker image prune -a, after review) and keep only "
        "the tags that are needed.",
    ),
    _c(
        "6.2",
        1,
        M,
        "manual_container_sprawl",
        "Ensure that container sprawl is avoided",
        "Remove stopped containers that are no longer needed (docker container prune, after review).",
    ),
    _c(
        "7.1",
        1,
        A,
        "swarm_manager_count",
        "Ensure that the minimum number of manager nodes have been created in a swarm",
        "Keep an odd number of managers, at most seven, and demote the rest ('docker node demote NODE').",
    ),
    _c(
        "7.2",
        1,
        A,
        "swarm_bind_interface",
        "Ensure that swarm services are bound to a specific host interface",
        "Initialise or join the swarm with --listen-addr and --advertise-addr set to a specific interface "
        "address, not 0.0.0.0.",
    ),
    _c(
        "7.3",
        1,
        A,
        "swarm_overlay_encrypted",
        "Ensure that all Docker swarm overlay networks are encrypted",
        "Create overlay networks with --opt encrypted (recreate existing ones, including ingress, with "
        "encryption enabled).",
    ),
    _c(
        "7.4",
        1,
        M,
        "manual_swarm_secrets",
        "Ensure that Docker's secret management commands are used for managing secrets in a swarm cluster",
        "Store sensitive data for swarm services in Docker secrets (docker secret create) instead of "
        "environment variables or images.",
    ),
    _c(
        "7.5",
        1,
        A,
        "swarm_autolock",
        "Ensure that swarm manager is run in auto-lock mode",
        "Enable auto-lock on managers ('docker swarm update --autolock=true') and keep the unlock key in a safe place.",
    ),
    _c(
        "7.6",
        1,
        M,
        "manual_swarm_unlock_key_rotation",
        "Ensure that the swarm manager auto-lock key is rotated periodically",
        "Rotate the swarm unlock key on a schedule ('docker swarm unlock-key --rotate').",
    ),
    _c(
        "7.7",
        1,
        M,
        "manual_swarm_node_cert_rotation",
        "Ensure that node certificates are rotated as appropriate",
        "Set a node certificate expiry that matches your policy ('docker swarm update --cert-expiry').",
    ),
    _c(
        "7.8",
        1,
        M,
        "manual_swarm_ca_rotation",
        "Ensure that CA certificates are rotated as appropriate",
        "Rotate the swarm root CA on a schedule ('docker swarm ca --rotate').",
    ),
    _c(
        "7.9",
        1,
        M,
        "manual_swarm_data_path",
        "Ensure that management plane traffic is separated from data plane traffic",
        "Separate management and data traffic: pass --data-path-addr with an interface other than the "
        "--advertise-addr one when initialising or joining the swarm.",
    ),
)

CATALOGS = {"1.6.0": BENCHMARK_1_6_0}
DEFAULT_VERSION = "1.6.0"
