from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_POST

from configs.access import get_app_for_user
from configs.files import ConfigFileError, check_size
from configs.models import Role
from configs.validation import by_severity, run_rules


@login_required
@require_POST
def validate_live(request: HttpRequest, slug: str) -> HttpResponse:
    """The editor's live findings: the text as typed, checked with the app's policy."""
    app, _ = get_app_for_user(request.user, slug, Role.EDITOR)
    fly_toml = request.POST.get("fly_toml", "")
    dockerignore = request.POST.get("dockerignore", "")
    try:
        for text, name in ((fly_toml, "fly.toml"), (dockerignore, ".dockerignore")):
            check_size(len(text.encode("utf-8", "surrogatepass")), name)
    except ConfigFileError as error:
        context = {"app": app, "too_large": str(error)}
        return render(request, "configs/revision_new.html#findings", context, status=error.status)
    # An empty .dockerignore box means the app has none, as when the revision is saved.
    findings = run_rules(app, fly_toml.replace("\r\n", "\n"), dockerignore or None)
    ordered, counts = by_severity([finding.as_dict() for finding in findings])
    context = {"app": app, "findings": ordered, "counts": counts, "live": True}
    return render(request, "configs/revision_new.html#findings", context)
