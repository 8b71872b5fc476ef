from django.utils.translation import gettext_lazy as _

from core.apps import RegisteringAppConfig


class CatalogConfig(RegisteringAppConfig):
    default = True
    name = "catalog"
    verbose_name = _("Catalog")
    audited = ("Deployment", "Question", "Attachment")

    def ready(self) -> None:
        super().ready()
        from catalog import jobs, notifications, permissions  # noqa: F401 - registers the rules permissions
        from catalog.models import Scenario, Solution
        from core import audit

        # published_at is written right after the open transition; the status change carries the event.
        audit.register(Scenario, exclude=("published_at",), mask=("contact_email", "contact_phone"))
        audit.register(Solution, mask=("contact_email", "contact_phone"))
        jobs.register()
        notifications.register_kinds()
