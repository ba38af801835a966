"""Every container, as the benchmark audits them (docker ps --all), and what cannot be seen never passing.

Each case builds on the hardened fixture: a stopped or created copy of one of
its containers, an inspect that failed, or a /proc that could not be read; and
shows the verdict both ways.
"""

from __future__ import annotations

import copy
from typing import Any

import pytest
from test_checks import HARDENED, IMG_WEB, WEB, add, patch, rep, results, rm

JOB = "0a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f9"
INIT = "1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f90a"
IMG_TOOL = "sha256:5d6e7f8091a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f708192a3b4c"
EXITED = {"Status": "exited", "Running": False, "Paused": False, "Pid": 0, "ExitCode": 0}
CREATED = {"Status": "created", "Running": False, "Paused": False, "Pid": 0, "ExitCode": 0}


def stopped(name: str, container_id: str, state: dict[str, Any], base: int = 1, **host_config: Any) -> dict[str, Any]:
    """A copy of a hardened container that is not running, as dockerd inspects it (no ports, no health)."""
    container = copy.deepcopy(HARDENED["containers"][base])
    container.update(Id=container_id, Name=f"/{name}", State=dict(state), AppArmorProfile="")
    container["NetworkSettings"]["Ports"] = {}
    container["HostConfig"].update(host_config)
    return container


def with_containers(*containers: dict[str, Any], ops: tuple[dict[str, Any], ...] = ()) -> dict[str, Any]:
    return patch(HARDENED, [*(add("/containers/-", c) for c in containers), *ops])


def status(state: dict[str, Any], control_id: str) -> str:
    return results(state, ids=[control_id])[control_id]["status"]


# -- configuration checks judge stopped and created containers -------------------------------------


def test_an_exited_and_a_created_privileged_container_fail_and_are_named_with_their_state():
    clean = with_containers(stopped("job", JOB, EXITED), stopped("init", INIT, CREATED))
    passing = results(clean, ids=["5.5"])["5.5"]
    assert passing["status"] == "pass"
    assert passing["evidence"] == ["4 container(s) checked (1 created, 1 exited, 2 running): none is privileged"]
    privileged = with_containers(
        stopped("job", JOB, EXITED, Privileged=True), stopped("init", INIT, CREATED, Privileged=True)
    )
    failing = results(privileged, ids=["5.5"])["5.5"]
    assert failing["status"] == "fail"
    assert failing["evidence"] == [
        "container job (0a1b2c3d4e5f) (exited) HostConfig.Privileged=true",
        "container init (1b2c3d4e5f60) (created) HostConfig.Privileged=true",
    ]
    # Objects (baselines, waivers) do not change when a container stops or starts.
    assert failing["objects"] == ["container job (0a1b2c3d4e5f)", "container init (1b2c3d4e5f60)"]


@pytest.mark.parametrize(
    ("control_id", "host_config"),
    [
        ("5.4", {"CapAdd": ["SYS_ADMIN"]}),
        ("5.10", {"NetworkMode": "host"}),
        ("5.11", {"Memory": 0}),
        ("5.15", {"RestartPolicy": {"Name": "always", "MaximumRetryCount": 0}}),
        ("5.16", {"PidMode": "host"}),
        ("5.25", {"CgroupParent": "/batch.slice"}),
        ("5.29", {"PidsLimit": 0}),
        ("5.31", {"UsernsMode": "host"}),
    ],
)
def test_configuration_checks_judge_an_exited_container(control_id, host_config):
    assert status(with_containers(stopped("job", JOB, EXITED)), control_id) == "pass"
    failing = results(with_containers(stopped("job", JOB, EXITED, **host_config)), ids=[control_id])[control_id]
    assert failing["status"] == "fail", failing
    assert all(line.startswith("container job (0a1b2c3d4e5f) (exited) ") for line in failing["evidence"]), failing


def test_4_1_judges_the_user_of_a_created_container():
    assert status(with_containers(stopped("init", INIT, CREATED)), "4.1") == "pass"
    root = stopped("init", INIT, CREATED)
    root["Config"]["User"] = ""
    got = results(with_containers(root), ids=["4.1"])["4.1"]
    assert got["status"] == "fail"
    assert got["evidence"] == ['container init (1b2c3d4e5f60) (created) Config.User="" (runs as root)']


def test_a_stopped_container_binds_its_port_bindings_on_the_next_start():
    binding = {"8080/tcp": [{"HostIp": "", "HostPort": "8443"}]}
    job = stopped("job", JOB, EXITED, PortBindings=binding)
    got = results(with_containers(job), ids=["5.14", "5.8"])
    # An empty HostIp binds the daemon's "ip", 0.0.0.0 unless set.
    assert got["5.14"]["status"] == "fail"
    assert got["5.14"]["evidence"] == [
        "container job (0a1b2c3d4e5f) (exited) HostConfig.PortBindings 8080/tcp is published on all interfaces "
        "(0.0.0.0:8443)"
    ]
    assert got["5.8"]["status"] == "pass"
    bound = with_containers(job, ops=(add("/daemon_json/content/ip", "10.20.0.11"),))
    assert status(bound, "5.14") == "pass"
    low = stopped("job", JOB, EXITED, PortBindings={"80/tcp": [{"HostIp": "10.20.0.11", "HostPort": "80"}]})
    got = results(with_containers(low), ids=["5.8"])["5.8"]
    assert got["status"] == "fail"
    assert "HostConfig.PortBindings 80/tcp is published on privileged host port 80" in got["evidence"][0]


def test_publish_all_of_a_stopped_container_binds_every_exposed_port():
    job = stopped("job", JOB, EXITED, PublishAllPorts=True)
    job["Config"]["ExposedPorts"] = {"9000/tcp": {}}
    got = results(with_containers(job), ids=["5.14", "5.9"])
    assert got["5.14"]["status"] == "fail"
    assert "9000/tcp is published on all interfaces (0.0.0.0:random port)" in got["5.14"]["evidence"][0]
    assert (
        "container job (0a1b2c3d4e5f) (exited) publishes 9000/tcp on the daemon's default address:a random port "
        "when it starts"
    ) in got["5.9"]["evidence"]


def test_apparmor_of_a_created_container_is_the_one_it_gets_when_started():
    # A created container's AppArmorProfile is still empty: dockerd picks it at start.
    got = results(with_containers(stopped("init", INIT, CREATED)), ids=["5.2"])["5.2"]
    assert got["status"] == "pass"
    privileged = with_containers(stopped("init", INIT, CREATED, Privileged=True))
    got = results(privileged, ids=["5.2"])["5.2"]
    assert got["status"] == "fail"
    assert got["evidence"] == [
        "container init (1b2c3d4e5f60) (created) HostConfig.Privileged=true (runs without an AppArmor profile "
        "when started)"
    ]
    unconfined = with_containers(stopped("init", INIT, CREATED, SecurityOpt=["apparmor=unconfined"]))
    assert status(unconfined, "5.2") == "fail"


# -- checks of a live process or live state look at running containers only -----------------------


def test_sshd_and_health_checks_leave_stopped_containers_out():
    job = stopped("job", JOB, EXITED)
    del job["Config"]["Healthcheck"]
    got = results(with_containers(job), ids=["5.7", "5.27"])
    assert got["5.7"]["status"] == "pass"  # no /proc record for job: it has no processes
    assert got["5.7"]["evidence"] == ["2 running container(s) checked: none runs sshd"]
    assert got["5.27"]["status"] == "pass"
    running = patch(HARDENED, [rm("/containers/1/State/Health"), rm("/containers/1/Config/Healthcheck")])
    assert status(running, "5.27") == "fail"
    only_stopped = patch(HARDENED, [rep("/containers", [job]), rep("/processes", {})])
    got = results(only_stopped, ids=["5.7", "5.27", "5.5"])
    assert got["5.7"]["status"] == got["5.27"]["status"] == "not_applicable"
    assert got["5.7"]["evidence"] == ["no running containers"]
    assert got["5.5"]["status"] == "pass"


# -- a container whose inspect failed ---------------------------------------------------------------

BROKEN = {"Id": JOB, "Name": "job", "State": "exited", "error": "GET /containers/0a1b/json returned HTTP 500: boom"}


def test_a_container_that_could_not_be_inspected_is_an_error_not_a_pass():
    state = patch(HARDENED, [add("/container_errors/-", BROKEN)])
    got = results(state, ids=["5.5", "4.1", "5.7", "5.9"])
    assert got["5.5"]["status"] == "error"
    assert got["5.5"]["evidence"] == [
        "container job (0a1b2c3d4e5f) (exited): cannot inspect it: GET /containers/0a1b/json returned HTTP 500: boom"
    ]
    assert got["4.1"]["status"] == "error"
    assert got["5.7"]["status"] == "pass"  # an exited container has no processes to look at
    assert any("could not be inspected" in line for line in got["5.9"]["evidence"])
    running = patch(HARDENED, [add("/container_errors/-", {**BROKEN, "State": "running"})])
    assert status(running, "5.7") == "error"
    # A finding elsewhere still fails the control, and the error stays in the evidence.
    failing = patch(state, [rep("/containers/0/HostConfig/Privileged", True)])
    got = results(failing, ids=["5.5"])["5.5"]
    assert got["status"] == "fail"
    assert any("cannot inspect it" in line for line in got["evidence"])


# -- 4.6: every image on the host ------------------------------------------------------------------


def _tool_image(healthcheck: bool) -> dict[str, Any]:
    image = copy.deepcopy(HARDENED["images"][IMG_WEB])
    image.update(Id=IMG_TOOL, RepoTags=["registry.example.internal:5000/ops/tool:1.0"])
    if not healthcheck:
        del image["Config"]["Healthcheck"]
    return image


def test_4_6_judges_images_no_container_uses_and_says_so():
    unused = patch(HARDENED, [add(f"/images/{IMG_TOOL}", _tool_image(True))])
    got = results(unused, ids=["4.6"])["4.6"]
    assert got["status"] == "pass"
    assert got["evidence"] == ["3 image(s) on the host (2 in use) define a HEALTHCHECK"]
    failing = patch(HARDENED, [add(f"/images/{IMG_TOOL}", _tool_image(False))])
    got = results(failing, ids=["4.6"])["4.6"]
    assert got["status"] == "fail"
    assert got["evidence"] == [
        "image registry.example.internal:5000/ops/tool:1.0 (5d6e7f8091a2) has no HEALTHCHECK "
        "(not used by any container)"
    ]


def test_4_6_names_stopped_users_with_their_state():
    job = stopped("job", JOB, EXITED)
    job["Image"] = IMG_TOOL
    state = with_containers(job, ops=(add(f"/images/{IMG_TOOL}", _tool_image(False)),))
    got = results(state, ids=["4.6"])["4.6"]
    assert got["status"] == "fail"
    assert "(used by job (0a1b2c3d4e5f) (exited))" in got["evidence"][0]
    assert status(with_containers(job, ops=(add(f"/images/{IMG_TOOL}", _tool_image(True)),)), "4.6") == "pass"


def test_4_6_an_image_that_could_not_be_inspected_is_an_error():
    state = patch(HARDENED, [add("/image_errors", {IMG_TOOL: "GET /images/x/json returned HTTP 500: layer gone"})])
    got = results(state, ids=["4.6"])["4.6"]
    assert got["status"] == "error"
    assert got["evidence"] == [
        "image 5d6e7f8091a2 could not be inspected: GET /images/x/json returned HTTP 500: layer gone"
    ]
    failing = patch(state, [rm(f"/images/{IMG_WEB}/Config/Healthcheck")])
    got = results(failing, ids=["4.6"])["4.6"]
    assert got["status"] == "fail"
    assert any("could not be inspected" in line for line in got["evidence"])


# -- 5.22 seccomp ----------------------------------------------------------------------------------


def test_5_22_without_security_options_in_info_is_an_error_not_a_fail():
    missing = patch(HARDENED, [rm("/engine/info/SecurityOptions")])
    got = results(missing, ids=["5.22", "5.2", "5.3"])
    assert got["5.22"]["status"] == "error"
    assert "/info has no SecurityOptions field" in got["5.22"]["evidence"][0]
    assert got["5.2"]["status"] == "error"
    # 5.3 is decided by the host first: the fixture's host has no SELinux.
    assert got["5.3"]["status"] == "not_applicable"
    # What the containers' own options decide is still decided.
    unconfined = patch(missing, [rep("/containers/0/HostConfig/SecurityOpt", ["seccomp=unconfined"])])
    assert status(unconfined, "5.22") == "fail"
    # A daemon that lists its options without seccomp has no seccomp support.
    no_seccomp = patch(HARDENED, [rep("/engine/info/SecurityOptions", ["name=apparmor"])])
    assert status(no_seccomp, "5.22") == "fail"


def test_5_22_running_container_with_unreadable_proc_is_an_error():
    unreadable = patch(HARDENED, [rep(f"/processes/{WEB}", {"pid": 41231, "comms": [], "error": "PID 41231 gone"})])
    got = results(unreadable, ids=["5.22"])["5.22"]
    assert got["status"] == "error"
    assert got["evidence"] == ["container web (3f2a1b2c3d4e): cannot read its processes: PID 41231 gone"]
    assert status(patch(unreadable, [rep("/containers/0/HostConfig/Privileged", True)]), "5.22") == "fail"
    no_field = patch(HARDENED, [rep(f"/processes/{WEB}/seccomp", None)])
    assert status(no_field, "5.22") == "error"
    assert status(HARDENED, "5.22") == "pass"


def test_5_22_a_stopped_container_gets_the_profile_its_configuration_gives_at_start():
    assert status(with_containers(stopped("job", JOB, EXITED)), "5.22") == "pass"
    unconfined = with_containers(stopped("job", JOB, EXITED, SecurityOpt=["seccomp=unconfined"]))
    got = results(unconfined, ids=["5.22"])["5.22"]
    assert got["status"] == "fail"
    assert got["evidence"] == ["container job (0a1b2c3d4e5f) (exited) HostConfig.SecurityOpt has seccomp=unconfined"]


# -- 5.26 no-new-privileges ------------------------------------------------------------------------

UNREADABLE_WEB = rep(f"/processes/{WEB}", {"pid": 41231, "comms": [], "error": "PID 41231 is not visible in /proc"})


@pytest.mark.parametrize(
    ("security_opt", "expected"),
    [
        (None, "error"),  # the daemon default of its creation is not in inspect
        (["no-new-privileges"], "pass"),
        (["no-new-privileges=true"], "pass"),
        (["no-new-privileges:false"], "fail"),
    ],
)
def test_5_26_with_unreadable_proc_decides_only_from_an_explicit_option(security_opt, expected):
    state = patch(HARDENED, [UNREADABLE_WEB, rep("/containers/0/HostConfig/SecurityOpt", security_opt)])
    got = results(state, ids=["5.26"])["5.26"]
    assert got["status"] == expected, got
    if expected == "error":
        assert got["evidence"] == [
            "container web (3f2a1b2c3d4e): cannot read its processes: PID 41231 is not visible in /proc, and "
            "HostConfig.SecurityOpt does not set no-new-privileges"
        ]


def test_5_26_proc_decides_for_a_running_container():
    assert status(HARDENED, "5.26") == "pass"  # NoNewPrivs: 1 although SecurityOpt is empty
    assert status(patch(HARDENED, [rep(f"/processes/{WEB}/no_new_privs", 0)]), "5.26") == "fail"
    no_field = patch(HARDENED, [rep(f"/processes/{WEB}/no_new_privs", None)])
    assert status(no_field, "5.26") == "error"


def test_5_26_a_stopped_container_is_judged_from_its_security_options_as_the_benchmark_does():
    explicit = with_containers(stopped("job", JOB, EXITED, SecurityOpt=["no-new-privileges"]))
    assert status(explicit, "5.26") == "pass"
    got = results(with_containers(stopped("job", JOB, EXITED)), ids=["5.26"])["5.26"]
    assert got["status"] == "fail"
    assert got["evidence"][0].startswith(
        "container job (0a1b2c3d4e5f) (exited) HostConfig.SecurityOpt has no no-new-privileges"
    )


def test_5_26_names_the_recreate_that_brings_the_daemon_default_into_force():
    got = results(patch(HARDENED, [rep(f"/processes/{WEB}/no_new_privs", 0)]), ids=["5.26"])["5.26"]
    assert got["status"] == "fail"
    assert got["pending"] == "recreate web (a restart keeps NoNewPrivs 0; dockerd applies its default at create)"


def test_5_26_nothing_is_pending_when_the_daemon_default_is_off_or_the_container_opts_out():
    stale = rep(f"/processes/{WEB}/no_new_privs", 0)
    default_off = results(patch(HARDENED, [stale, rm("/daemon_json/content/no-new-privileges")]), ids=["5.26"])
    assert default_off["5.26"]["status"] == "fail"
    assert "pending" not in default_off["5.26"]
    opted_out = patch(HARDENED, [stale, rep("/containers/0/HostConfig/SecurityOpt", ["no-new-privileges=false"])])
    got = results(opted_out, ids=["5.26"])["5.26"]
    assert got["status"] == "fail"
    assert "pending" not in got


def test_5_26_passing_and_waived_results_carry_no_pending():
    assert "pending" not in results(HARDENED, ids=["5.26"])["5.26"]
