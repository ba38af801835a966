# Private to the hardened.docker collection: not a public API, may change without notice.
"""Section 6 of the benchmark: security operations. Both controls are manual; the counts help the reviewer."""

from __future__ import annotations

from ansible_collections.hardened.docker.plugins.module_utils._context import AuditContext
from ansible_collections.hardened.docker.plugins.module_utils._registry import check
from ansible_collections.hardened.docker.plugins.module_utils._results import Outcome, manual


@check("manual_image_sprawl")
def manual_image_sprawl(ctx: AuditContext) -> Outcome:
    question = "review the images on the host and remove those no longer needed"
    if ctx.engine_error:
        return manual(question, f"image count unknown: Docker Engine API unreachable ({ctx.engine_error})")
    in_use = len({c.image_id for c in ctx.containers()})
    return manual(question, f"{ctx.info.get('Images', 'unknown')} image(s) on the host, {in_use} in use")


@check("manual_container_sprawl")
def manual_container_sprawl(ctx: AuditContext) -> Outcome:
    question = "review the stopped containers and remove those no longer needed"
    if ctx.engine_error:
        return manual(question, f"container count unknown: Docker Engine API unreachable ({ctx.engine_error})")
    info = ctx.info
    return manual(
        question,
        f"{info.get('Containers', 'unknown')} container(s): {info.get('ContainersRunning', '?')} running, "
        f"{info.get('ContainersPaused', '?')} paused, {info.get('ContainersStopped', '?')} stopped",
    )
