from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path

from commonground import views

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path("i18n/switch/", views.language_switch, name="language_switch"),
]

urlpatterns += i18n_patterns(
    path("", views.home, name="home"),
    path("accounts/", include("allauth.urls")),
    path("me/", include("accounts.urls")),
    path("", include("dialogues.urls")),
    path("", include("facilitators.urls")),
    path("", include("feedback.urls")),
    path("admin/", admin.site.urls),
)
