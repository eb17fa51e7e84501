"""WebSocket routes of every app, under /ws/."""

from notifications.routing import websocket_urlpatterns as notification_routes

websocket_urlpatterns = [*notification_routes]
