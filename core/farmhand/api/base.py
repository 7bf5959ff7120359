"""The plumbing every Renderbus call shares, and the rule that creations take effect once.

:class:`ClientBase` owns the signed :class:`~farmhand.api.transport.Transport`
and decides per path whether a failed call may be repeated.  Calls that create
something go through :meth:`ClientBase._create_once`, which never repeats a
request that may have taken effect without first looking at the farm.
"""

from __future__ import annotations

import logging
import os
import time
from typing import Any, Callable, Dict, Iterable, List, Mapping, Optional, TypeVar, Union

import requests

from farmhand.api import endpoints as ep
from farmhand.api.errors import OutcomeUnknown, RenderbusError, ServerError, TransportError
from farmhand.api.retry import RetryPolicy
from farmhand.api.transport import Timeout, Transport

log = logging.getLogger("farmhand.api")

TaskId = Union[int, str]
_Self = TypeVar("_Self", bound="ClientBase")
#: Returned by a lookup when the looked-for effect is not on the farm.
MISSING = object()


class ClientBase:
    """Constructor, transport and retry decisions; the endpoint groups build on it."""

    def __init__(
        self,
        access_id: Optional[str] = None,
        access_key: Optional[str] = None,
        domain: str = "task.renderbus.com",
        platform: str = "2",
        protocol: str = "https",
        *,
        timeout: Timeout = 60,
        session: Optional[requests.Session] = None,
        retry: Optional[RetryPolicy] = None,
        min_interval: float = 0.0,
        language: str = "1",
        zone: Optional[int] = None,
        channel: str = "4",
        version: str = "2.0.0",
        mark_creations: bool = True,
        settle_delay: Optional[float] = None,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        access_id = access_id or os.environ.get("RAYVISION_API_ACCESS_ID")
        access_key = access_key or os.environ.get("RAYVISION_API_KEY")
        self._transport = Transport(
            access_id or "",
            access_key or "",
            domain,
            platform=platform,
            protocol=protocol,
            channel=channel,
            version=version,
            language=language,
            timeout=timeout,
            session=session,
            retry=retry,
            min_interval=min_interval,
            sleep=sleep,
        )
        self.zone = int(zone) if zone is not None else (1 if "renderbus" in domain.lower() else 2)
        self.mark_creations = mark_creations
        # How long to let a request that timed out finish on the farm before looking for its effect.
        self.settle_delay = settle_delay if settle_delay is not None else _first_timeout(timeout)
        self._sleep = sleep
        self._profile: Optional[Dict[str, Any]] = None

    @property
    def domain(self) -> str:
        return self._transport.domain

    @property
    def platform(self) -> str:
        return self._transport.platform

    @property
    def transport(self) -> Transport:
        """The signed transport (for callers that need a path this class does not wrap)."""
        return self._transport

    def __repr__(self) -> str:
        return f"RenderbusClient({self._transport.base_url!r}, platform={self.platform!r})"

    def __enter__(self: _Self) -> _Self:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def close(self) -> None:
        """Release pooled connections."""
        self._transport.close()

    def call(self, path: str, body: Optional[Mapping[str, Any]] = None, *, safe: bool = True) -> Any:
        """POST any API path and return its ``data`` (escape hatch for endpoints added later)."""
        return self._transport.post(path, body, safe=safe)

    def _post(self, path: str, body: Optional[Mapping[str, Any]] = None) -> Any:
        return self._transport.post(path, body, safe=path not in ep.NON_IDEMPOTENT)

    def _create_once(
        self,
        path: str,
        body: Mapping[str, Any],
        lookup: Optional[Callable[[], Any]],
        *,
        found_result: Any = MISSING,
    ) -> Any:
        """POST a creation so that it takes effect at most once.

        The transport repeats it only when it provably never reached the farm.
        After an ambiguous failure, wait for a late request to land, then ask
        ``lookup()`` whether it took effect: a value (the data to return) ends the
        call, ``MISSING`` means "not there, safe to send again".  When the farm
        cannot answer, :class:`OutcomeUnknown` is raised instead of guessing.
        """
        policy = self._transport.retry
        failures = 0
        while True:
            try:
                return self._transport.post(path, body, safe=False)
            except (TransportError, ServerError) as exc:
                if not exc.ambiguous or lookup is None:
                    raise
                failures += 1
                found = self._look_after_failure(path, exc, lookup)
                if found is MISSING and failures >= policy.attempts:
                    raise
            except RenderbusError as refusal:
                # A resend refused ("already submitted") after an earlier ambiguous attempt:
                # that attempt may have landed late, so look once more before reporting it.
                if failures == 0 or lookup is None:
                    raise
                found = self._look_after_failure(path, refusal, lookup)
                if found is MISSING:
                    raise
            if found is not MISSING:
                log.info("%s had taken effect despite an ambiguous failure; not sending it again", path)
                return found if found_result is MISSING else found_result
            delay = policy.delay(failures)
            log.warning("%s did not take effect; sending it again in %.2fs", path, delay)
            self._sleep(delay)

    def _look_after_failure(self, path: str, exc: RenderbusError, lookup: Callable[[], Any]) -> Any:
        if isinstance(exc, TransportError) and self.settle_delay > 0:
            self._sleep(self.settle_delay)
        try:
            return lookup()
        except RenderbusError as lookup_error:
            raise OutcomeUnknown(
                f"the request failed ({exc.message}) and checking whether it took effect failed too "
                f"({lookup_error.message}); check the farm before trying again",
                path=path,
            ) from exc


def task_id_list(task_ids: Iterable[TaskId]) -> List[int]:
    if isinstance(task_ids, (str, int)):
        raise TypeError("task ids must be given as a list, e.g. [12345]")
    ids = [int(task_id) for task_id in task_ids]
    if not ids:
        raise ValueError("at least one task id is required")
    return ids


def same_id(left: Any, right: Any) -> bool:
    try:
        return int(left) == int(right)
    except (TypeError, ValueError):
        return False


def _first_timeout(timeout: Timeout) -> float:
    if isinstance(timeout, (tuple, list)):
        return float(timeout[-1])
    return float(timeout)
