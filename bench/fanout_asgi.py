"""The live fan-out benchmark's baseline: a bare Channels consumer on the same channel layer.

/ws/fanout/<group>/ joins a group. A `trigger` frame group-sends a prepared frame, which every
member forwards as it is: no database, no projection, no JSON per connection. An `echo` frame
wakes every member up without a frame for them (as a contribution does for the participants
who may not see it) and answers `ack` to its sender. HTTP (for /healthz)
is the app's own. Serve it with `daphne bench.fanout_asgi:application`.
"""

import json
import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "commonground.settings")
django_http_application = get_asgi_application()

from channels.generic.websocket import AsyncWebsocketConsumer  # noqa: E402
from channels.routing import ProtocolTypeRouter, URLRouter  # noqa: E402
from django.urls import path  # noqa: E402


class BareFanoutConsumer(AsyncWebsocketConsumer):
    async def connect(self):
        self.group = f"bench-fanout-{self.scope['url_route']['kwargs']['group']}"
        await self.channel_layer.group_add(self.group, self.channel_name)
        await self.accept()

    async def disconnect(self, code):
        await self.channel_layer.group_discard(self.group, self.channel_name)

    async def receive(self, text_data=None, bytes_data=None):
        frame = json.loads(text_data)
        if frame["type"] == "trigger":
            await self.channel_layer.group_send(
                self.group, {"type": "fanout.frame", "text": frame["broadcast"]}
            )
        elif frame["type"] == "echo":
            await self.channel_layer.group_send(self.group, {"type": "fanout.wake"})
            await self.send(text_data=json.dumps({"type": "ack", "client_id": frame["client_id"]}))

    async def fanout_frame(self, message):
        await self.send(text_data=message["text"])

    async def fanout_wake(self, message):
        pass


application = ProtocolTypeRouter(
    {
        "http": django_http_application,
        "websocket": URLRouter([path("ws/fanout/<str:group>/", BareFanoutConsumer.as_asgi())]),
    }
)
