from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncJsonWebsocketConsumer
from django.conf import settings
from django.utils import translation
from django.utils.translation import ngettext

from accounts.access import role_required
from accounts.roles import Role
from notifications.selectors import unread_count
from notifications.services import unread_group_name


def unread_label(count: int) -> str:
    return ngettext("%(count)s unread notification", "%(count)s unread notifications", count) % {
        "count": count
    }


@role_required(Role.RESIDENT)
class UnreadBadgeConsumer(AsyncJsonWebsocketConsumer):
    """Keeps a signed-in person's unread badge current, in the language of their page."""

    async def connect(self):
        user = self.scope["user"]
        self.group_name = unread_group_name(user.pk)
        language = self.scope["url_route"]["kwargs"]["language"]
        self.language = language if language in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE
        await self.channel_layer.group_add(self.group_name, self.channel_name)
        await self.accept()
        await self._send_count(await database_sync_to_async(unread_count)(user))

    async def disconnect(self, code):
        if hasattr(self, "group_name"):
            await self.channel_layer.group_discard(self.group_name, self.channel_name)

    async def notifications_unread(self, event):
        await self._send_count(event["count"])

    async def _send_count(self, count: int):
        with translation.override(self.language):
            label = unread_label(count)
        await self.send_json({"type": "unread", "count": count, "label": label})
