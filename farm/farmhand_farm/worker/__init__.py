"""The farm's workers: a bounded pool that renders claimed frames in child processes.

Modules: ``config`` (pool size, renderer paths), ``pool`` (threads, recovery,
lease reaper), ``job`` (one claim: run, watch, finish), ``renderers`` (command
lines per host), ``request`` (claim + job files -> what to render),
``blender_runner`` (the ``bpy`` child), ``publish`` (staging -> outputs),
``thumbnails`` and ``routes`` (previews), ``leases`` and ``queue`` (crash
safety on the protocol's frame tables).

As a route module (listed in ``app.ROUTE_MODULES``) it adds the thumbnail
endpoint; the app's lifespan calls :func:`start_pool` / ``pool.stop()``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, List

if TYPE_CHECKING:  # pragma: no cover
    from farmhand_farm.worker.pool import WorkerPool

# Submodules are imported where used: the renderer child (``blender_runner``) must start without
# loading SQLAlchemy, the protocol package imports ``worker.thumbnails``, and ``worker.pool``
# imports the protocol.


def setup(ctx) -> None:
    """Create the lease table (the app calls this after ``create_all``)."""
    from farmhand_farm.worker.leases import frame_leases

    frame_leases.create(ctx.engine, checkfirst=True)


def routes(ctx) -> List:
    from farmhand_farm.worker.routes import thumbnail_routes

    return thumbnail_routes(ctx)


def start_pool(ctx) -> WorkerPool:
    """Start the pool the farm's settings ask for (``settings.workers``; 0 = recovery only, no renders)."""
    from farmhand_farm.worker.config import WorkerConfig
    from farmhand_farm.worker.pool import WorkerPool

    config = WorkerConfig.build(int(getattr(ctx.settings, "workers", 0) or 0))
    pool = WorkerPool(ctx.db, ctx.data_dir, config)
    pool.start()
    return pool
