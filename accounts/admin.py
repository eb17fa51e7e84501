from django import forms
from django.contrib import admin
from django.contrib.auth.models import Group
from django.utils.translation import gettext_lazy as _

from accounts.forms import language_choices
from accounts.models import User
from accounts.roles import Role

# Roles are groups looked up by name; renaming or deleting one would silently strip a role
# from everyone. Roles are granted on the user form instead.
admin.site.unregister(Group)


class RoleChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, group):
        return Role(group.name).label if group.name in Role.values else group.name


class UserAdminForm(forms.ModelForm):
    preferred_language = forms.ChoiceField(label=_("Preferred language"), choices=language_choices)
    groups = RoleChoiceField(
        label=_("Roles"),
        queryset=Group.objects.filter(name__in=Role.values).order_by("name"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = User
        fields = ["email", "display_name", "preferred_language", "is_active", "groups"]


@admin.register(User)
class UserAdmin(admin.ModelAdmin):
    form = UserAdminForm
    list_display = ["email", "display_name", "preferred_language", "is_active", "last_login"]
    list_filter = [("groups", admin.RelatedOnlyFieldListFilter), "is_active", "preferred_language"]
    search_fields = ["email", "display_name"]
    ordering = ["email"]
    # Coordinators manage roles but cannot make anyone a superuser.
    readonly_fields = ["last_login", "date_joined", "is_superuser"]

    def get_fields(self, request, obj=None):
        fields = ["email", "display_name", "preferred_language", "is_active", "groups"]
        if obj is not None:
            fields += ["is_superuser", "last_login", "date_joined"]
        return fields

    def save_model(self, request, obj, form, change):
        if not change:
            # People added here sign in with an emailed code until they choose a password.
            obj.set_unusable_password()
        super().save_model(request, obj, form, change)
