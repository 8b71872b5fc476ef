from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CatalogConfig(AppConfig):
    name = "catalog"
    verbose_name = _("Catalog")

    def ready(self):
        # Register the catalog's ``rules`` permissions (views, API and services all ask them).
        from catalog import permissions  # noqa: F401
