from django.urls import path

from feedback.reports import views

urlpatterns = [
    path(
        "facilitator/sessions/<int:session_id>/report/",
        views.session_report,
        name="session_report",
    ),
    path("coordinator/reports/", views.report_list, name="report_list"),
    path(
        "coordinator/reports/<int:report_id>/acknowledge/",
        views.wellbeing_acknowledge,
        name="wellbeing_acknowledge",
    ),
]
