"""Superusers administer apps and memberships here; revisions and the audit log are read-only."""

from django.contrib import admin

from configs.actions import do_remove_membership, do_set_membership, record
from configs.models import ApiToken, AuditEvent, FlyApp, Membership, Revision


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 1
    fields = ["user", "role"]


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(FlyApp)
class FlyAppAdmin(admin.ModelAdmin):
    list_display = ["slug", "name", "expected_app", "required_approvals"]
    search_fields = ["slug", "name"]
    inlines = [MembershipInline]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if form.changed_data:
            kind = AuditEvent.Kind.POLICY_CHANGED if change else AuditEvent.Kind.APP_CREATED
            record(kind, actor=request.user, app=obj, fields=sorted(form.changed_data))

    def save_formset(self, request, form, formset, change):
        # Memberships go through the actions so every change is audited.
        for inline_form in formset.forms:
            if not inline_form.has_changed() and not formset._should_delete_form(inline_form):
                continue
            data = inline_form.cleaned_data
            if not data or not data.get("user"):
                continue
            if formset._should_delete_form(inline_form):
                do_remove_membership(form.instance, data["user"], actor=request.user)
            else:
                do_set_membership(form.instance, data["user"], data["role"], actor=request.user)


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["app", "user", "role"]
    list_filter = ["role", "app"]

    def save_model(self, request, obj, form, change):
        do_set_membership(obj.app, obj.user, obj.role, actor=request.user)

    def delete_model(self, request, obj):
        do_remove_membership(obj.app, obj.user, actor=request.user)

    def delete_queryset(self, request, queryset):
        for membership in queryset.select_related("app", "user"):
            do_remove_membership(membership.app, membership.user, actor=request.user)


@admin.register(Revision)
class RevisionAdmin(ReadOnlyAdmin):
    list_display = ["app", "number", "author", "message", "created_at"]
    list_filter = ["app"]


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "kind", "actor", "app", "revision"]
    list_filter = ["kind", "app"]


@admin.register(ApiToken)
class ApiTokenAdmin(ReadOnlyAdmin):
    list_display = ["user", "name", "prefix", "created_at", "last_used_at", "revoked_at"]
