from django.contrib import admin, messages

from facilitators.models import (
    Assignment,
    AssignmentChange,
    AvailabilityWindow,
    Blackout,
    FacilitatorLanguage,
    FacilitatorProfile,
    InterpreterLanguagePair,
    InterpreterProfile,
    StaffingPolicy,
    TrainingCompletion,
    TrainingModule,
)
from facilitators.services import StaffingError, training_completion_record


class FacilitatorLanguageInline(admin.TabularInline):
    model = FacilitatorLanguage
    extra = 0


class TrainingCompletionInline(admin.TabularInline):
    model = TrainingCompletion
    extra = 0
    fields = ["module", "completed_on", "verified_by", "note", "recorded_at"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        # Completions are recorded through their own form, which checks prerequisites.
        return False


@admin.register(FacilitatorProfile)
class FacilitatorProfileAdmin(admin.ModelAdmin):
    list_display = ["__str__", "active", "monthly_max", "sessions_before"]
    list_filter = ["active", "neighborhoods"]
    search_fields = ["user__display_name", "user__email"]
    autocomplete_fields = ["user"]
    filter_horizontal = ["neighborhoods"]
    inlines = [FacilitatorLanguageInline, TrainingCompletionInline]
    # Identity answers belong to the facilitator, who gives or withdraws consent themselves.
    exclude = ["identity_consented_at", "identity_categories", "identity_self_described"]


class InterpreterLanguagePairInline(admin.TabularInline):
    model = InterpreterLanguagePair
    extra = 1


@admin.register(InterpreterProfile)
class InterpreterProfileAdmin(admin.ModelAdmin):
    list_display = ["__str__", "active", "monthly_max"]
    search_fields = ["user__display_name", "user__email"]
    autocomplete_fields = ["user"]
    inlines = [InterpreterLanguagePairInline]


@admin.register(TrainingModule)
class TrainingModuleAdmin(admin.ModelAdmin):
    list_display = ["__str__", "hours", "requirement", "refresher_months", "position"]
    filter_horizontal = ["prerequisites"]


@admin.register(TrainingCompletion)
class TrainingCompletionAdmin(admin.ModelAdmin):
    list_display = ["profile", "module", "completed_on", "verified_by"]
    list_filter = ["module"]
    search_fields = ["profile__user__display_name", "profile__user__email"]
    autocomplete_fields = ["profile"]
    fields = ["profile", "module", "completed_on", "note"]

    def has_change_permission(self, request, obj=None):
        return obj is None

    def save_model(self, request, obj, form, change):
        try:
            training_completion_record(
                profile=obj.profile,
                module=obj.module,
                completed_on=obj.completed_on,
                verified_by=request.user,
                note=obj.note,
            )
        except StaffingError as error:
            self.message_user(request, error.message, messages.ERROR)


@admin.register(StaffingPolicy)
class StaffingPolicyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return not StaffingPolicy.objects.exists()

    def has_delete_permission(self, request, obj=None):
        return False


class AssignmentChangeInline(admin.TabularInline):
    model = AssignmentChange
    extra = 0
    readonly_fields = ["status", "by", "at", "note"]
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Assignment)
class AssignmentAdmin(admin.ModelAdmin):
    """Read-only: assignments change through plans and replies, which notify people."""

    list_display = ["person", "dialogue", "session", "role", "language", "status"]
    list_filter = ["status", "role"]
    search_fields = ["person__display_name", "person__email"]
    inlines = [AssignmentChangeInline]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


admin.site.register(AvailabilityWindow, list_display=["user", "weekday", "starts", "ends"])
admin.site.register(Blackout, list_display=["user", "first_day", "last_day", "note"])
