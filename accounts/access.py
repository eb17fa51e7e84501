"""The one way to require a role: `@role_required(Role.X, ...)`.

It decorates a view function, a class-based view, or a Channels consumer class. The user needs
at least one of the roles. Anonymous visitors are sent to sign in (a WebSocket is closed with
4401); signed-in users without the role get 403 (a WebSocket is closed with 4403).
"""

from functools import wraps

from channels.consumer import AsyncConsumer, SyncConsumer
from channels.db import database_sync_to_async
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.utils.decorators import method_decorator
from django.views import View

from accounts.roles import Role
from accounts.selectors import user_has_role

WEBSOCKET_CLOSE_UNAUTHENTICATED = 4401
WEBSOCKET_CLOSE_FORBIDDEN = 4403


def role_required(*roles: Role):
    if not roles:
        raise TypeError("role_required needs at least one role.")

    def decorate(target):
        # SyncConsumer subclasses AsyncConsumer, so it is tested first.
        if isinstance(target, type) and issubclass(target, SyncConsumer):
            return _guard_sync_consumer(target, roles)
        if isinstance(target, type) and issubclass(target, AsyncConsumer):
            return _guard_async_consumer(target, roles)
        if isinstance(target, type) and issubclass(target, View):
            return method_decorator(_guard_view(roles), name="dispatch")(target)
        return _guard_view(roles)(target)

    return decorate


def _guard_view(roles):
    def decorator(view):
        @wraps(view)
        def guarded(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not user_has_role(request.user, *roles):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return guarded

    return decorator


def _refusal_code(user, roles) -> int | None:
    if user is None or not user.is_authenticated:
        return WEBSOCKET_CLOSE_UNAUTHENTICATED
    if not user_has_role(user, *roles):
        return WEBSOCKET_CLOSE_FORBIDDEN
    return None


# base_send is the raw ASGI send: a WebSocket consumer's own send() would wrap the close
# message in a text frame.
def _guard_async_consumer(consumer_class, roles):
    original_connect = consumer_class.websocket_connect

    @wraps(original_connect)
    async def websocket_connect(self, message):
        code = await database_sync_to_async(_refusal_code)(self.scope.get("user"), roles)
        if code is not None:
            await self.base_send({"type": "websocket.close", "code": code})
            return
        await original_connect(self, message)

    consumer_class.websocket_connect = websocket_connect
    return consumer_class


def _guard_sync_consumer(consumer_class, roles):
    original_connect = consumer_class.websocket_connect

    @wraps(original_connect)
    def websocket_connect(self, message):
        code = _refusal_code(self.scope.get("user"), roles)
        if code is not None:
            self.base_send({"type": "websocket.close", "code": code})
            return
        original_connect(self, message)

    consumer_class.websocket_connect = websocket_connect
    return consumer_class
