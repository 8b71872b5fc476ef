from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProposalsConfig(AppConfig):
    name = "proposals"
    label = "proposals"
    verbose_name = _("Proposals and engagements")

    def ready(self) -> None:
        from proposals import audit, notifications, permissions  # noqa: F401

        audit.register()
        notifications.register_kinds()

        from catalog import hooks

        def announce(pk: int, event: str) -> None:
            from proposals.services import announce_answer

            announce_answer(question_id=pk)

        hooks.on_question_answered.append(announce)

        from matching import hooks as matching_hooks
        from proposals.selectors import reference_cases_similar_to

        matching_hooks.reference_case_providers.append(reference_cases_similar_to)
