from django.urls import path, register_converter

from configs.views import apps, audit, checklist, compare, revisions, tokens, validate, workflow


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
    path("apps/<slug:slug>/policy", apps.app_policy, name="app-policy"),
    path("apps/<slug:slug>/compare/", compare.compare_pick, name="compare-pick"),
    path("apps/<slug:slug>/compare/<int:old>/<int:new>/", compare.compare, name="compare"),
    path("apps/<slug:slug>/validate", validate.validate_live, name="validate-live"),
    path("apps/<slug:slug>/revisions/new", revisions.revision_new, name="revision-new"),
    path(
        "apps/<slug:slug>/revisions/<int:number>/",
        revisions.revision_detail,
        name="revision-detail",
    ),
    path(
        "apps/<slug:slug>/revisions/<int:number>/secrets/confirm",
        checklist.confirm_secret,
        name="secret-confirm",
    ),
    path(
        "apps/<slug:slug>/revisions/<int:number>/secrets/withdraw",
        checklist.withdraw_secret,
        name="secret-withdraw",
    ),
    path(
        "apps/<slug:slug>/revisions/<int:number>/secrets/fly-list",
        checklist.match_fly_secrets,
        name="secret-match",
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
