"""How often and how long to retry, kept apart from the HTTP code so tests can shrink the waits.

The official SDK retries everything five times with a flat 1-2 s wait; we retry
only failures that are safe to repeat, back off exponentially with jitter (so a
farm recovering from an outage is not hit by every client at once), and stop
after a bounded number of attempts.
"""

from __future__ import annotations

import random
from dataclasses import dataclass


@dataclass(frozen=True)
class RetryPolicy:
    """Bounds for the retry loops of :class:`farmhand.api.transport.Transport` and the client.

    ``attempts`` counts every try of one call, the first included.
    ``rate_limit_wait`` is how long to pause after the legacy "interval less than 10s" refusal.
    """

    attempts: int = 5
    base_delay: float = 0.5
    max_delay: float = 15.0
    rate_limit_wait: float = 10.0
    rate_limit_retries: int = 3

    def __post_init__(self) -> None:
        if self.attempts < 1:
            raise ValueError("RetryPolicy.attempts must be at least 1")
        if self.base_delay < 0 or self.max_delay < 0 or self.rate_limit_wait < 0:
            raise ValueError("RetryPolicy delays must not be negative")

    def delay(self, failures: int) -> float:
        """Wait before the next try after ``failures`` consecutive failures (1-based).

        Exponential growth capped at ``max_delay``, then "equal jitter": a random
        point in the upper half, so waits never collapse to zero.
        """
        ceiling = min(self.max_delay, self.base_delay * (2 ** max(0, failures - 1)))
        return random.uniform(ceiling / 2, ceiling)
