from django.urls import path

from feedback.survey import views

urlpatterns = [
    path("sessions/<int:session_id>/feedback/", views.session_feedback, name="session_feedback"),
    path(
        "sessions/<int:session_id>/feedback/walk-in/",
        views.survey_walk_in,
        name="survey_walk_in",
    ),
    path("survey/<str:token>/", views.survey_link, name="survey_link"),
    path("coordinator/survey/", views.survey_programs, name="survey_programs"),
    path(
        "coordinator/programs/<slug:slug>/survey/",
        views.survey_questions,
        name="survey_questions",
    ),
    path(
        "coordinator/programs/<slug:slug>/survey/new/",
        views.survey_question_add,
        name="survey_question_add",
    ),
    path(
        "coordinator/programs/<slug:slug>/survey/<int:question_id>/edit/",
        views.survey_question_edit,
        name="survey_question_edit",
    ),
    path(
        "coordinator/programs/<slug:slug>/survey/<int:question_id>/asked/",
        views.survey_question_active,
        name="survey_question_active",
    ),
    path(
        "coordinator/programs/<slug:slug>/survey/<int:question_id>/move/",
        views.survey_question_move_view,
        name="survey_question_move",
    ),
]
