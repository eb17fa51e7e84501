from django.urls import path

from feedback.committee import workspace_views as views

urlpatterns = [
    path("committee/briefs/<int:brief_id>/", views.brief_detail, name="committee_brief"),
    path(
        "committee/briefs/<int:brief_id>/decision/",
        views.brief_decide_view,
        name="committee_brief_decide",
    ),
    path(
        "committee/briefs/<int:brief_id>/comments/",
        views.brief_comment_view,
        name="committee_brief_comment",
    ),
    path(
        "committee/briefs/<int:brief_id>/recommendation/",
        views.recommendation_create_view,
        name="committee_recommendation_create",
    ),
    path(
        "committee/briefs/<int:brief_id>/recommendation/join/",
        views.recommendation_join_view,
        name="committee_recommendation_join",
    ),
    path(
        "committee/recommendations/<int:recommendation_id>/",
        views.recommendation_detail,
        name="committee_recommendation",
    ),
]
