"""A user's API tokens for CI: create (the secret is shown once), list, revoke."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from configs.actions import do_create_api_token, do_revoke_api_token
from configs.forms import TokenForm
from configs.models import ApiToken


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def token_list(request: HttpRequest) -> HttpResponse:
    form = TokenForm(request.POST if request.method == "POST" else None)
    created, status = None, 200
    if request.method == "POST":
        if form.is_valid():
            created = do_create_api_token(
                request.user, name=form.cleaned_data["name"], actor=request.user
            )
            form = TokenForm()
        else:
            status = 400
    tokens = request.user.tokens.order_by("revoked_at", "-created_at")
    context = {"form": form, "tokens": tokens, "created": created}
    return render(request, "configs/tokens.html", context, status=status)


@login_required
@require_POST
def token_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    token = get_object_or_404(ApiToken, pk=pk, user=request.user)
    if token.revoked_at is None:
        do_revoke_api_token(token, actor=request.user)
        messages.success(request, f"Revoked the token “{token.name}” ({token.prefix}…).")
    return redirect("token-list")
