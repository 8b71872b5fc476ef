import json

from django.core.management.base import BaseCommand, CommandError

from matching.engine.cli import rank_dataset
from matching.engine.loaders import DataFormatError, load_scenarios, load_solutions
from matching.management.commands._engine_io import data_error, site_inputs
from matching.ranking import active_weights


class Command(BaseCommand):
    help = (
        "Rank solutions for scenarios read from JSON Lines files (the dev set's format) and print one JSON line per "
        'scenario: {"scenario": id, "ranking": [{"solution": id, "score": float, "reasons": [...]}, ...]}, '
        "best first (reasons as data, see matching.engine.types.Reason). "
        "Uses the site's engine, vocabulary (the Capability table) and weights; writes nothing to the database."
    )

    def add_arguments(self, parser):
        parser.add_argument("--scenarios", required=True, help="scenarios.jsonl")
        parser.add_argument("--solutions", required=True, help="solutions.jsonl")
        parser.add_argument("--top", type=int, default=5, help="solutions per scenario (default 5)")

    def handle(self, *args, scenarios, solutions, top, **options):
        if top < 1:
            raise CommandError("--top must be at least 1")
        try:
            scenario_docs = load_scenarios(scenarios)
            solution_docs = load_solutions(solutions)
        except (DataFormatError, OSError) as exc:
            raise data_error(exc) from exc
        concepts, regions = site_inputs()
        index = rank_dataset(scenario_docs, solution_docs, concepts, regions, top=top, weights=active_weights())
        for sid in index.scenario_ids:
            ranking = [
                {"solution": item.id, "score": round(item.score, 4), "reasons": list(item.reasons)}
                for item in (index.top_solutions(sid, top) if solution_docs else [])
            ]
            self.stdout.write(json.dumps({"scenario": sid, "ranking": ranking}, ensure_ascii=False))
