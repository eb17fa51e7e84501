from django.conf import settings
from django.contrib import admin
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils.functional import lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _


def _site_header() -> str:
    return gettext("Common Ground %(city)s: administration") % {"city": settings.CITY_NAME}


class CoordinatorAdminSite(admin.AdminSite):
    """The Django admin, for coordinators, signed in through the same pages as everyone."""

    site_header = lazy(_site_header, str)()
    site_title = _("Common Ground administration")
    index_title = _("Records")

    def login(self, request, extra_context=None):
        if request.user.is_authenticated:
            # Signed in, but not a coordinator: the admin is not for them.
            raise PermissionDenied
        next_url = request.GET.get("next") or reverse("admin:index", current_app=self.name)
        return redirect_to_login(next_url)
