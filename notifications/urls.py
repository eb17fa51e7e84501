from django.urls import path

from notifications import views

app_name = "notifications"
urlpatterns = [
    path("me/notifications/", views.notification_list, name="list"),
    path("me/notifications/read/", views.notifications_read, name="read"),
    path("me/notifications/preferences/", views.preferences, name="preferences"),
    path("notifications/unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
]
