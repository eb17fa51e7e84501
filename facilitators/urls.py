from django.urls import path

from facilitators import views

app_name = "facilitators"
urlpatterns = [
    path("facilitator/", views.facilitator_home, name="facilitator_home"),
    path("facilitator/details/", views.facilitator_details, name="facilitator_details"),
    path("availability/", views.availability, name="availability"),
    path("interpreter/", views.interpreter_home, name="interpreter_home"),
    path("assignments/<str:token>/", views.assignment_respond_view, name="assignment_respond"),
    path(
        "assignments/calendar/<str:token>.ics",
        views.assignment_calendar_view,
        name="assignment_calendar",
    ),
    path("coordinator/staffing/", views.staffing_home, name="staffing_home"),
    path("coordinator/staffing/plans/<int:plan_id>/", views.plan_detail, name="plan_detail"),
    path(
        "coordinator/staffing/dialogues/<int:dialogue_id>/check/",
        views.team_check,
        name="team_check",
    ),
    path("coordinator/training/", views.training_matrix_view, name="training_matrix"),
]
