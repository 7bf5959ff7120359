"""Assembling the farm application from its route modules (storage-protocol.md).

Each module in :data:`ROUTE_MODULES` exposes ``routes(ctx)``; a listed module
that cannot be imported is an error, never skipped, so a broken install fails
at start-up instead of answering 404 later.
"""

from __future__ import annotations

import contextlib
import importlib
import logging
from typing import AsyncIterator, List

from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute

from farmhand_farm.context import FarmContext
from farmhand_farm.db import Database
from farmhand_farm.envelope import NOT_FOUND, envelope
from farmhand_farm.fault_middleware import FaultMiddleware
from farmhand_farm.settings import FarmSettings
from farmhand_farm.worker import start_pool

log = logging.getLogger(__name__)

ROUTE_MODULES = ("farmhand_farm.protocol", "farmhand_farm.storage", "farmhand_farm.worker")


def create_app(settings: FarmSettings) -> Starlette:
    # Owner-only when we create it: it holds the database, the users' inputs and their renders.
    settings.data_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
    modules = [importlib.import_module(name) for name in ROUTE_MODULES]
    database = Database(settings.database_url)
    database.create_all()  # every listed module has defined its tables by now
    ctx = FarmContext(settings, database)
    routes: List[BaseRoute] = []
    for module in modules:
        if hasattr(module, "setup"):
            module.setup(ctx)
        routes.extend(module.routes(ctx))
    middleware = [Middleware(FaultMiddleware, policy=settings.faults)] if settings.faults.enabled else []
    app = Starlette(
        routes=routes,
        middleware=middleware,
        exception_handlers={404: _not_found, 405: _not_found},
        lifespan=_lifespan(database, ctx),
    )
    app.state.ctx = ctx
    return app


def _lifespan(database: Database, ctx: FarmContext):
    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        pool = await run_in_threadpool(start_pool, ctx)
        try:
            yield
        finally:
            await run_in_threadpool(pool.stop)
            database.dispose()

    return lifespan


async def _not_found(request: Request, exc: Exception) -> Response:
    return envelope(None, code=NOT_FOUND, message=f"no such endpoint: {request.method} {request.url.path}")
