"""Writes in the catalog. Views, the API, admin and commands call these; they never save catalog models directly.

Every function checks who acts (``PermissionDenied``) and what must hold (``ValidationError`` with messages per
field), runs in one transaction, and leaves nothing half-saved. Lifecycle transitions are recorded in
``ScenarioTransition`` (who, when, why, from, to); edits in ``ScenarioRevision`` (changed fields, old and new).
"""

from catalog.services.attachments import attachment_add, attachment_delete
from catalog.services.common import (
    EDITABLE_STATES,
    EXTENSION_WINDOW,
    OPERATOR,
    SCENARIO_FIELDS,
    SOLUTION_FIELDS,
    TEXT_FIELDS,
    Operator,
    S,
)
from catalog.services.outcomes import resource_request_create, resource_request_decide
from catalog.services.questions import deadline_extension_offered, question_answer, question_ask
from catalog.services.scenarios import (
    TRANSITIONS,
    scenario_adopt,
    scenario_award,
    scenario_cancel,
    scenario_close,
    scenario_complete,
    scenario_create,
    scenario_delete,
    scenario_publish,
    scenario_start_pilot,
    scenario_update,
    scenarios_close_expired,
)
from catalog.services.search import (
    _search_text,
    map_tags,
    refresh_scenario_search_text,
    refresh_solution_search_text,
    unmapped_tag_map,
)
from catalog.services.solutions import (
    deployment_add,
    solution_archive,
    solution_create,
    solution_delete,
    solution_publish,
    solution_update,
)

__all__ = [
    "EDITABLE_STATES",
    "EXTENSION_WINDOW",
    "OPERATOR",
    "SCENARIO_FIELDS",
    "SOLUTION_FIELDS",
    "TEXT_FIELDS",
    "TRANSITIONS",
    "Operator",
    "S",
    "_search_text",
    "attachment_add",
    "attachment_delete",
    "deadline_extension_offered",
    "deployment_add",
    "map_tags",
    "question_answer",
    "question_ask",
    "refresh_scenario_search_text",
    "refresh_solution_search_text",
    "resource_request_create",
    "resource_request_decide",
    "scenario_adopt",
    "scenario_award",
    "scenario_cancel",
    "scenario_close",
    "scenario_complete",
    "scenario_create",
    "scenario_delete",
    "scenario_publish",
    "scenario_start_pilot",
    "scenario_update",
    "scenarios_close_expired",
    "solution_archive",
    "solution_create",
    "solution_delete",
    "solution_publish",
    "solution_update",
    "unmapped_tag_map",
]
