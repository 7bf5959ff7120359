"""Every Renderbus endpoint of the farm (renderbus-protocol.md §7, seeds 001/002).

Each sub-module holds one area and lists its endpoints in ``ENDPOINTS``; the
documented alternate paths of §7.2 are listed next to the SDK paths.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, List

from farmhand_farm.protocol import account, catalogue, envs, frames, outputs, projects, tasks
from farmhand_farm.views import routes_for

if TYPE_CHECKING:  # pragma: no cover
    from farmhand_farm.context import FarmContext

AREAS = (account, catalogue, tasks, frames, projects, envs, outputs)


def setup(ctx: FarmContext) -> None:
    """Fill the catalogue tables on first start (software, plugins, hardware, error codes)."""
    catalogue.seed(ctx)


def routes(ctx: FarmContext) -> List:
    return [route for area in AREAS for route in routes_for(ctx, area.ENDPOINTS)]
