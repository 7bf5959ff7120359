"""``RenderbusClient``: every endpoint of the Renderbus API as a documented Python method.

Results are the envelope's ``data`` exactly as the farm sent it (``null`` stays
``None``).  Paged endpoints also have ``iter_*`` generators.  Calls that create
something (task ids, submissions, projects, task labels, render environments)
are never repeated blindly: after a failure that may have taken effect, the
client looks at the farm first.  The methods live in one module per area.
"""

from __future__ import annotations

from farmhand.api.account import AccountCalls
from farmhand.api.catalogue import CatalogueCalls
from farmhand.api.frames import FrameCalls
from farmhand.api.tasks import JOB_FILE_NAMES, MARKER_PREFIX, TaskCalls

__all__ = ["JOB_FILE_NAMES", "MARKER_PREFIX", "RenderbusClient"]


class RenderbusClient(AccountCalls, TaskCalls, FrameCalls, CatalogueCalls):
    """A signed client for Renderbus / Fox Renderfarm, or Farmhand's own local farm.

    ``RenderbusClient(access_id, access_key, domain="task.renderbus.com", platform="2",
    protocol="https", *, timeout=60, session=None, retry=None, min_interval=0.0,
    language="1", zone=None, mark_creations=True, settle_delay=None)``.

    ``domain`` may carry a port (``127.0.0.1:18431``); it is signed verbatim.
    ``zone`` (1 China, 2 elsewhere) defaults from the domain once, and is then
    used consistently (the SDK inverts it for one endpoint).  ``min_interval``
    spaces requests for farms that enforce the legacy one-request-per-10-s rule.
    ``mark_creations`` adds a unique label to every ``createTask`` so an
    ambiguous failure can be resolved by finding that label; ``settle_delay``
    (default: the timeout) is how long a timed-out creation may take to land
    before the client looks for it.
    """
