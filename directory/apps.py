from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DirectoryConfig(AppConfig):
    name = "directory"
    verbose_name = _("Directory")

    def ready(self) -> None:
        from core.notifications import register_kind

        register_kind("membership_request", _("Someone asks to join your organisation"))
        register_kind("membership_decision", _("Your request to join an organisation was decided"))
        register_kind("organization_verification", _("Your organisation's verification was decided"))
        register_kind("organization_review", _("An organisation waits for verification again"))

        from directory import permissions  # noqa: F401 - registers the directory's rules permissions
