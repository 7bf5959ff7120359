"""Fault injection, so client tests can prove they survive a misbehaving farm.

A policy maps a fault kind to the share of requests it hits.  Kinds:

* ``code``         answer envelope code 500 without doing anything;
* ``http5xx``      answer HTTP 502 with an HTML body without doing anything;
* ``http5xx_after`` do the work, then answer HTTP 502 HTML (the client cannot know it took effect);
* ``stall``        sleep ``stall_seconds`` before doing the work (client timeouts);
* ``drop``         break the connection without doing anything;
* ``drop_after``   do the work, then break the connection mid-response;
* ``http500_success`` do the work and answer its envelope with HTTP 500 (the SDK ignores the status);
* ``null_data``    do the work and answer its envelope with ``data: null`` (the SDK's login crashes on it).

Only the person starting the server can switch this on (settings, or the
``FARMHAND_FARM_FAULTS`` environment variable of the server process), e.g.
``FARMHAND_FARM_FAULTS="drop_after=0.2,http5xx=0.1,stall=0.05;stall_seconds=2;seed=7"``.
"""

from __future__ import annotations

import random
import threading
from dataclasses import dataclass, field
from typing import Dict, Optional

KINDS = ("code", "http5xx", "http5xx_after", "stall", "drop", "drop_after", "http500_success", "null_data")


class FaultSpecError(ValueError):
    """FARMHAND_FARM_FAULTS does not parse."""


@dataclass
class FaultPolicy:
    rates: Dict[str, float] = field(default_factory=dict)
    stall_seconds: float = 5.0
    seed: Optional[int] = None
    # Paths never faulted (so a test can always read state back); prefix match.
    exempt_prefixes: tuple = ()

    def __post_init__(self) -> None:
        unknown = set(self.rates) - set(KINDS)
        if unknown:
            raise FaultSpecError(f"unknown fault kind(s) {sorted(unknown)}; known: {', '.join(KINDS)}")
        if sum(self.rates.values()) > 1.0:
            raise FaultSpecError("fault rates add up to more than 1")
        self._random = random.Random(self.seed)
        self._lock = threading.Lock()

    @property
    def enabled(self) -> bool:
        return any(rate > 0 for rate in self.rates.values())

    def pick(self, path: str) -> Optional[str]:
        """The fault to apply to this request, or None."""
        if not self.enabled or any(path.startswith(p) for p in self.exempt_prefixes):
            return None
        with self._lock:
            draw = self._random.random()
        for kind in KINDS:
            rate = self.rates.get(kind, 0.0)
            if draw < rate:
                return kind
            draw -= rate
        return None

    @classmethod
    def parse(cls, spec: str) -> FaultPolicy:
        """``kind=rate,...[;stall_seconds=S][;seed=N][;exempt=/a,/b]``."""
        rates: Dict[str, float] = {}
        options: Dict[str, str] = {}
        for index, part in enumerate(p.strip() for p in spec.split(";")):
            if not part:
                continue
            if index == 0 and not part.startswith(("stall_seconds=", "seed=", "exempt=")):
                for item in part.split(","):
                    kind, _, rate = item.partition("=")
                    rates[kind.strip()] = _number(rate, item)
            else:
                key, _, value = part.partition("=")
                options[key.strip()] = value.strip()
        exempt = tuple(p for p in options.get("exempt", "").split(",") if p)
        seed = options.get("seed")
        return cls(
            rates=rates,
            stall_seconds=_number(options.get("stall_seconds", "5"), "stall_seconds"),
            seed=int(seed) if seed else None,
            exempt_prefixes=exempt,
        )


def _number(text: str, where: str) -> float:
    try:
        return float(text)
    except ValueError:
        raise FaultSpecError(f"FARMHAND_FARM_FAULTS: {where!r} is not a number") from None
