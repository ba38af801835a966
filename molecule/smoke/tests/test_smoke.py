"""The lab test host is a systemd machine whose own dockerd runs containers."""

from __future__ import annotations


def test_systemd_is_pid_1(host):
    assert host.file("/proc/1/comm").content_string.strip() == "systemd"


def test_inner_dockerd_is_running(host):
    assert host.service("docker").is_running


def test_inner_dockerd_runs_a_container(host):
    image = host.check_output("lab-image")
    out = host.check_output(f"docker run --rm {image} sh -c 'echo hello-from-$(hostname | cut -c1-4)'")
    assert out.startswith("hello-from-")


def test_proc_is_unmasked_for_the_inner_dockerd(host):
    # lab-unmask lifts docker's /proc masks so hardened dockerd settings work.
    mounts = host.file("/proc/self/mountinfo").content_string
    assert " /proc/kcore " not in mounts
    assert " /proc/sys " not in mounts
