from django.urls import path

from feedback.committee import accountability_views
from feedback.committee import coordinator_views as views

urlpatterns = [
    path("coordinator/briefs/", views.brief_list, name="coordinator_briefs"),
    path("coordinator/briefs/new/", views.brief_new, name="coordinator_brief_new"),
    path("coordinator/briefs/<int:brief_id>/", views.brief_edit, name="coordinator_brief_edit"),
    path(
        "coordinator/briefs/<int:brief_id>/send/",
        views.brief_send,
        name="coordinator_brief_send",
    ),
    path(
        "coordinator/briefs/<int:brief_id>/follow-up/",
        views.brief_follow_up,
        name="coordinator_brief_follow_up",
    ),
    path(
        "coordinator/report-back/",
        accountability_views.report_back,
        name="coordinator_report_back",
    ),
]
