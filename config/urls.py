from django.contrib import admin
from django.urls import URLPattern, URLResolver, include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from config.api import router
from core import errors, health
from directory.api.views import ObtainTokenView
from directory.views import set_language
from insights.views import HomeView

api_patterns: list[URLPattern | URLResolver] = [
    path("auth/token/", ObtainTokenView.as_view(), name="auth-token"),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    # The split view serves Swagger UI's start-up script as a file: the CSP allows no inline script.
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api:schema"), name="docs"),
    path("", include("matching.api.urls")),
    path("", include(router.urls)),
]

urlpatterns = [
    path("healthz", health.healthz, name="healthz"),
    path("readyz", health.readyz, name="readyz"),
    # Django's language switch, which also remembers a signed-in person's choice for their e-mails.
    path("i18n/setlang/", set_language, name="set_language"),
    path("api/v1/", include((api_patterns, "api"))),
    path("admin/", admin.site.urls),
    path("", HomeView.as_view(), name="home"),
    path("accounts/", include("directory.account_urls")),
    path("workspace/", include("workspace.urls")),
    path("notifications/", include("core.urls")),
    path("jobs/", include("core.job_urls")),
    path("", include("directory.urls")),
    path("", include("catalog.urls")),
    path("talent/", include("talent.urls")),
    path("fairs/", include("fairs.urls")),
    path("matching/", include("matching.urls")),
    path("", include("proposals.urls")),
    path("insights/", include("insights.urls")),
    path("funding/", include("funding.urls")),
    path("open-data/", include("opendata.urls")),
]

# No /media/ route, not even in debug mode: every uploaded file is served by a view that checks who may read it
# (catalog and proposal attachments, milestone evidence).

admin.site.site_header = "智慧县域场景对接平台 · Smart County Exchange"
admin.site.site_title = "Smart County Exchange"

# JSON under /api/, the site's pages elsewhere.
handler400 = errors.bad_request
handler403 = errors.permission_denied
handler404 = errors.page_not_found
handler500 = errors.server_error
