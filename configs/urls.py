from django.urls import path, register_converter

from configs.views import apps, audit, revisions, tokens, workflow


class ConfigFileConverter:
    regex = r"fly\.toml|dockerignore"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(ConfigFileConverter, "configfile")

urlpatterns = [
    path("", apps.app_list, name="app-list"),
    path("apps/<slug:slug>/", apps.app_detail, name="app-detail"),
    path("apps/<slug:slug>/revisions/new", revisions.revision_new, name="revision-new"),
    path(
        "apps/<slug:slug>/revisions/<int:number>/",
        revisions.revision_detail,
        name="revision-detail",
    ),
    path(
        "apps/<slug:slug>/revisions/<int:number>/<configfile:filename>",
        revisions.revision_download,
        name="revision-download",
    ),
    path(
        "apps/<slug:slug>/revisions/<int:number>/approve",
        workflow.revision_approve,
        name="revision-approve",
    ),
    path(
        "apps/<slug:slug>/revisions/<int:number>/request-changes",
        workflow.revision_request_changes,
        name="revision-request-changes",
    ),
    path(
        "apps/<slug:slug>/revisions/<int:number>/waive",
        workflow.revision_waive,
        name="revision-waive",
    ),
    path(
        "apps/<slug:slug>/approved/<configfile:filename>",
        workflow.approved_download,
        name="approved-download",
    ),
    path("apps/<slug:slug>/audit/", audit.audit_log, name="app-audit"),
    path("audit/", audit.audit_log, name="audit"),
    path("settings/tokens/", tokens.token_list, name="token-list"),
    path("settings/tokens/<int:pk>/revoke", tokens.token_revoke, name="token-revoke"),
]
