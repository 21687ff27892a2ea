from django.contrib import admin
from django.urls import include, path

from configs.views.auth import ThrottledLoginView
from configs.views.health import health

urlpatterns = [
    path("health", health, name="health"),
    path("accounts/login/", ThrottledLoginView.as_view(), name="login"),
    path("accounts/", include("django.contrib.auth.urls")),
    path("admin/", admin.site.urls),
    path("api/v1/", include("configs.api")),
    path("", include("configs.urls")),
]
