"""Discussion guides; included into the "dialogues" namespace by dialogues/urls.py."""

from django.urls import path

from dialogues.guides import views

urlpatterns = [
    path("coordinator/guides/", views.guide_list, name="guide_list"),
    path("coordinator/guides/new/", views.guide_create_view, name="guide_create"),
    path("coordinator/guides/<int:guide_id>/edit/", views.guide_edit, name="guide_edit"),
    path(
        "coordinator/guides/<int:guide_id>/versions/<int:number>/",
        views.guide_version_view,
        name="guide_version",
    ),
    path(
        "coordinator/guides/<int:guide_id>/translations/",
        views.guide_completeness_view,
        name="guide_completeness",
    ),
    path(
        "coordinator/guides/<int:guide_id>/make-default/",
        views.guide_make_default_view,
        name="guide_make_default",
    ),
    path("sessions/<int:session_id>/guide/", views.session_guide, name="session_guide"),
]
