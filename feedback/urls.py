from django.urls import include, path

app_name = "feedback"
urlpatterns = [
    path("", include("feedback.survey.urls")),
    path("", include("feedback.reports.urls")),
    path("", include("feedback.themes.urls")),
    path("", include("feedback.summaries.urls")),
    path("", include("feedback.committee.coordinator_urls")),
    path("", include("feedback.committee.workspace_urls")),
    path("", include("feedback.committee.public_urls")),
]
