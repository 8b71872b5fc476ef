"""The notifications of matching, as codes with parameters (``core.notification_text``): put into words in each
reader's language when shown. The English words are the ones the site used before, so their translations stand."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from core.notifications import message

INVITATION = message(
    "matching.invitation",
    title=_("%(county)s invites you to propose for “%(scenario)s”"),
    body=_("Your solution “%(solution)s” was recommended for this open scenario."),
)
REPLICATION_FITS_SCENARIO = message(
    "matching.replication_fits_scenario",
    title=_("A proven solution fits your scenario “%(scenario)s”: %(solution)s"),
    body=_("%(firm)s's solution has just been adopted elsewhere."),
)
REPLICATION_CASE = message(
    "matching.replication_case",
    title=_("A proven case to replicate in your county: “%(scenario)s” with %(solution)s"),
    body=_(
        "%(county)s accepted the pilot of %(firm)s's solution. Adopt the scenario as a draft for your "
        "county in one step from its page, adjust it and publish it."
    ),
)
REPLICATION_SOLUTION = message(
    "matching.replication_solution",
    title=_("A proven solution for your county: %(solution)s"),
    body=_("%(firm)s's solution has just been adopted elsewhere; open a scenario to invite it."),
)
NEW_SCENARIO = message("matching.new_scenario", title=_("New scenario in %(county)s: %(title)s"))
