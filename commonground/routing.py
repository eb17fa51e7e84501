"""WebSocket routes of every app, under /ws/."""

from dialogues.routing import websocket_urlpatterns as live_routes
from notifications.routing import websocket_urlpatterns as notification_routes

websocket_urlpatterns = [*live_routes, *notification_routes]
