from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _

from accounts.access import role_required
from accounts.forms import ProfileForm
from accounts.roles import Role
from accounts.selectors import user_roles
from accounts.services import user_profile_update


@role_required(Role.RESIDENT)
def dashboard(request):
    """The signed-in person's own page: their roles, where to go, and their profile."""
    user = request.user
    if request.method == "POST":
        form = ProfileForm(request.POST)
        if form.is_valid():
            user_profile_update(
                user=user,
                display_name=form.cleaned_data["display_name"],
                preferred_language=form.cleaned_data["preferred_language"],
            )
            messages.success(request, _("Your profile is saved."))
            # Show the page in the language the person just chose.
            with translation.override(user.preferred_language):
                return redirect("accounts:dashboard")
    else:
        form = ProfileForm(
            initial={
                "display_name": user.display_name,
                "preferred_language": user.preferred_language,
            }
        )
    return render(request, "accounts/dashboard.html", {"form": form, "roles": user_roles(user)})
