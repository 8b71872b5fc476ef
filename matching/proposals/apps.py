from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProposalsConfig(AppConfig):
    name = "matching.proposals"
    label = "proposals"
    verbose_name = _("Proposals and engagements")

    def ready(self) -> None:
        from matching.proposals import audit, notifications, permissions  # noqa: F401

        audit.register()
        notifications.register_kinds()

        from catalog import hooks

        def announce(pk: int, event: str) -> None:
            from matching.proposals.services import announce_answer

            announce_answer(question_id=pk)

        hooks.on_question_answered.append(announce)
