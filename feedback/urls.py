from django.urls import path

from feedback import views

app_name = "feedback"
urlpatterns = [
    path("committee/", views.committee_home, name="committee_home"),
    path("sessions/<int:session_id>/feedback/", views.session_feedback, name="session_feedback"),
]
