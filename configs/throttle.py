"""Log-in throttling: after repeated failures for an account or from an address, refuse for a
while. Failures live in the database, so every gunicorn worker sees them."""

import math
from datetime import timedelta

from django.conf import settings
from django.db.models import Count, Min
from django.http import HttpRequest
from django.utils import timezone

from configs.models import FailedLogin

WINDOW = timedelta(minutes=15)
MAX_FAILURES_PER_USERNAME = 5
MAX_FAILURES_PER_ADDRESS = 20


def client_ip(request: HttpRequest) -> str | None:
    """The caller's address; behind Fly's proxy, from the header the proxy sets."""
    header = settings.TRUSTED_CLIENT_IP_HEADER
    if header:
        forwarded = request.headers.get(header, "").split(",")[0].strip()
        if forwarded:
            return forwarded
    return request.META.get("REMOTE_ADDR") or None


def retry_after(username: str, ip: str | None) -> int:
    """Seconds until this account and address may try again; 0 when they may now."""
    since = timezone.now() - WINDOW
    recent = FailedLogin.objects.filter(created_at__gte=since)
    waits = [
        _wait(recent.filter(username=username.lower()), MAX_FAILURES_PER_USERNAME),
        _wait(recent.filter(ip=ip), MAX_FAILURES_PER_ADDRESS) if ip else 0,
    ]
    return max(waits)


def _wait(failures, limit: int) -> int:
    stats = failures.aggregate(count=Count("pk"), first=Min("created_at"))
    if stats["count"] < limit:
        return 0
    until = stats["first"] + WINDOW
    return max(1, math.ceil((until - timezone.now()).total_seconds()))


def record_failure(username: str, ip: str | None) -> None:
    FailedLogin.objects.create(username=username.lower(), ip=ip)
    # Old failures are of no use; dropping them keeps the table small.
    FailedLogin.objects.filter(created_at__lt=timezone.now() - WINDOW).delete()


def clear_failures(username: str) -> None:
    FailedLogin.objects.filter(username=username.lower()).delete()
