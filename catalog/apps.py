from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CatalogConfig(AppConfig):
    name = "catalog"
    verbose_name = _("Catalog")

    def ready(self):
        # Register the catalog's ``rules`` permissions (views, API and services all ask them).
        from catalog import jobs, notifications, permissions  # noqa: F401
        from catalog.models import Attachment, Deployment, Question, Scenario, Solution
        from core import audit

        # published_at is written right after the open transition; the status change carries the event.
        audit.register(Scenario, exclude=("published_at",), mask=("contact_email", "contact_phone"))
        audit.register(Solution, mask=("contact_email", "contact_phone"))
        for model in (Deployment, Question, Attachment):
            audit.register(model)
        jobs.register()
        notifications.register_kinds()
