"""Read-only admin for the record-access log."""

from django.contrib import admin

from recovery.audit.models import RecordAccess


@admin.register(RecordAccess)
class RecordAccessAdmin(admin.ModelAdmin):
    list_display = ("at", "user", "action", "subject_type", "subject_code", "detail")
    list_filter = ("action", "subject_type")
    search_fields = ("subject_code", "user__email", "request_id")
    date_hierarchy = "at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
