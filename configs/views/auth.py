from django.contrib.auth.views import LoginView
from django.http import HttpRequest, HttpResponse

from configs import throttle


class ThrottledLoginView(LoginView):
    """Django's log-in, refusing for a while after repeated failures (429 with Retry-After)."""

    def post(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        username = request.POST.get("username", "")[:150]
        ip = throttle.client_ip(request)
        wait = throttle.retry_after(username, ip)
        if wait:
            return self._refused(wait)
        response = super().post(request, *args, **kwargs)
        if request.user.is_authenticated:
            throttle.clear_failures(username)
        else:
            throttle.record_failure(username, ip)
        return response

    def _refused(self, wait: int) -> HttpResponse:
        minutes = max(1, round(wait / 60))
        refusal = (
            "Too many failed log-ins for this account or from your address. "
            f"Try again in {minutes} minute{'s' if minutes != 1 else ''}."
        )
        form = self.get_form_class()(
            self.request, initial={"username": self.request.POST.get("username", "")}
        )
        context = self.get_context_data(form=form, refusal=refusal)
        response = self.render_to_response(context, status=429)
        response["Retry-After"] = str(wait)
        return response
