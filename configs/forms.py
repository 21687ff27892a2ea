import re

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.core.validators import ProhibitNullCharactersValidator

from configs.files import ConfigFileError, check_text, decode_config, with_line_ending
from configs.models import AuditEvent, FlyApp
from configs.rules import all_rules
from configs.rules.regions import CURRENT_REGIONS, DEPRECATED_REGIONS
from configs.secrets import SECRET_NAME

LINE_ENDINGS = [("lf", "LF (Unix)"), ("crlf", "CRLF (Windows)")]


class RevisionForm(forms.Form):
    """A new revision from the editor's text or from two uploaded files (uploads win)."""

    fly_toml = forms.CharField(
        label="fly.toml", required=False, strip=False, widget=forms.Textarea(attrs={"rows": 24})
    )
    dockerignore = forms.CharField(
        label=".dockerignore",
        required=False,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 10}),
    )
    fly_toml_file = forms.FileField(label="Upload fly.toml", required=False)
    dockerignore_file = forms.FileField(label="Upload .dockerignore", required=False)
    message = forms.CharField(label="What changed and why", max_length=500)
    base = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)
    line_ending = forms.ChoiceField(choices=LINE_ENDINGS, initial="lf")

    # 413 when a file is over the size limit, so API-like clients can tell.
    status = 400

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # check_text() refuses NUL bytes naming the file and the line, as the API does;
        # Django's generic "Null characters are not allowed." would say neither.
        for name in ("fly_toml", "dockerignore"):
            field = self.fields[name]
            field.validators = [
                v for v in field.validators if not isinstance(v, ProhibitNullCharactersValidator)
            ]

    def clean(self):
        data = super().clean()
        ending = data.get("line_ending", "lf")
        data["fly_toml"] = self._file_text("fly_toml", "fly.toml", ending)
        data["dockerignore"] = self._file_text("dockerignore", ".dockerignore", ending)
        if not (data["fly_toml"] or "").strip() and not self._has_file_error("fly_toml"):
            field = "fly_toml_file" if self.cleaned_data.get("fly_toml_file") else "fly_toml"
            self.add_error(field, "fly.toml is empty: paste it or upload the file.")
        return data

    def _has_file_error(self, field: str) -> bool:
        return field in self.errors or f"{field}_file" in self.errors

    def _file_text(self, field: str, filename: str, ending: str) -> str | None:
        upload: UploadedFile | None = self.cleaned_data.get(f"{field}_file")
        try:
            if upload is not None:
                return decode_config(upload.read(), filename)
            text = self.cleaned_data.get(field) or ""
            check_text(text, filename)
        except ConfigFileError as error:
            self.status = max(self.status, error.status)
            self.add_error(f"{field}_file" if upload is not None else field, str(error))
            return None
        return with_line_ending(text, ending) if text else None


class ReviewForm(forms.Form):
    comment = forms.CharField(
        label="Comment", required=False, max_length=5000, widget=forms.Textarea(attrs={"rows": 3})
    )


class WaiverForm(forms.Form):
    rule = forms.CharField(max_length=16)
    path = forms.CharField(max_length=300, required=False)
    reason = forms.CharField(
        label="Why this is acceptable",
        max_length=2000,
        error_messages={"required": "Give a reason for the waiver."},
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class TokenForm(forms.Form):
    name = forms.CharField(
        label="Token name",
        max_length=100,
        help_text="Where it is used, e.g. “GitHub Actions for billing-api”.",
        error_messages={"required": "Name the token so you can recognise it later."},
    )


class AuditFilterForm(forms.Form):
    app = forms.SlugField(required=False, max_length=63)
    user = forms.CharField(required=False, max_length=150)
    kind = forms.ChoiceField(required=False)

    def __init__(self, *args, apps=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [("", "Any kind"), *AuditEvent.Kind.choices]
        self.fields["app"].widget = forms.Select(
            choices=[("", "All your apps"), *((app.slug, app.slug) for app in apps)]
        )
        self.app_slugs = {app.slug for app in apps}

    def clean_app(self):
        slug = self.cleaned_data["app"]
        if slug and slug not in self.app_slugs:
            raise forms.ValidationError(f"You are not a member of an app called “{slug}”.")
        return slug


class NameListField(forms.CharField):
    """A list of names typed as `api, worker` (commas or spaces)."""

    def prepare_value(self, value):
        return ", ".join(value) if isinstance(value, list) else value

    def to_python(self, value) -> list[str]:
        text = super().to_python(value) or ""
        return [name for name in text.replace(",", " ").split() if name]


def _check_regions(regions: list[str]) -> None:
    """Fly region codes: current ones, or deprecated ones still running machines."""
    known = CURRENT_REGIONS | DEPRECATED_REGIONS
    unknown = [region for region in regions if region not in known]
    if unknown:
        raise forms.ValidationError(
            f"Not a Fly region: {', '.join(unknown)}. Current regions: "
            f"{', '.join(sorted(CURRENT_REGIONS))}."
        )


class PolicyForm(forms.ModelForm):
    """The app's own rules, applied whenever its revisions are validated."""

    allowed_regions = NameListField(required=False, help_text="e.g. lhr, ams. Empty: any.")
    required_processes = NameListField(required=False, help_text="e.g. api, worker")
    unexposed_processes = NameListField(
        required=False, help_text="Processes no service may expose, e.g. worker"
    )
    required_secrets = NameListField(required=False, help_text="e.g. DATABASE_URL, API_KEY")
    disabled_rules = NameListField(required=False, help_text="Rule ids switched off, e.g. FLY105")

    class Meta:
        model = FlyApp
        fields = [
            "name",
            "expected_app",
            "required_approvals",
            "carry_over_approvals",
            "required_primary_region",
            "allowed_regions",
            "required_processes",
            "unexposed_processes",
            "required_internal_port",
            "health_check_path",
            "required_secrets",
            "disabled_rules",
        ]
        help_texts = {
            "required_primary_region": "e.g. lhr. Empty: any.",
            "health_check_path": "A check with this path must exist, e.g. /health",
        }

    def clean_required_primary_region(self) -> str:
        region = self.cleaned_data["required_primary_region"]
        if region:
            _check_region_codes([region])
        return region

    def clean_allowed_regions(self) -> list[str]:
        return _check_region_codes(self.cleaned_data["allowed_regions"])

    def clean_required_secrets(self) -> list[str]:
        names = self.cleaned_data["required_secrets"]
        bad = [name for name in names if not SECRET_NAME.fullmatch(name)]
        if bad:
            raise forms.ValidationError(
                f"Not a secret name: {', '.join(bad)} (letters, digits and underscores, not "
                "starting with a digit)."
            )
        return names

    def clean_disabled_rules(self) -> list[str]:
        names = [name.upper() for name in self.cleaned_data["disabled_rules"]]
        known = {rule.id for rule in all_rules()}
        unknown = [name for name in names if name not in known]
        if unknown:
            raise forms.ValidationError(
                f"No such rule: {', '.join(unknown)}. Rule ids look like FLY105; every one is "
                "listed in docs/rules.md."
            )
        return names

    def clean_required_approvals(self) -> int:
        value = self.cleaned_data["required_approvals"]
        if not 1 <= value <= 10:
            raise forms.ValidationError("Required approvals must be between 1 and 10.")
        return value

    def clean_required_internal_port(self) -> int | None:
        port = self.cleaned_data["required_internal_port"]
        if port is not None and not 1 <= port <= 65535:
            raise forms.ValidationError("A port is between 1 and 65535.")
        return port

    def clean_health_check_path(self) -> str:
        path = self.cleaned_data["health_check_path"]
        if path and not path.startswith("/"):
            raise forms.ValidationError("A check path starts with /, e.g. /health.")
        return path


REGION_CODE = re.compile(r"[a-z]{3}")


def _check_region_codes(codes: list[str]) -> list[str]:
    bad = [code for code in codes if not REGION_CODE.fullmatch(code)]
    if bad:
        raise forms.ValidationError(
            f"Not a region code: {', '.join(bad)} (three lowercase letters, e.g. lhr)."
        )
    _check_regions(codes)
    return codes
