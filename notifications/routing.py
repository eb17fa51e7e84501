from django.urls import path

from notifications.consumers import UnreadBadgeConsumer

websocket_urlpatterns = [
    path("ws/notifications/<str:language>/", UnreadBadgeConsumer.as_asgi()),
]
