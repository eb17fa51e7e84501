from django.urls import path

from feedback.summaries import views

urlpatterns = [
    path("committee/", views.committee_home, name="committee_home"),
    path("summaries/", views.summaries, name="summaries"),
    path("summaries/export.csv", views.summaries_csv, name="summaries_csv"),
]
