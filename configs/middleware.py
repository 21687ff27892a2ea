from django.contrib.messages import get_messages
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string


class HtmxMessagesMiddleware:
    """Show Django messages on htmx swaps too, by swapping #messages out of band."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if not self._wants_messages(request, response):
            return response
        pending = list(get_messages(request))
        if pending:
            html = render_to_string("_messages.html", {"messages": pending, "oob": True})
            response.content += html.encode()
        return response

    @staticmethod
    def _wants_messages(request: HttpRequest, response: HttpResponse) -> bool:
        return (
            getattr(request, "htmx", False)
            and not response.streaming
            and "HX-Redirect" not in response
            and response.get("Content-Type", "").startswith("text/html")
            and 200 <= response.status_code < 300
        )
