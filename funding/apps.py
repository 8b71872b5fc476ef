from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FundingConfig(AppConfig):
    name = "funding"
    label = "funding"
    verbose_name = _("Rewards and vouchers")

    def ready(self) -> None:
        from funding import audit, permissions  # noqa: F401 - registers the rules permissions

        audit.register()
