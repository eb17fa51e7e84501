from django.urls import path

from dialogues.live import views

urlpatterns = [
    path("live/join/", views.join, name="live_join"),
    path("live/<int:session_id>/", views.room, name="live_room"),
    path("live/<int:session_id>/projector/", views.projector, name="live_projector"),
]
