from django.urls import include, path

app_name = "feedback"
urlpatterns = [
    path("", include("feedback.survey.urls")),
    path("", include("feedback.reports.urls")),
    path("", include("feedback.themes.urls")),
    path("", include("feedback.summaries.urls")),
]
