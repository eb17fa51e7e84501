"""The frames clients may send, checked before anything reads them (docs/live-protocol.md)."""

import json
import time
from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

from dialogues.live.services import LiveRefusal

FRAME_MAX_BYTES = 8192
# Every connection may send a burst of this many frames, refilled at MESSAGES_PER_SECOND.
MESSAGE_BURST = 30
MESSAGES_PER_SECOND = 5
CONTRIBUTION_INTERVAL_SECONDS = 2.0

_NONE = type(None)

# Each message type and its fields: name -> (accepted types, required).
MESSAGE_FIELDS: dict[str, dict[str, tuple[tuple[type, ...], bool]]] = {
    "hello": {"last_sequence": ((int, _NONE), False), "language": ((str,), False)},
    "ping": {},
    "set_language": {"language": ((str,), True)},
    "contribute": {
        "client_id": ((str,), True),
        "text": ((str,), True),
        "anonymous": ((bool,), False),
    },
    "hand_raise": {},
    "hand_lower": {"participant": ((int,), False)},
    "go_round_pass": {},
    "translate": {
        "contribution": ((int,), True),
        "language": ((str,), True),
        "text": ((str,), True),
    },
    "room_open": {},
    "room_pause": {},
    "room_resume": {},
    "room_end": {},
    "segment_next": {},
    "segment_previous": {},
    "segment_go": {"index": ((int,), True)},
    "timer_start": {"minutes": ((int,), False)},
    "timer_pause": {},
    "timer_extend": {"minutes": ((int,), True)},
    "time_out": {"active": ((bool,), True)},
    "go_round_start": {},
    "go_round_next": {},
    "go_round_end": {},
    "contribution_hide": {"contribution": ((int,), True), "reason": ((str,), True)},
    "contribution_restore": {"contribution": ((int,), True)},
    "contribution_spotlight": {"contribution": ((int,), True), "on": ((bool,), True)},
    "contribution_tag": {
        "contribution": ((int,), True),
        "tag": ((str,), True),
        "add": ((bool,), False),
    },
    "join_code_new": {},
}


@dataclass(frozen=True)
class ClientMessage:
    type: str
    fields: dict


def parse_frame(text: str) -> ClientMessage:
    """The message in a text frame, or a LiveRefusal saying what is wrong with it."""
    if len(text.encode()) > FRAME_MAX_BYTES:
        raise LiveRefusal(
            "frame_too_large",
            _("That message is too large (at most %(limit)s bytes)."),
            limit=FRAME_MAX_BYTES,
        )
    try:
        message = json.loads(text)
    except (ValueError, RecursionError):
        raise LiveRefusal("malformed", _("That message is not valid JSON.")) from None
    if not isinstance(message, dict) or not isinstance(message.get("type"), str):
        raise LiveRefusal("malformed", _('A message is a JSON object with a "type".'))
    spec = MESSAGE_FIELDS.get(message["type"])
    if spec is None:
        raise LiveRefusal("unknown_type", _("Unknown message type."))
    fields = {}
    for name, (types, required) in spec.items():
        if name not in message:
            if required:
                raise LiveRefusal(
                    "invalid_field", _('The field "%(field)s" is missing.'), field=name
                )
            continue
        value = message[name]
        # JSON true is a Python bool, which is also an int: do not accept it as a number.
        if not isinstance(value, types) or (isinstance(value, bool) and bool not in types):
            raise LiveRefusal(
                "invalid_field", _('The field "%(field)s" has the wrong type.'), field=name
            )
        fields[name] = value
    return ClientMessage(message["type"], fields)


@dataclass
class RateLimit:
    """A token bucket for all frames, and a minimum interval between contributions."""

    tokens: float = MESSAGE_BURST
    refilled_at: float = field(default_factory=time.monotonic)
    last_contribution_at: float = float("-inf")

    def take(self) -> float:
        """Takes a token; returns 0, or how many seconds to wait when none is left."""
        now = time.monotonic()
        self.tokens = min(
            MESSAGE_BURST, self.tokens + (now - self.refilled_at) * MESSAGES_PER_SECOND
        )
        self.refilled_at = now
        if self.tokens < 1:
            return (1 - self.tokens) / MESSAGES_PER_SECOND
        self.tokens -= 1
        return 0

    def contribution_wait(self, arrived_at: float) -> float:
        """Seconds until the next contribution may arrive; refused ones do not count."""
        return max(0, self.last_contribution_at + CONTRIBUTION_INTERVAL_SECONDS - arrived_at)

    def contribution_stored(self, arrived_at: float) -> None:
        """Counted from its arrival, so that a busy server does not refuse the next one."""
        self.last_contribution_at = arrived_at
