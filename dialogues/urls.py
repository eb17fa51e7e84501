from django.urls import path

from dialogues import views

app_name = "dialogues"
urlpatterns = [
    path("coordinator/", views.coordinator_home, name="coordinator_home"),
]
