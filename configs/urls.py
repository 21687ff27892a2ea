from django.urls import path, register_converter

from configs.views import apps, audit, checklist, compare, revisions, tokens, validate, workflow


class ConfigFileConverter:
    regex = r"fly\.toml|dockerignore"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


class RevisionNumberConverter:
    """A revision number the database can hold: a larger one is a 404, not an overflow."""

    regex = r"[0-9]+"
    MAX = 2_147_483_647  # PositiveIntegerField's upper bound on every supported database

    def to_python(self, value: str) -> int:
        number = int(value)
        if number > self.MAX:
            raise ValueError(f"{value} is larger than any revision number")
        return number

    def to_url(self, value: int) -> str:
        return str(value)


register_converter(ConfigFileConverter, "configfile")
register_converter(RevisionNumberConverter, "revnum")

urlpatterns = [
    path("", apps.app_list, name="app-list"),
    path("apps/<slug:slug>/", apps.app_detail, name="app-detail"),
    path("apps/<slug:slug>/policy", apps.app_policy, name="app-policy"),
    path("apps/<slug:slug>/compare/", compare.compare_pick, name="compare-pick"),
    path("apps/<slug:slug>/compare/<revnum:old>/<revnum:new>/", compare.compare, name="compare"),
    path("apps/<slug:slug>/validate", validate.validate_live, name="validate-live"),
    path("apps/<slug:slug>/revisions/new", revisions.revision_new, name="revision-new"),
    path(
        "apps/<slug:slug>/revisions/<revnum:number>/",
        revisions.revision_detail,
        name="revision-detail",
    ),
    path(
        "apps/<slug:slug>/revisions/<revnum:number>/secrets/confirm",
        checklist.confirm_secret,
        name="secret-confirm",
    ),
    path(
        "apps/<slug:slug>/revisions/<revnum:number>/secrets/withdraw",
        checklist.withdraw_secret,
        name="secret-withdraw",
    ),
    path(
        "apps/<slug:slug>/revisions/<revnum:number>/secrets/fly-list",
        checklist.match_fly_secrets,
        name="secret-match",
    ),
    path(
        "apps/<slug:slug>/revisions/<revnum:number>/<configfile:filename>",
        revisions.revision_download,
        name="revision-download",
    ),
    path(
        "apps/<slug:slug>/revisions/<revnum:number>/approve",
        workflow.revision_approve,
        name="revision-approve",
    ),
    path(
        "apps/<slug:slug>/revisions/<revnum:number>/request-changes",
        workflow.revision_request_changes,
        name="revision-request-changes",
    ),
    path(
        "apps/<slug:slug>/revisions/<revnum:number>/waive",
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
