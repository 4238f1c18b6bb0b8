"""Django admin for administrators: staff, services, teams and roles."""

from __future__ import annotations

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin

from recovery.accounts import services
from recovery.accounts.models import Membership, Service, Team, User


class AdministratorAccess:
    """Administrators (``is_staff``) manage staff, services, teams and roles without needing
    per-model Django permissions. Nobody deletes staff or services: they are deactivated."""

    def has_module_permission(self, request):
        return request.user.is_active and request.user.is_staff

    def has_view_permission(self, request, obj=None):
        return self.has_module_permission(request)

    def has_add_permission(self, request, obj=None):
        return self.has_module_permission(request)

    def has_change_permission(self, request, obj=None):
        return self.has_module_permission(request)

    def has_delete_permission(self, request, obj=None):
        return False


class MembershipInline(AdministratorAccess, admin.TabularInline):
    model = Membership

    def has_delete_permission(self, request, obj=None):
        # A role can be taken away (the change history keeps it); people and services cannot.
        return self.has_module_permission(request)

    fk_name = "user"
    extra = 0
    fields = ("role", "team", "service")
    autocomplete_fields = ("team", "service")


@admin.register(User)
class UserAdmin(AdministratorAccess, DjangoUserAdmin):
    ordering = ("full_name",)
    list_display = ("full_name", "email", "job_title", "is_active", "is_staff", "last_login")
    list_filter = ("is_active", "is_staff", "memberships__role")
    search_fields = ("full_name", "email")
    readonly_fields = ("last_login", "date_joined")
    inlines = [MembershipInline]
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        ("Person", {"fields": ("full_name", "preferred_name", "job_title")}),
        ("Access", {"fields": ("is_active", "is_staff", "is_superuser", "groups")}),
        ("Dates", {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = ((None, {"classes": ("wide",), "fields": ("email", "full_name", "password1", "password2")}),)

    def get_readonly_fields(self, request, obj=None):
        # Only a superuser can make someone a superuser: otherwise an administrator could
        # give themselves every permission, clinical records included.
        if request.user.is_superuser:
            return self.readonly_fields
        return (*self.readonly_fields, "is_superuser", "groups")

    def save_model(self, request, obj, form, change):
        # Deactivation must end the person's sessions at once: go through the service.
        if change and "is_active" in form.changed_data and not obj.is_active:
            super().save_model(request, obj, form, change)
            services.user_deactivate(user=obj, by=request.user)
            return
        super().save_model(request, obj, form, change)


@admin.register(Service)
class ServiceAdmin(AdministratorAccess, admin.ModelAdmin):
    list_display = ("name", "kind", "commissioner_name", "is_active")
    search_fields = ("name", "commissioner_name")


@admin.register(Team)
class TeamAdmin(AdministratorAccess, admin.ModelAdmin):
    list_display = ("name", "service", "is_active")
    list_filter = ("service",)
    search_fields = ("name", "service__name")


@admin.register(Membership)
class MembershipAdmin(AdministratorAccess, admin.ModelAdmin):
    def has_delete_permission(self, request, obj=None):
        return self.has_module_permission(request)

    list_display = ("user", "role", "team", "service")
    list_filter = ("role", "team__service")
    search_fields = ("user__full_name", "user__email", "team__name")
    autocomplete_fields = ("user", "team", "service")
