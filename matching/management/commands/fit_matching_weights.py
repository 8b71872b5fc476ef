"""Fit the matching weights from use, show them beside the weights in use, apply or revert (matching.learning)."""

from __future__ import annotations

import json

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from matching import learning
from matching.models import WeightSet


class Command(BaseCommand):
    help = (
        "Without options: fit the component weights from confirmations, dismissals, invitations, bids (after the "
        "deadline) and final awards by regularised pairwise logistic regression, save them as a PROPOSED weight set "
        "and print them beside the weights in use, with held-out pairwise accuracy (group 5-fold) and the "
        "independent evaluation sets before and after. Nothing changes until --apply. --apply ID makes a proposed "
        "set the active one and recomputes every suggestion; --revert undoes the last apply."
    )

    def add_arguments(self, parser):
        parser.add_argument("--strength", type=float, default=1.0, help="pull towards the weights in use (default 1)")
        parser.add_argument("--min-preferences", type=int, default=learning.MIN_PREFERENCES)
        parser.add_argument("--no-evaluate", action="store_true", help="skip the independent evaluation sets")
        parser.add_argument("--apply", type=int, metavar="ID", help="apply the proposed weight set ID")
        parser.add_argument("--revert", action="store_true", help="undo the last apply")

    def handle(self, *args, **options):
        try:
            if options["apply"]:
                weight_set = WeightSet.objects.filter(pk=options["apply"]).first()
                if weight_set is None:
                    raise CommandError(f"No weight set {options['apply']}.")
                learning.weights_apply(weight_set=weight_set)
                self.stdout.write(f"Weight set {weight_set.pk} is active; every suggestion is being recomputed.")
                return
            if options["revert"]:
                restored = learning.weights_revert()
                which = f"weight set {restored.pk}" if restored else "the shipped defaults"
                self.stdout.write(f"Reverted: {which} in force; every suggestion is being recomputed.")
                return
            weight_set, _fit = learning.weights_fit(
                strength=options["strength"],
                min_preferences=options["min_preferences"],
                evaluate=not options["no_evaluate"],
            )
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from exc
        self.stdout.write(f"Proposed weight set {weight_set.pk} (not applied):")
        self.stdout.write(f"  {'component':<14}{'in use':>8}{'proposed':>10}")
        for name, _label, used, proposed in learning.weights_table(weight_set):
            self.stdout.write(f"  {name:<14}{used:>8.3f}{proposed:>10.3f}")
        summary = weight_set.summary
        self.stdout.write(
            f"signals: {json.dumps(summary['signals'])}; preferences: {summary['preferences']} "
            f"in {summary['lists']} lists"
        )
        self.stdout.write(
            f"held-out pairwise accuracy ({summary['folds']} folds): "
            f"{summary['held_out_accuracy_before']:.3f} in use -> {summary['held_out_accuracy_after']:.3f} proposed"
        )
        before, after = summary.get("independent_sets_before", {}), summary.get("independent_sets_after", {})
        for name in before:
            b, a = before[name], after[name]
            self.stdout.write(
                f"{name}: nDCG@5 {b['ndcg@5']:.3f} -> {a['ndcg@5']:.3f}, recall@5 {b['recall@5']:.3f} -> "
                f"{a['recall@5']:.3f}, cross-lingual hit@5 {b['cross_lingual_hit@5']:.3f} -> "
                f"{a['cross_lingual_hit@5']:.3f}"
            )
        self.stdout.write(f"Apply with: manage.py fit_matching_weights --apply {weight_set.pk}")
