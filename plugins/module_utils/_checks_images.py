# Private to the hardened.docker collection: not a public API, may change without notice.
"""Checks for section 4 of the benchmark: container images and how they are used.

Most of this section is about Dockerfiles and build pipelines, which a host
audit cannot see; those controls are manual and say what to review.
"""

from __future__ import annotations

import re
from typing import Any, Callable, Iterable

from ansible_collections.hardened.docker.plugins.module_utils._checks_runtime import per_container
from ansible_collections.hardened.docker.plugins.module_utils._context import AuditContext, Container
from ansible_collections.hardened.docker.plugins.module_utils._registry import check, register
from ansible_collections.hardened.docker.plugins.module_utils._results import (
    CheckError,
    Finding,
    Outcome,
    decide,
    failed,
    manual,
    not_applicable,
    passed,
)

_ASSIGN = re.compile(r"""^\s*(?:export\s+)?DOCKER_CONTENT_TRUST=(?:"([^"]*)"|'([^']*)'|([^\s#;]*))""")
_UNSET = re.compile(r"^\s*unset\s+(?:[^#;]*\s)?DOCKER_CONTENT_TRUST(?:\s|;|$)")
# The docker CLI enables content trust for any value that does not parse as false.
_FALSE = ("0", "f", "false")
ROOT_USERS = ("", "root", "0")


def short_image_id(image_id: str) -> str:
    return image_id.split(":", 1)[-1][:12]


def _root_user(ctx: AuditContext, container: Container) -> Iterable[str]:
    user = str(container.config.get("User") or "")
    if user.split(":", 1)[0] in ROOT_USERS:
        yield f'Config.User="{user}" (runs as root)'


# The benchmark lists users with `docker ps --all`: a stopped container runs as its user when started.
register("image_container_user", per_container(_root_user, "all run as a non-root user"))


def _content_trust_value(lines: list[str]) -> str | None:
    """The value the last assignment in a file leaves, "" when unset again, None when untouched."""
    value = None
    for line in lines:
        if _UNSET.match(line):
            value = ""
            continue
        match = _ASSIGN.match(line)
        if match:
            value = next(v for v in match.groups() if v is not None)
    return value


# Outside the benchmark, which still asks for DCT: the result says what happened to it. Verdicts are unchanged.
DCT_RETIRED = (
    "Docker Content Trust is retired: pulls of Docker Official Images fail with DOCKER_CONTENT_TRUST=1 since "
    "August 2025 and notary.docker.io shuts down on 2026-12-08; verify signatures with cosign or notation instead"
)


@check("image_content_trust")
def image_content_trust(ctx: AuditContext) -> Outcome:
    files: dict[str, Any] = ctx.state.get("content_trust")
    if files is None:
        raise CheckError("the environment and profile files were not recorded")
    final, where = None, None
    for path, lines in files.items():  # recorded in the order a login shell reads them
        value = _content_trust_value(lines or [])
        if value is not None:
            final, where = value, path
    checked = f"checked {', '.join(files) or 'no files'}; per-user shell files are not checked"
    if final is None:
        return failed([Finding("DOCKER_CONTENT_TRUST is not set for login shells")], checked, DCT_RETIRED)
    if final == "" or final.strip().lower() in _FALSE:
        return failed(
            [Finding(f"DOCKER_CONTENT_TRUST={final} in {where} leaves content trust off", where or "")],
            checked,
            DCT_RETIRED,
        )
    return passed(f"DOCKER_CONTENT_TRUST={final} in {where}", checked, DCT_RETIRED, objects=[where or ""])


def _images_in_use(containers: list[Container]) -> dict[str, list[Container]]:
    used: dict[str, list[Container]] = {}
    for container in containers:
        used.setdefault(container.image_id, []).append(container)
    return used


@check("image_healthcheck")
def image_healthcheck(ctx: AuditContext) -> Outcome:
    # As the benchmark: every image on the host (docker images), each named with the containers using it.
    images = ctx.images()
    used = _images_in_use(ctx.containers())
    if not images and not used:
        return not_applicable("no images on the host")
    findings, unknown = [], []
    for image_id in sorted(set(images) | set(used)):
        users = used.get(image_id, [])
        image = images.get(image_id)
        if image is None:  # an image in use that could not be inspected
            ref = users[0].image_ref if users else image_id
            why = ctx.image_error(image_id) or "not found"
            unknown.append(f"image {ref} ({short_image_id(image_id)}) could not be inspected: {why}")
            continue
        tags = [str(tag) for tag in image.get("RepoTags") or []]
        refs = tuple(dict.fromkeys([*tags, *(c.image_ref for c in users), image_id]))
        test = ((image.get("Config") or {}).get("Healthcheck") or {}).get("Test") or []
        if not test or test[0] == "NONE":
            label = f"image {refs[0]} ({short_image_id(image_id)})"
            users_text = f"used by {', '.join(c.shown for c in users)}" if users else "not used by any container"
            findings.append(Finding(f"{label} has no HEALTHCHECK ({users_text})", label, (), refs))
    for image_id, why in sorted((ctx.state.get("image_errors") or {}).items()):
        if image_id not in images and image_id not in used:
            unknown.append(f"image {short_image_id(image_id)} could not be inspected: {why}")
    if unknown and not findings:
        raise CheckError("; ".join(unknown))
    checked = len(images)
    in_use = len(set(images) & set(used))
    return decide(findings, [f"{checked} image(s) on the host ({in_use} in use) define a HEALTHCHECK"], unknown)


def _manual(text: str, list_images: bool = False) -> Callable[[AuditContext], Outcome]:
    def check(ctx: AuditContext) -> Outcome:
        if not list_images:
            return manual(text)
        if ctx.engine_error:
            return manual(text, f"images in use unknown: {ctx.engine_error}")
        used = _images_in_use(ctx.containers())  # by a container in any state
        shown = [f"{users[0].image_ref} ({short_image_id(image_id)})" for image_id, users in sorted(used.items())]
        return manual(text, f"images in use: {', '.join(shown) or 'none'}")

    return check


register(
    "manual_trusted_base_images", _manual("review where each image in use comes from and who maintains its base", True)
)
register(
    "manual_minimal_packages", _manual("review the packages installed in each image against what the application needs")
)
register(
    "manual_image_scanning", _manual("check that images are scanned for vulnerabilities and rebuilt with fixes", True)
)
register(
    "manual_update_instructions",
    _manual("review Dockerfiles for package updates run on their own (RUN apt-get update)"),
)
register(
    "manual_setuid_setgid", _manual("review each image for setuid/setgid files the application does not need", True)
)
register("manual_copy_not_add", _manual("review Dockerfiles for ADD where COPY would do"))
register("manual_no_secrets_in_dockerfiles", _manual("review Dockerfiles and image history for secrets"))
register("manual_verified_packages", _manual("review that image builds verify package signatures and checksums"))
register("manual_signed_artifacts", _manual("review that deployed images and artifacts are signed and verified"))
