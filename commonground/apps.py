from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps


class CommonGroundConfig(AppConfig):
    """The project package, as an app for its template tags and management commands."""

    default = True
    name = "commonground"
    verbose_name = "Common Ground"

    def ready(self):
        from commonground import checks  # noqa: F401  (registers the deployment checks)


class CoordinatorAdminConfig(admin_apps.AdminConfig):
    default = False
    default_site = "commonground.admin.CoordinatorAdminSite"
