from django import forms
from django.contrib import admin
from django.contrib.auth.models import Group
from django.utils.translation import gettext_lazy as _

from accounts.forms import language_choices
from accounts.models import User
from accounts.roles import Role
from accounts.services import user_roles_set

# Roles are groups looked up by name; renaming or deleting one would silently strip a role
# from everyone. Roles are granted on the user form instead.
admin.site.unregister(Group)

GRANTED_ROLES = [role for role in Role if role != Role.RESIDENT]


class UserAdminForm(forms.ModelForm):
    preferred_language = forms.ChoiceField(label=_("Preferred language"), choices=language_choices)
    roles = forms.TypedMultipleChoiceField(
        label=_("Roles"),
        choices=[(role.value, role.label) for role in GRANTED_ROLES],
        coerce=Role,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Every account is also a resident."),
    )

    class Meta:
        model = User
        fields = ["email", "display_name", "preferred_language", "is_active"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["roles"].initial = list(
                self.instance.groups.filter(
                    name__in=[role.value for role in GRANTED_ROLES]
                ).values_list("name", flat=True)
            )


class RoleListFilter(admin.SimpleListFilter):
    title = _("role")
    parameter_name = "role"

    def lookups(self, request, model_admin):
        return [(role.value, role.label) for role in GRANTED_ROLES]

    def queryset(self, request, queryset):
        if self.value() in Role.values:
            return queryset.filter(groups__name=self.value())
        return queryset


@admin.register(User)
class UserAdmin(admin.ModelAdmin):
    form = UserAdminForm
    list_display = ["email", "display_name", "preferred_language", "is_active", "last_login"]
    list_filter = [RoleListFilter, "is_active", "preferred_language"]
    search_fields = ["email", "display_name"]
    ordering = ["email"]
    # Coordinators manage roles but cannot make anyone a superuser.
    readonly_fields = ["last_login", "date_joined", "is_superuser"]

    def get_fields(self, request, obj=None):
        fields = ["email", "display_name", "preferred_language", "is_active", "roles"]
        if obj is not None:
            fields += ["is_superuser", "last_login", "date_joined"]
        return fields

    def save_model(self, request, obj, form, change):
        if not change:
            # People added here sign in with an emailed code until they choose a password.
            obj.set_unusable_password()
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        user_roles_set(user=form.instance, roles=set(form.cleaned_data["roles"]))
