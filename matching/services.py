"""Writes of the matching app: suggestions (refresh, feedback, invitations), replication pushes, region pairs
and subscriptions.

The refresh functions are the single call site for recomputing suggestions. They run synchronously today,
sent as Celery tasks (``matching/tasks.py``) after commit from the catalog hooks.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from catalog.models import Capability, Domain, Scenario, Solution
from core import notifications
from core.exceptions import StateConflict
from core.models import Notification
from core.notification_text import Message
from directory.models import Membership, Organization, Region, User
from directory.selectors import admins_of, editors_of
from matching import hooks, incremental, ranking
from matching import notifications as messages
from matching.models import (
    Invitation,
    RegionPair,
    ReplicationRecommendation,
    Subscription,
    Suggestion,
    SuggestionFeedback,
)

S = Scenario.Status

KIND_INVITATION = "matching_invitation"
KIND_REPLICATION = "matching_replication"
KIND_NEW_SCENARIO = "matching_new_scenario"
ZONES = tuple(Region.Zone.values)


def _deny() -> PermissionDenied:
    return PermissionDenied(_("You may not do this."))


# ---------------------------------------------------------------- suggestions


@dataclass(frozen=True)
class RefreshResult:
    created: int
    updated: int
    deleted: int


def _desired(index) -> dict[tuple[int, int], dict]:
    """Union of both top-k directions: ``{(scenario pk, solution pk): fields}``. Pairs below the floor are
    left out; ranks count only the pairs kept."""
    floor = ranking.min_score()
    k = ranking.top_k()
    desired: dict[tuple[int, int], dict] = {}
    for sid in index.scenario_ids:
        kept = [item for item in index.top_solutions(sid, k) if item.score >= floor]
        for rank, item in enumerate(kept, start=1):
            key = (int(sid), int(item.id))
            desired[key] = {
                "score": item.score,
                "reasons": list(item.reasons),
                "rank_for_scenario": rank,
                "rank_for_solution": None,
            }
    for pid in index.solution_ids:
        kept = [item for item in index.top_scenarios(pid, k) if item.score >= floor]
        for rank, item in enumerate(kept, start=1):
            key = (int(item.id), int(pid))
            entry = desired.setdefault(
                key,
                {
                    "score": item.score,
                    "reasons": list(item.reasons),
                    "rank_for_scenario": None,
                    "rank_for_solution": None,
                },
            )
            entry["rank_for_solution"] = rank
    return desired


SYNC_LOCK_KEY = 0x5CE0_0005  # any constant: one advisory lock serialises refreshes on PostgreSQL


def _serialise_refreshes() -> None:
    """Two refreshes at once would both insert a new pair; on PostgreSQL the second waits for the first (SQLite
    serialises writers by itself)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [SYNC_LOCK_KEY])


def _apply(desired: dict[tuple[int, int], dict], existing: dict[tuple[int, int], Suggestion]) -> RefreshResult:
    """Make the ``existing`` rows equal to ``desired``, touching only the rows that change (so ``computed_at``
    says when a pair last moved)."""
    now = timezone.now()
    stale = [s.pk for key, s in existing.items() if key not in desired]
    if stale:
        Suggestion.objects.filter(pk__in=stale).delete()
    changed: list[Suggestion] = []
    new: list[Suggestion] = []
    for key, fields in desired.items():
        row = existing.get(key)
        if row is None:
            new.append(Suggestion(scenario_id=key[0], solution_id=key[1], computed_at=now, **fields))
            continue
        if (
            abs(row.score - fields["score"]) > 1e-6
            or row.reasons != fields["reasons"]
            or row.rank_for_scenario != fields["rank_for_scenario"]
            or row.rank_for_solution != fields["rank_for_solution"]
        ):
            for name, value in fields.items():
                setattr(row, name, value)
            row.computed_at = now
            changed.append(row)
    if changed:
        Suggestion.objects.bulk_update(
            changed, ["score", "reasons", "rank_for_scenario", "rank_for_solution", "computed_at"]
        )
    if new:
        Suggestion.objects.bulk_create(new)
    return RefreshResult(created=len(new), updated=len(changed), deleted=len(stale))


def _full_sync(index=None) -> RefreshResult:
    """Make the whole ``Suggestion`` table equal to the engine's lists over all public rows (caller holds the
    lock and the transaction); the fitted index becomes the one incremental refreshes start from."""
    index = index if index is not None else ranking.public_index()
    existing = {(s.scenario_id, s.solution_id): s for s in Suggestion.objects.select_for_update()}
    result = _apply(_desired(index), existing)
    incremental.start_epoch(index)
    return result


@transaction.atomic
def _sync() -> RefreshResult:
    _serialise_refreshes()
    return _full_sync()


def _refresh_one(apply) -> RefreshResult:
    try:
        with transaction.atomic():
            _serialise_refreshes()
            step = apply()
            if step is incremental.FULL:
                return _full_sync()
            index, scope = step
            existing = {(s.scenario_id, s.solution_id): s for s in incremental.existing_in_scope(scope)}
            return _apply(incremental.desired_in_scope(index, scope, existing.values()), existing)
    except BaseException:
        incremental.forget()  # the held index may be ahead of what was rolled back
        raise


def refresh_suggestions_for_scenario(scenario: Scenario) -> RefreshResult:
    """Recompute after ``scenario`` was published, edited, closed or cancelled.

    Only the lists it enters or leaves are recomputed (``matching.incremental``: the engine's refresh against the
    index held by this process). Guarantees: afterwards the stored suggestions equal a full recompute; a scenario
    that is no longer public has none (leaving the public set refits everything).
    """
    return _refresh_one(lambda: incremental.apply_scenario(scenario.pk))


def refresh_suggestions_for_solution(solution: Solution) -> RefreshResult:
    """Recompute after ``solution`` was published, edited or archived (same guarantees as above)."""
    return _refresh_one(lambda: incremental.apply_solution(solution.pk))


@transaction.atomic
def store_all(desired: dict[tuple[int, int], dict]) -> RefreshResult:
    """Store the lists of a sharded full recompute (``matching.recompute``); every process refits its index."""
    _serialise_refreshes()
    existing = {(s.scenario_id, s.solution_id): s for s in Suggestion.objects.select_for_update()}
    result = _apply(desired, existing)
    incremental.new_epoch()
    return result


def refresh_all() -> RefreshResult:
    """Recompute every suggestion from scratch (``manage.py refresh_suggestions``; nightly; demo data)."""
    return _sync()


def _side_organization(*, side: str, scenario: Scenario, solution: Solution) -> Organization:
    return scenario.owner if side == SuggestionFeedback.Side.SCENARIO else solution.owner


def _require_side(actor: User, side: str, suggestion: Suggestion) -> None:
    if side == SuggestionFeedback.Side.SCENARIO:
        allowed = actor.has_perm("matching.act_on_scenario_suggestions", suggestion.scenario)
    elif side == SuggestionFeedback.Side.SOLUTION:
        allowed = actor.has_perm("matching.act_on_solution_suggestions", suggestion.solution)
    else:
        raise ValidationError({"side": [_("Choose the scenario side or the solution side.")]})
    if not allowed:
        raise _deny()


@transaction.atomic
def suggestion_feedback_give(*, actor: User, suggestion: Suggestion, side: str, verdict: str) -> SuggestionFeedback:
    """Confirm or dismiss a suggestion for one side. The latest verdict of a side wins; the score and reasons
    at the time are kept with it for tuning. A dismissed pair disappears from that side's lists only."""
    if verdict not in SuggestionFeedback.Verdict.values:
        raise ValidationError({"verdict": [_("The verdict is either dismiss or confirm.")]})
    _require_side(actor, side, suggestion)
    feedback, _created = SuggestionFeedback.objects.update_or_create(
        scenario=suggestion.scenario,
        solution=suggestion.solution,
        side=side,
        defaults={
            "suggestion": suggestion,
            "organization": _side_organization(side=side, scenario=suggestion.scenario, solution=suggestion.solution),
            "user": actor,
            "verdict": verdict,
            "score": suggestion.score,
            "reasons": suggestion.reasons,
            "at": timezone.now(),
        },
    )
    return feedback


@transaction.atomic
def suggestion_invite(*, actor: User, suggestion: Suggestion) -> Invitation:
    """The owner county invites the firm of a suggested solution to propose. Notifies the firm's admins once per
    pair; says only what is public (the scenario's title, county and owner, and the solution's title)."""
    scenario, solution = suggestion.scenario, suggestion.solution
    if not actor.has_perm("matching.act_on_scenario_suggestions", scenario):
        raise _deny()
    if scenario.effective_status != S.OPEN:
        raise StateConflict(_("Firms can be invited only while the scenario is open for proposals."))
    if solution.status != Solution.Status.PUBLISHED:
        raise StateConflict(_("This solution is no longer published."))
    invitation, created = Invitation.objects.get_or_create(
        scenario=scenario,
        solution=solution,
        defaults={"organization": solution.owner, "invited_by": actor},
    )
    if not created:
        raise StateConflict(_("This firm has already been invited for this scenario."))
    with notifications.site_language():
        notifications.notify(
            users=admins_of(solution.owner),
            kind=KIND_INVITATION,
            message=messages.INVITATION,
            params={"county": scenario.owner.name, "scenario": scenario.title, "solution": solution.title},
            url=reverse("catalog:scenario-detail", args=[scenario.pk]),
        )
    return invitation


# ---------------------------------------------------------------- replication push

PRIORITY_PAIRED_LAGGING = 0
PRIORITY_LAGGING = 1
PRIORITY_OTHER = 2
LAGGING_ZONES = (Region.Zone.NORTH, Region.Zone.CENTRE)


def paired_regions(home: Region | None) -> set[str]:
    """Codes of the cities and counties paired with ``home`` (a county or a city) in an active region pair, either
    side of the pair: pairs of ``home`` itself and of its city. A returned city stands for all its counties."""
    if home is None:
        return set()
    own = {home.code, home.city_code} - {None, ""}
    pairs = RegionPair.objects.filter(active=True).filter(Q(south_city_id__in=own) | Q(north_city_id__in=own))
    return {p.north_city_id if p.south_city_id in own else p.south_city_id for p in pairs}


def replication_priority(*, county: Region, partners: set[str], lag: dict[str, float] | None = None) -> int:
    """0: a 苏北/苏中 county paired with the firm's home (the county itself or its city is in ``partners``);
    1: any other 苏北/苏中 county, and any county the gap monitor reads as behind the province's median
    (``lag[county] > 0``, see :func:`matching.hooks.county_lag`); 2: the rest."""
    if county.zone in LAGGING_ZONES and (county.code in partners or county.city_code in partners):
        return PRIORITY_PAIRED_LAGGING
    if county.zone in LAGGING_ZONES or (lag or {}).get(county.code, 0.0) > 0:
        return PRIORITY_LAGGING
    return PRIORITY_OTHER


def _silent_offices(*, exclude_counties: set[str], source_scenario: Scenario | None) -> dict[str, list[Organization]]:
    """Verified county offices of the counties the push has no scenario for: ``{county code: [offices]}``. A county
    that already adopted ``source_scenario`` is left out (it has the case)."""
    offices = Organization.objects.filter(
        kind=Organization.Kind.COUNTY_OFFICE,
        verification_status=Organization.Verification.VERIFIED,
        region__level=Region.Level.COUNTY,
    ).exclude(region_id__in=exclude_counties)
    if source_scenario is not None:
        adopted = Scenario.objects.filter(replicated_from=source_scenario).values("county_id")
        offices = offices.exclude(region_id__in=adopted)
    by_county: dict[str, list[Organization]] = {}
    for office in offices.select_related("region").order_by("region_id", "pk"):
        by_county.setdefault(office.region_id, []).append(office)
    return by_county


def _replication_message(
    *, solution: Solution, scenario: Scenario | None, source: Scenario | None
) -> tuple[Message, dict, str]:
    """Message, parameters and link of a push notification: a fitting scenario of the county's own, or, for a
    county with none, the proven case to adopt in one step (the source scenario's page offers *Adopt*) or the
    solution."""
    names = {"solution": solution.title, "firm": solution.owner.name}
    if scenario is not None:
        return (
            messages.REPLICATION_FITS_SCENARIO,
            {**names, "scenario": scenario.title},
            reverse("catalog:scenario-detail", args=[scenario.pk]),
        )
    if source is not None and source.replicable and source.published_at is not None:
        return (
            messages.REPLICATION_CASE,
            {**names, "scenario": source.title, "county": source.county.name},
            reverse("catalog:scenario-detail", args=[source.pk]),
        )
    return messages.REPLICATION_SOLUTION, names, reverse("catalog:solution-detail", args=[solution.pk])


@transaction.atomic
def replication_push(*, solution: Solution, source_scenario: Scenario | None = None) -> list[ReplicationRecommendation]:
    """Recommend a proven solution to counties, and notify them.

    Called by the proposals app when an engagement is accepted (no permission check: it is a consequence of
    that accepted engagement, not a user action). Two kinds of target, never the source scenario's county:

    - a draft or open scenario whose engine score with ``solution`` reaches ``MATCHING_MIN_SCORE`` (one
      recommendation per scenario; its county office's admins are told about that scenario);
    - every other county with a verified county office — a *silent* county with no fitting scenario — unless it
      already adopted the source scenario: one recommendation for the county (no target scenario), and its
      office's admins and editors are told about the proven case, which they adopt in one step from the source
      scenario's page when it is replicable (otherwise the notification links the solution).

    Ordering (also ``position``): priority class first (:func:`replication_priority`: paired 苏北/苏中 counties —
    the firm's home is ``solution.owner.region`` and its city —, then lagging counties, then the rest), then the
    county's lag descending (``hooks.county_lag``: the gap monitor's reading, registered by insights; 0 without
    it), then a fitting scenario before a county without one, then score descending, then scenario id or county
    code ascending. Idempotent per (solution, target scenario) and (solution, silent county): a repeated push
    updates positions and scores and notifies only the newly reached county offices. Returns the
    recommendations in order.
    """
    if solution.status != Solution.Status.PUBLISHED:
        return []
    candidates = Scenario.objects.select_related("county", "owner").filter(status__in=(S.DRAFT, S.OPEN))
    if source_scenario is not None:
        candidates = candidates.exclude(pk=source_scenario.pk).exclude(county_id=source_scenario.county_id)
    candidates = [s for s in candidates if s.status == S.DRAFT or s.effective_status == S.OPEN]
    scored = ranking.score_pairs(candidates, solution)
    floor = ranking.min_score()
    fitting = [s for s in candidates if scored[s.pk].score >= floor]
    partners = paired_regions(solution.owner.region)
    lag = hooks.county_lag()
    reached = {s.county_id for s in fitting}
    if source_scenario is not None:
        reached.add(source_scenario.county_id)
    silent = _silent_offices(exclude_counties=reached, source_scenario=source_scenario)
    counties = {o.region_id: o.region for offices in silent.values() for o in offices}

    # (sort key, county, scenario or None)
    targets: list[tuple[tuple, Region, Scenario | None]] = []
    for scenario in fitting:
        county = scenario.county
        key = (replication_priority(county=county, partners=partners, lag=lag), -lag.get(county.pk, 0.0), 0)
        targets.append(((*key, -scored[scenario.pk].score, scenario.pk, ""), county, scenario))
    for code, county in counties.items():
        key = (replication_priority(county=county, partners=partners, lag=lag), -lag.get(code, 0.0), 1)
        targets.append(((*key, 0.0, 0, code), county, None))
    targets.sort(key=lambda target: target[0])

    source_fields = {"source_scenario": source_scenario}
    results = []
    newly_reached: list[tuple[list[Organization], Scenario | None]] = []
    for position, (key, county, scenario) in enumerate(targets, start=1):
        fields = {**source_fields, "county": county, "priority": key[0], "position": position}
        if scenario is not None:
            item = scored[scenario.pk]
            recommendation, created = ReplicationRecommendation.objects.update_or_create(
                solution=solution,
                target_scenario=scenario,
                defaults={**fields, "score": item.score, "reasons": list(item.reasons)},
            )
            offices = [scenario.owner]
        else:
            recommendation, created = ReplicationRecommendation.objects.update_or_create(
                solution=solution,
                target_scenario=None,
                county=county,
                defaults={**fields, "score": 0.0, "reasons": []},
            )
            offices = silent[county.pk]
        results.append(recommendation)
        if created:
            newly_reached.append((offices, scenario))
    told: set[int] = set()  # an office with several fitting scenarios hears about the first one only
    with notifications.site_language():
        for offices, scenario in newly_reached:
            wording, params, url = _replication_message(solution=solution, scenario=scenario, source=source_scenario)
            for office in offices:
                if scenario is not None and office.pk in told:
                    continue
                told.add(office.pk)
                users = admins_of(office) if scenario is not None else editors_of(office)
                notifications.notify(users=users, kind=KIND_REPLICATION, message=wording, params=params, url=url)
    return results


# ---------------------------------------------------------------- region pairs

PROGRAMME_PAIRS = Path(__file__).resolve().parent / "data" / "region_pairs.csv"


def programme_pairs() -> list[dict[str, str]]:
    """The provincial pairing programme shipped with the project: ``south_code, north_code, programme, source``
    per pair (docs/insights.md, *Pairing programme*, says where each comes from)."""
    with PROGRAMME_PAIRS.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@transaction.atomic
def region_pairs_load() -> int:
    """Create the programme's pairs that are missing (idempotent; a pair the provincial office paused or edited
    stays as it is). Returns how many were created."""
    known = set(Region.objects.values_list("code", flat=True))
    created = 0
    for row in programme_pairs():
        if row["south_code"] in known and row["north_code"] in known:
            _pair, was_created = RegionPair.objects.get_or_create(
                south_city_id=row["south_code"],
                north_city_id=row["north_code"],
                defaults={"programme": row["programme"], "source": row["source"]},
            )
            created += was_created
    return created


def _pair_side(region: Region | None, field: str, *, lagging: bool) -> dict[str, list[str]]:
    if region is None or region.level not in (Region.Level.CITY, Region.Level.COUNTY):
        return {field: [_("Choose a prefecture-level city or a county-level unit.")]}
    if lagging and region.zone not in LAGGING_ZONES:
        return {field: [_("The paired side is a city or county of 苏北 or 苏中.")]}
    return {}


def _nested(a: Region, b: Region) -> bool:
    return a.code in (b.code, b.city_code) or b.code == a.city_code


@transaction.atomic
def region_pair_create(
    *,
    actor: User,
    south_city: Region,
    north_city: Region,
    programme: str = "",
    source: str = "",
    active: bool = True,
) -> RegionPair:
    """Pair a southern city or county with a city or county of 苏北 or 苏中 (``north_city``); the provincial office
    only. Either side may be a city (standing for all its counties) or a county, so every city — 徐州 and the 苏中
    cities included — and every county can have a pair."""
    if not actor.has_perm("matching.manage_region_pairs"):
        raise _deny()
    errors = {
        **_pair_side(south_city, "south_city", lagging=False),
        **_pair_side(north_city, "north_city", lagging=True),
    }
    if not errors and _nested(south_city, north_city):
        errors["north_city"] = [_("A region cannot be paired with itself or with its own city or county.")]
    if not errors and RegionPair.objects.filter(south_city=south_city, north_city=north_city).exists():
        errors["north_city"] = [_("These two regions are already paired.")]
    if errors:
        raise ValidationError(errors)
    return RegionPair.objects.create(
        south_city=south_city,
        north_city=north_city,
        programme=(programme or "").strip()[:200],
        source=(source or "").strip()[:500],
        active=active,
    )


@transaction.atomic
def region_pair_update(
    *,
    actor: User,
    pair: RegionPair,
    programme: str | None = None,
    source: str | None = None,
    active: bool | None = None,
) -> RegionPair:
    if not actor.has_perm("matching.manage_region_pairs"):
        raise _deny()
    if programme is not None:
        pair.programme = programme.strip()[:200]
    if source is not None:
        pair.source = source.strip()[:500]
    if active is not None:
        pair.active = active
    pair.save(update_fields=["programme", "source", "active"])
    return pair


@transaction.atomic
def region_pair_delete(*, actor: User, pair: RegionPair) -> None:
    if not actor.has_perm("matching.manage_region_pairs"):
        raise _deny()
    pair.delete()


# ---------------------------------------------------------------- subscriptions


def _validate_subscription(*, organization: Organization, domains, capabilities, regions, zones, delivery) -> None:
    errors: dict[str, list[str]] = {}
    if organization.kind != Organization.Kind.FIRM:
        errors["organization"] = [_("Only firms subscribe to new scenarios.")]
    bad_zones = sorted(set(zones) - set(ZONES))
    if bad_zones:
        errors["zones"] = [_("Unknown zones: %(zones)s.") % {"zones": ", ".join(bad_zones)}]
    if any(r.level == Region.Level.PROVINCE for r in regions):
        errors["regions"] = [_("Choose cities or counties, not the whole province (use the zones instead).")]
    if delivery not in Subscription.Delivery.values:
        errors["delivery"] = [_("Choose immediate delivery or a daily digest.")]
    if not (domains or capabilities or regions or zones):
        errors["__all__"] = [_("Follow at least one domain, capability, county or zone.")]
    if errors:
        raise ValidationError(errors)


def _apply_delivery(user: User, delivery: str) -> None:
    # The notification centre owns delivery: a subscription's choice becomes the user's preference for the kind.
    notifications.set_preference(
        user=user,
        kind=KIND_NEW_SCENARIO,
        delivery="digest" if delivery == Subscription.Delivery.DIGEST else "immediate",
    )


def _subscription_save(
    subscription: Subscription, *, actor: User, domains, capabilities, regions, zones, delivery, name: str | None
) -> Subscription:
    """Validate, then save a new or changed subscription with its targets; its delivery becomes the actor's
    preference for new-scenario notifications. ``name=None`` keeps the name."""
    _validate_subscription(
        organization=subscription.organization,
        domains=domains,
        capabilities=capabilities,
        regions=regions,
        zones=zones,
        delivery=delivery,
    )
    subscription.zones, subscription.delivery = zones, delivery
    if name is not None:
        subscription.name = name.strip()[:100]
    subscription.save()
    subscription.domains.set(domains)
    subscription.capabilities.set(capabilities)
    subscription.regions.set(regions)
    _apply_delivery(actor, delivery)
    return subscription


@transaction.atomic
def subscription_create(
    *,
    actor: User,
    organization: Organization,
    domains: Iterable[Domain] = (),
    capabilities: Iterable[Capability] = (),
    regions: Iterable[Region] = (),
    zones: Sequence[str] = (),
    delivery: str = Subscription.Delivery.IMMEDIATE,
    name: str = "",
) -> Subscription:
    """A subscription of ``actor`` on behalf of a firm they are an active member of."""
    if organization.kind != Organization.Kind.FIRM:  # public fact, so saying so first reveals nothing
        raise ValidationError({"organization": [_("Only firms subscribe to new scenarios.")]})
    if not actor.has_perm("matching.subscribe_for", organization):
        raise _deny()
    return _subscription_save(
        Subscription(organization=organization, user=actor),
        actor=actor,
        domains=list(domains),
        capabilities=list(capabilities),
        regions=list(regions),
        zones=list(dict.fromkeys(zones)),
        delivery=delivery,
        name=name or "",
    )


@transaction.atomic
def subscription_update(
    *,
    actor: User,
    subscription: Subscription,
    domains: Iterable[Domain] | None = None,
    capabilities: Iterable[Capability] | None = None,
    regions: Iterable[Region] | None = None,
    zones: Sequence[str] | None = None,
    delivery: str | None = None,
    name: str | None = None,
) -> Subscription:
    if not actor.has_perm("matching.edit_subscription", subscription):
        raise _deny()
    return _subscription_save(
        subscription,
        actor=actor,
        domains=list(domains) if domains is not None else list(subscription.domains.all()),
        capabilities=list(capabilities) if capabilities is not None else list(subscription.capabilities.all()),
        regions=list(regions) if regions is not None else list(subscription.regions.all()),
        zones=list(dict.fromkeys(zones)) if zones is not None else list(subscription.zones),
        delivery=delivery or subscription.delivery,
        name=name,
    )


@transaction.atomic
def subscription_delete(*, actor: User, subscription: Subscription) -> None:
    if not actor.has_perm("matching.edit_subscription", subscription):
        raise _deny()
    subscription.delete()


def subscriptions_matching(scenario: Scenario):
    """Subscriptions of verified firms, held by their active members, that a scenario matches: its domain, any of
    its capabilities, its county or its city, or its zone (the criteria of one subscription are alternatives)."""
    county = scenario.county
    condition = (
        Q(domains=scenario.domain_id)
        | Q(capabilities__in=scenario.capabilities.all())
        | Q(regions__in=[county.pk, county.city_code])
    )
    if county.zone:
        # Zones are a short JSON list; JSON containment is not portable to SQLite, and subscriptions are few.
        condition |= Q(
            pk__in=[pk for pk, zones in Subscription.objects.values_list("pk", "zones") if county.zone in (zones or [])]
        )
    return (
        Subscription.objects.filter(condition)
        .filter(
            organization__verification_status=Organization.Verification.VERIFIED,
            organization__memberships__user=F("user"),
            organization__memberships__status=Membership.Status.ACTIVE,
        )
        .select_related("user")
        .distinct()
    )


@transaction.atomic
def notify_subscribers(scenario: Scenario) -> int:
    """Tell every matching subscriber about a newly published scenario, once per user and scenario (a second
    call notifies nobody). Delivery (at once or in the daily digest) follows the user's preference for the
    ``matching_new_scenario`` kind, which their subscriptions set. Returns how many users were notified."""
    if scenario.published_at is None or scenario.status != S.OPEN:
        return 0
    url = reverse("catalog:scenario-detail", args=[scenario.pk])
    users = {s.user_id: s.user for s in subscriptions_matching(scenario) if s.user.is_active}
    already = set(
        Notification.objects.filter(kind=KIND_NEW_SCENARIO, url=url, user_id__in=list(users)).values_list(
            "user_id", flat=True
        )
    )
    recipients = [u for pk, u in users.items() if pk not in already]
    if not recipients:
        return 0
    with notifications.site_language():
        notifications.notify(
            users=recipients,
            kind=KIND_NEW_SCENARIO,
            message=messages.NEW_SCENARIO,
            params={"county": scenario.county.name, "title": scenario.title},
            body=scenario.summary,  # typed by the county: shown as it is
            url=url,
        )
    return len(recipients)


@transaction.atomic
def feedback_from_meeting(
    *, scenario: Scenario, solution: Solution, side: str, user: User | None, positive: bool
) -> SuggestionFeedback:
    """Record what a face-to-face meeting (at a fair) taught about a pair: a positive outcome confirms it, "no
    fit" dismisses it for that side. The caller (fairs) has checked that ``user`` acts for that side; the
    latest verdict of a side wins, as with :func:`suggestion_feedback_give`."""
    if side not in SuggestionFeedback.Side.values:
        raise ValidationError({"side": [_("Choose the scenario side or the solution side.")]})
    suggestion = Suggestion.objects.filter(scenario=scenario, solution=solution).first()
    feedback, _created = SuggestionFeedback.objects.update_or_create(
        scenario=scenario,
        solution=solution,
        side=side,
        defaults={
            "suggestion": suggestion,
            "organization": _side_organization(side=side, scenario=scenario, solution=solution),
            "user": user,
            "verdict": SuggestionFeedback.Verdict.CONFIRM if positive else SuggestionFeedback.Verdict.DISMISS,
            "score": suggestion.score if suggestion else None,
            "reasons": suggestion.reasons if suggestion else [],
            "at": timezone.now(),
        },
    )
    return feedback
