from django.urls import path

from facilitators import views

app_name = "facilitators"
urlpatterns = [
    path("facilitator/", views.facilitator_home, name="facilitator_home"),
    path("interpreter/", views.interpreter_home, name="interpreter_home"),
]
