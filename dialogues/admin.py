from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from dialogues.models import (
    ChangeRecord,
    Dialogue,
    DiscussionGuide,
    GuideSegment,
    GuideVersion,
    Language,
    Neighborhood,
    Program,
    Registration,
    Session,
    Venue,
)
from dialogues.services import dialogue_capacity_change, dialogue_place_changed


@admin.register(Neighborhood)
class NeighborhoodAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Language)
class LanguageAdmin(admin.ModelAdmin):
    list_display = ["name", "code"]
    search_fields = ["name", "code"]


@admin.register(Venue)
class VenueAdmin(admin.ModelAdmin):
    list_display = ["name", "neighborhood", "capacity", "step_free_access", "hearing_loop"]
    list_filter = ["neighborhood", "step_free_access", "accessible_restroom", "hearing_loop"]
    search_fields = ["name", "address"]


@admin.register(Program)
class ProgramAdmin(admin.ModelAdmin):
    list_display = ["__str__", "slug", "max_capacity"]


class SessionInline(admin.TabularInline):
    model = Session
    extra = 0
    fields = ["number", "kind", "starts_at", "ends_at", "venue", "status", "sequence"]

    def get_readonly_fields(self, request, obj=None):
        # Once people can register, times change through the coordinator's page, which tells
        # everyone registered and updates their calendars.
        if obj is not None and obj.status != Dialogue.Status.DRAFT:
            return self.fields
        return ["status", "sequence"]

    def has_add_permission(self, request, obj=None):
        return obj is None or obj.status == Dialogue.Status.DRAFT

    def has_delete_permission(self, request, obj=None):
        return obj is None or obj.status == Dialogue.Status.DRAFT


class DialogueAdminForm(forms.ModelForm):
    online_url = forms.URLField(
        label=_("online meeting link"), required=False, assume_scheme="https"
    )

    class Meta:
        model = Dialogue
        fields = [
            "program",
            "format",
            "title",
            "description",
            "neighborhood",
            "mode",
            "venue",
            "online_url",
            "primary_language",
            "interpretation_languages",
            "capacity",
            "minimum",
            "registration_opens_at",
            "registration_closes_at",
        ]

    def clean_capacity(self):
        capacity = self.cleaned_data["capacity"]
        if self.instance.pk:
            seated = self.instance.registrations.filter(
                status=Registration.Status.CONFIRMED
            ).count()
            if capacity < seated:
                raise forms.ValidationError(
                    _("Seats cannot be fewer than the people who already have one (%(count)s).")
                    % {"count": seated}
                )
        return capacity


PLACE_FIELDS = {"venue", "mode", "online_url"}


@admin.register(Dialogue)
class DialogueAdmin(admin.ModelAdmin):
    list_display = ["__str__", "program", "neighborhood", "format", "mode", "status", "capacity"]
    list_filter = ["status", "program", "neighborhood", "format", "mode", "primary_language"]
    search_fields = ["schedule_key"]
    filter_horizontal = ["interpretation_languages"]
    inlines = [SessionInline]
    form = DialogueAdminForm
    # Status moves through the coordinator's page and the registration services.
    readonly_fields = ["status", "schedule_key", "created_at"]

    def save_model(self, request, obj, form, change):
        """Seats and places change through the services, which tell the people concerned."""
        if not change:
            super().save_model(request, obj, form, change)
            return
        new_capacity = obj.capacity
        obj.capacity = form.initial["capacity"]
        super().save_model(request, obj, form, change)
        dialogue_capacity_change(dialogue_id=obj.pk, capacity=new_capacity, by=request.user)
        obj.refresh_from_db()
        if PLACE_FIELDS & set(form.changed_data):
            dialogue_place_changed(dialogue_id=obj.pk, by=request.user)


@admin.register(Registration)
class RegistrationAdmin(admin.ModelAdmin):
    """Contact details and needs. Demographic answers are kept apart and not shown here."""

    list_display = ["name", "dialogue", "status", "source", "language", "created_at"]
    list_filter = ["status", "source", "language", "dialogue__neighborhood"]
    search_fields = ["name", "email", "phone"]
    list_select_related = ["dialogue__neighborhood"]
    readonly_fields = [
        "status",
        "status_changed_at",
        "created_at",
        "capacity_override_by",
        "source",
    ]

    def has_add_permission(self, request):
        return False


@admin.register(ChangeRecord)
class ChangeRecordAdmin(admin.ModelAdmin):
    list_display = ["at", "kind", "dialogue", "session", "by"]
    list_filter = ["kind"]
    readonly_fields = ["dialogue", "session", "kind", "by", "at", "note", "details"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


# Discussion guides. Versions are written only through the guide editor, which saves a new
# version; a live room points at the version it started with, so none may change afterwards.


class GuideVersionInline(admin.TabularInline):
    model = GuideVersion
    extra = 0
    fields = ["number", "created_at", "created_by", "note", "segment_count"]
    readonly_fields = fields
    show_change_link = True

    @admin.display(description=_("segments"))
    def segment_count(self, version):
        return version.segments.count()

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(DiscussionGuide)
class DiscussionGuideAdmin(admin.ModelAdmin):
    list_display = ["__str__", "primary_language", "is_default", "created_at"]
    fields = ["name", "primary_language", "is_default", "created_at"]
    # The default changes through the guide list, which clears the previous default.
    readonly_fields = ["is_default", "created_at"]
    inlines = [GuideVersionInline]

    def has_add_permission(self, request):
        # A guide without a version is of no use; the guide pages create both.
        return False


class GuideSegmentInline(admin.StackedInline):
    model = GuideSegment
    extra = 0
    fields = ["position", "kind", "duration_minutes", "title", "prompt", "facilitator_notes"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(GuideVersion)
class GuideVersionAdmin(admin.ModelAdmin):
    """Read-only: a saved version is a record of what facilitators were given."""

    list_display = ["__str__", "created_at", "created_by", "note"]
    list_filter = ["guide"]
    fields = ["guide", "number", "created_at", "created_by", "note"]
    readonly_fields = fields
    inlines = [GuideSegmentInline]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
