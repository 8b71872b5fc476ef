from django.utils.translation import gettext_lazy as _

from core.apps import RegisteringAppConfig


class DirectoryConfig(RegisteringAppConfig):
    default = True
    name = "directory"
    verbose_name = _("Directory")
    notification_kinds = {
        "membership_request": _("Someone asks to join your organisation"),
        "membership_decision": _("Your request to join an organisation was decided"),
        "organization_verification": _("Your organisation's verification was decided"),
        "organization_review": _("An organisation waits for verification again"),
    }
    audited = ("Membership",)

    def ready(self) -> None:
        super().ready()
        from core import audit
        from directory import notifications, permissions  # noqa: F401 - rules permissions, notification messages
        from directory.models import Organization, User

        # Accounts: who gained or lost staff rights or was deactivated (never the password hash).
        audit.register(User, exclude=("password", "last_login"), mask=("email",))
        audit.register(Organization, mask=("contact_email", "contact_phone"))
