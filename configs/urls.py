from django.urls import path, register_converter

from configs.views import apps, checklist, compare, revisions, validate


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
]
