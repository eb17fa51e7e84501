from django.urls import include, path

from dialogues import views

app_name = "dialogues"
urlpatterns = [
    path("dialogues/", views.dialogue_list, name="dialogue_list"),
    path("dialogues/<int:dialogue_id>/", views.dialogue_detail, name="dialogue_detail"),
    path("dialogues/<int:dialogue_id>/register/", views.dialogue_register, name="register"),
    path(
        "dialogues/<int:dialogue_id>/calendar.ics",
        views.calendar_dialogue,
        name="calendar_dialogue",
    ),
    path("registrations/new-links/", views.registration_links_request, name="registration_links"),
    path("registrations/<str:token>/", views.registration_manage, name="registration_manage"),
    path(
        "registrations/<str:token>/about-you/",
        views.registration_about_you,
        name="registration_about_you",
    ),
    path(
        "registrations/<str:token>/cancel/",
        views.registration_cancel_view,
        name="registration_cancel",
    ),
    path("calendar/dialogues.ics", views.calendar_all, name="calendar_all"),
    path(
        "calendar/neighborhoods/<slug:slug>.ics",
        views.calendar_neighborhood,
        name="calendar_neighborhood",
    ),
    path("calendar/languages/<str:code>.ics", views.calendar_language, name="calendar_language"),
    path("calendar/mine/<str:token>.ics", views.calendar_personal, name="calendar_personal"),
    path("coordinator/", views.coordinator_home, name="coordinator_home"),
    path("coordinator/schedule/", views.schedule_generate, name="schedule_generate"),
    path(
        "coordinator/dialogues/<int:dialogue_id>/",
        views.registrations_overview,
        name="registrations_overview",
    ),
    path(
        "coordinator/dialogues/<int:dialogue_id>/change/",
        views.dialogue_change,
        name="dialogue_change",
    ),
    path(
        "coordinator/dialogues/<int:dialogue_id>/registrations.csv",
        views.registrations_csv,
        name="registrations_csv",
    ),
    path("sessions/<int:session_id>/roster/", views.session_roster_view, name="session_roster"),
    path("", include("dialogues.guides.urls")),
    path("", include("dialogues.live.urls")),
]
