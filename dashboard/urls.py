from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from configs.views.auth import ThrottledLoginView
from configs.views.health import health

urlpatterns = [
    path("health", health, name="health"),
    path("accounts/login/", ThrottledLoginView.as_view(), name="login"),
    # Only log-in and log-out: no e-mail is configured, so no password-reset pages; an
    # administrator sets passwords (admin, or `manage.py grant ... --password`).
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("admin/", admin.site.urls),
    path("api/v1/", include("configs.api")),
    path("", include("configs.urls")),
]
