from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DirectoryConfig(AppConfig):
    name = "directory"
    verbose_name = _("Directory")

    def ready(self) -> None:
        from core.notifications import register_kind
        from directory import notifications  # noqa: F401 - declares the directory's notification messages

        register_kind("membership_request", _("Someone asks to join your organisation"))
        register_kind("membership_decision", _("Your request to join an organisation was decided"))
        register_kind("membership_change", _("An administrator changed your role or removed you"))
        register_kind("organization_verification", _("Your organisation's verification was decided"))
        register_kind("organization_review", _("An organisation waits for verification again"))

        from core import audit
        from directory import permissions  # noqa: F401 - registers the directory's rules permissions
        from directory.models import Membership, Organization, User

        # Accounts: who gained or lost staff rights or was deactivated (never the password hash).
        audit.register(User, exclude=("password", "last_login"), mask=("email",))
        audit.register(Organization, mask=("contact_email", "contact_phone"))
        audit.register(Membership)
