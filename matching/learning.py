"""Learning the matching weights from use: signals → preferences → a proposed weight set → applied or reverted.

Signals (what people did with a pair, on one side):

==============  ========  ======  =====================================================================
kind            side      weight  source
==============  ========  ======  =====================================================================
confirm         either    1       ``SuggestionFeedback`` (positive)
dismiss         either    1       ``SuggestionFeedback`` (negative)
invitation      scenario  1       ``Invitation`` (the county invited the firm to propose; positive)
proposal        solution  1       a submitted proposal naming the solution, once the call is unsealed (proposals)
award           scenario  2       a final award's winning solutions (proposals)
==============  ========  ======  =====================================================================

Preferences: within one list (a scenario's solutions for the county's signals, a solution's scenarios for the
firm's), every positive pair is preferred to every explicitly dismissed pair (weight: the product of the two
signal weights) and to every other pair the list showed that got no signal (weight × ``IMPLICIT_WEIGHT``: not
acting on a suggestion says less than dismissing it). Each side of a preference carries the score's parts from
the index (:meth:`MatchIndex.components`); :func:`matching.engine.learn.fit_weights` fits the weights.

Nothing here exposes a single signal: a weight set records counts per kind only.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.background import enqueue
from directory.models import User
from matching import hooks, ranking, tasks
from matching.engine.cli import default_sets, report_dir, report_figures
from matching.engine.learn import COMPONENTS, FitResult, Preference, current_vector, fit_weights, with_components
from matching.engine.rank import MatchIndex
from matching.engine.weights import Weights
from matching.models import Invitation, Suggestion, SuggestionFeedback, WeightSet

IMPLICIT_WEIGHT = 0.3
MIN_PREFERENCES = 20
"""Fewer preferences than this are not fitted (the command says how many there are)."""


@dataclass(frozen=True)
class Signal:
    scenario_id: int
    solution_id: int
    side: str  # "scenario" (the county acted) or "solution" (the firm acted)
    kind: str
    weight: float
    positive: bool


def collect_signals() -> list[Signal]:
    signals = [
        Signal(s, p, side, verdict, 1.0, verdict == SuggestionFeedback.Verdict.CONFIRM)
        for s, p, side, verdict in SuggestionFeedback.objects.values_list(
            "scenario_id", "solution_id", "side", "verdict"
        )
    ]
    signals.extend(
        Signal(s, p, "scenario", "invitation", 1.0, True)
        for s, p in Invitation.objects.values_list("scenario_id", "solution_id")
    )
    signals.extend(Signal(s, p, side, kind, w, True) for s, p, side, kind, w in hooks.use_signals())
    return signals


def signal_counts(signals: list[Signal]) -> dict[str, int]:
    counts: dict[str, int] = defaultdict(int)
    for signal in signals:
        counts[signal.kind] += 1
    return dict(sorted(counts.items()))


def preferences(signals: list[Signal], index: MatchIndex) -> list[Preference]:
    """Preferences within each list (see the module docstring), with the parts of both pairs from ``index``."""
    known_s, known_p = set(index.scenario_ids), set(index.solution_ids)
    # (side, owner) -> {other: (weight, positive)}; the strongest signal of a pair on one side wins.
    lists: dict[tuple[str, int], dict[int, tuple[float, bool]]] = defaultdict(dict)
    for sig in signals:
        owner, other = (
            (sig.scenario_id, sig.solution_id) if sig.side == "scenario" else (sig.solution_id, sig.scenario_id)
        )
        seen = lists[(sig.side, owner)].get(other)
        if seen is None or (sig.positive, sig.weight) > (seen[1], seen[0]):
            lists[(sig.side, owner)][other] = (sig.weight, sig.positive)
    shown: dict[tuple[str, int], set[int]] = defaultdict(set)
    for s, p, rs, rp in Suggestion.objects.values_list(
        "scenario_id", "solution_id", "rank_for_scenario", "rank_for_solution"
    ):
        if rs is not None:
            shown[("scenario", s)].add(p)
        if rp is not None:
            shown[("solution", p)].add(s)

    def parts(side: str, owner: int, other: int) -> dict[str, float] | None:
        s, p = (owner, other) if side == "scenario" else (other, owner)
        if str(s) not in known_s or str(p) not in known_p:
            return None
        return index.components(str(s), str(p))

    prefs: list[Preference] = []
    for (side, owner), verdicts in sorted(lists.items()):
        positives = [(o, w) for o, (w, pos) in sorted(verdicts.items()) if pos]
        negatives = [(o, w) for o, (w, pos) in sorted(verdicts.items()) if not pos]
        negatives += [(o, IMPLICIT_WEIGHT) for o in sorted(shown[(side, owner)] - set(verdicts))]
        if not positives or not negatives:
            continue
        cache: dict[int, dict[str, float] | None] = {}
        for other, _weight in positives + negatives:
            cache[other] = parts(side, owner, other)
        for good, w_good in positives:
            for bad, w_bad in negatives:
                better, worse = cache[good], cache[bad]
                if better is not None and worse is not None:
                    prefs.append(Preference(better, worse, w_good * w_bad, group=f"{side}:{owner}"))
    return prefs


def active_set() -> WeightSet | None:
    return WeightSet.objects.filter(status=WeightSet.Status.ACTIVE).first()


def _evaluate(weights: Weights, sets: list[Path]) -> dict[str, dict]:
    """Figures of the independent evaluation sets for ``weights`` (the vocabulary from the database)."""
    context = ranking.engine_context()
    out = {}
    for directory in sets:
        rep = report_dir(directory, context.concepts, context.regions, weights=weights)
        figures = report_figures(directory.name, rep)
        out[directory.name] = {k: figures[k] for k in ("ndcg@5", "recall@5", "cross_lingual_hit@5") if k in figures}
    return out


@transaction.atomic
def weights_fit(
    *, strength: float = 1.0, min_preferences: int = MIN_PREFERENCES, evaluate: bool = True, seed: int = 0
) -> tuple[WeightSet, FitResult]:
    """Fit weights from the signals so far and save them as a *proposed* set with its figures (nothing changes
    for anyone until :func:`weights_apply`). Refused with fewer than ``min_preferences`` preferences."""
    signals = collect_signals()
    current = ranking.active_weights()
    index = ranking.public_index()
    prefs = preferences(signals, index)
    if len(prefs) < min_preferences:
        raise ValidationError(
            _(
                "Only %(n)d preferences from use so far (confirmations, dismissals, invitations, bids, awards); "
                "at least %(min)d are needed to fit the weights."
            )
            % {"n": len(prefs), "min": min_preferences}
        )
    result = fit_weights(prefs, current, strength=strength, seed=seed)
    fitted = with_components(current, result.weights)
    summary = {
        "signals": signal_counts(signals),
        "preferences": result.n_preferences,
        "lists": result.n_groups,
        "strength": strength,
        "folds": result.folds,
        "held_out_accuracy_before": round(result.accuracy_before, 4),
        "held_out_accuracy_after": round(result.accuracy_after, 4),
    }
    if evaluate:
        sets = [Path(d) for d in default_sets()]
        summary["independent_sets_before"] = _evaluate(current, sets)
        summary["independent_sets_after"] = _evaluate(fitted, sets)
    row = WeightSet.objects.create(
        values={name: getattr(fitted, name) for name in COMPONENTS},
        based_on={name: float(v) for name, v in zip(COMPONENTS, current_vector(current), strict=True)},
        summary=summary,
    )
    return row, result


def _require(actor: User | None) -> None:
    if actor is not None and not actor.has_perm("matching.tune_weights"):
        raise ValidationError(_("You may not do this."))


def _rebuild() -> None:
    """Every stored suggestion recomputed with the weights now in force, once this transaction commits."""
    enqueue(tasks.full_recompute)


@transaction.atomic
def weights_apply(*, weight_set: WeightSet, actor: User | None = None) -> WeightSet:
    """Make a proposed set the active one (the one active before it is retired and remembered for revert) and
    rebuild every suggestion with it."""
    _require(actor)
    weight_set = WeightSet.objects.select_for_update().get(pk=weight_set.pk)
    if weight_set.status != WeightSet.Status.PROPOSED:
        raise ValidationError(
            _("Only a proposed weight set can be applied; this one is %(status)s.")
            % {"status": weight_set.get_status_display()}
        )
    before = WeightSet.objects.select_for_update().filter(status=WeightSet.Status.ACTIVE).first()
    if before is not None:
        before.status = WeightSet.Status.RETIRED
        before.save(update_fields=["status"])
    weight_set.status = WeightSet.Status.ACTIVE
    weight_set.applied_at = timezone.now()
    weight_set.applied_by = actor
    weight_set.previous = before
    weight_set.save(update_fields=["status", "applied_at", "applied_by", "previous"])
    _rebuild()
    return weight_set


@transaction.atomic
def weights_revert(*, actor: User | None = None) -> WeightSet | None:
    """Undo the last apply: the active set is retired and the set active before it (if any) is active again; with
    none, the shipped defaults apply. Returns the set now active (None: the defaults). Rebuilds every suggestion."""
    _require(actor)
    current = WeightSet.objects.select_for_update().filter(status=WeightSet.Status.ACTIVE).first()
    if current is None:
        raise ValidationError(_("The shipped default weights are in use; there is nothing to revert."))
    current.status = WeightSet.Status.RETIRED
    current.save(update_fields=["status"])
    restored = current.previous
    if restored is not None:
        restored.status = WeightSet.Status.ACTIVE
        restored.save(update_fields=["status"])
    _rebuild()
    return restored


COMPONENT_LABELS = {
    "text": gettext_lazy("same words (one language)"),
    "gloss": gettext_lazy("dictionary glosses (across languages)"),
    "concept": gettext_lazy("shared capabilities"),
    "domain": gettext_lazy("same domain"),
    "maturity": gettext_lazy("maturity of the solution"),
    "track_record": gettext_lazy("deployments in similar counties"),
}


def weights_table(weight_set: WeightSet | None) -> list[tuple[str, str, float, float]]:
    """``(component, its label, in use, proposed)`` rows for showing a proposed set beside the weights in use."""
    current = ranking.active_weights()
    values = weight_set.values if weight_set is not None else {}
    return [
        (
            name,
            str(COMPONENT_LABELS[name]),
            float(getattr(current, name)),
            float(values.get(name, getattr(current, name))),
        )
        for name in COMPONENTS
    ]


def evaluation_rows(weight_set: WeightSet | None) -> list[dict[str, object]]:
    """The independent sets' figures of a proposed set, before and after, one row per set (for the page)."""
    if weight_set is None:
        return []
    before = weight_set.summary.get("independent_sets_before", {})
    after = weight_set.summary.get("independent_sets_after", {})
    return [
        {
            "name": name,
            "ndcg_before": before[name].get("ndcg@5"),
            "ndcg_after": after.get(name, {}).get("ndcg@5"),
            "recall_before": before[name].get("recall@5"),
            "recall_after": after.get(name, {}).get("recall@5"),
            "hit_before": before[name].get("cross_lingual_hit@5"),
            "hit_after": after.get(name, {}).get("cross_lingual_hit@5"),
        }
        for name in sorted(before)
    ]
