"""``GET /api/farmhand/thumbnail/{frameId}``: a finished frame's JPEG preview (the progress image's grabUrl).

Signed like the other binary storage endpoints (the six headers merged with
the query parameters); only the frame's owner gets it.
"""

from __future__ import annotations

from typing import List

import sqlalchemy as sa
from starlette.requests import Request
from starlette.responses import FileResponse, Response
from starlette.routing import BaseRoute, Route

from farmhand_farm.envelope import NOT_FOUND, ApiError, error_envelope
from farmhand_farm.protocol.store import frames, tasks
from farmhand_farm.worker.thumbnails import THUMBNAIL_ROUTE, thumbnail_path


def thumbnail_routes(ctx) -> List[BaseRoute]:
    async def thumbnail(request: Request) -> Response:
        try:
            user = ctx.verify(request, dict(request.query_params))
            frame_id = request.path_params["frame_id"]
            with ctx.db.read() as conn:
                owner = conn.execute(
                    sa.select(tasks.c.user_id)
                    .join(frames, frames.c.task_id == tasks.c.id)
                    .where(frames.c.id == frame_id)
                ).scalar_one_or_none()
            path = thumbnail_path(ctx.data_dir, frame_id)
            if owner != user.user_id or not path.is_file():
                raise ApiError(NOT_FOUND, f"frame {frame_id} has no thumbnail")
            return FileResponse(path, media_type="image/jpeg")
        except ApiError as error:
            return error_envelope(error)

    return [Route(THUMBNAIL_ROUTE.replace("{frame_id}", "{frame_id:int}"), thumbnail, methods=["GET"])]
