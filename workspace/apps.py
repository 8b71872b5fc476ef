from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkspaceConfig(AppConfig):
    name = "workspace"
    verbose_name = _("Workspace")

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in

        from workspace.selectors import roles_of

        def warm_roles(sender, request, user, **kwargs) -> None:
            # Read once at sign-in so that the menu on later pages costs no query (a cache warm-up, not a
            # domain side effect).
            roles_of(user, fresh=True)

        user_logged_in.connect(warm_roles, weak=False, dispatch_uid="workspace.warm_roles")
