"""Digests: messages that gather several events for one person, sent by the tick when due.

An app registers a function that enqueues the digests that are due at a moment and returns how
many it enqueued. The function must be safe to run twice or late, like the rest of the tick.
"""

from collections.abc import Callable
from datetime import datetime

_DIGESTS: dict[str, Callable[..., int]] = {}


def register_digest(name: str, send_due: Callable[..., int]) -> None:
    _DIGESTS[name] = send_due


def digests_send_due(*, now: datetime) -> int:
    return sum(send_due(now=now) for send_due in _DIGESTS.values())
