from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path

from commonground import views

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path("i18n/switch/", views.language_switch, name="language_switch"),
    # Delivery and bounce webhooks from the email provider (e.g. /anymail/postmark/tracking/).
    path("anymail/", include("anymail.urls")),
]

urlpatterns += i18n_patterns(
    path("", views.home, name="home"),
    path("accounts/", include("allauth.urls")),
    path("me/", include("accounts.urls")),
    path("", include("dialogues.urls")),
    path("", include("facilitators.urls")),
    path("", include("feedback.urls")),
    path("", include("notifications.urls")),
    path("admin/", admin.site.urls),
)
