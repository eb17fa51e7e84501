from django.contrib import admin

from feedback.models import BriefStatusChange, RecommendationUpdate


class HistoryAdmin(admin.ModelAdmin):
    """The history of decisions and of what departments did: readable, never rewritten."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(BriefStatusChange)
class BriefStatusChangeAdmin(HistoryAdmin):
    list_display = ["at", "brief", "status", "by"]
    list_filter = ["status"]


@admin.register(RecommendationUpdate)
class RecommendationUpdateAdmin(HistoryAdmin):
    list_display = ["at", "recommendation", "status", "percent_complete", "by"]
    list_filter = ["status"]
