from functools import wraps

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

    def admin_view(self, view, cacheable=False):
        guarded_view = super().admin_view(view, cacheable)

        @wraps(guarded_view)
        def coordinators_only(request, *args, **kwargs):
            # Django would send everyone without access to the admin's own login form.
            if not self.has_permission(request):
                if request.user.is_authenticated:
                    raise PermissionDenied
                return redirect_to_login(request.get_full_path())
            return guarded_view(request, *args, **kwargs)

        return coordinators_only

    def login(self, request, extra_context=None):
        if request.user.is_authenticated:
            raise PermissionDenied
        next_url = request.GET.get("next") or reverse("admin:index", current_app=self.name)
        return redirect_to_login(next_url)
