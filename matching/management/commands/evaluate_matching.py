import json

from django.core.management.base import BaseCommand

from matching.engine.cli import evaluate_dir
from matching.engine.loaders import DataFormatError
from matching.engine.weights import DEFAULT_WEIGHTS
from matching.management.commands._engine_io import data_error, site_inputs


class Command(BaseCommand):
    help = (
        "Print nDCG@5, recall@5 and MRR of the site's engine (vocabulary from the database, weights from "
        "matching.engine.weights) over a labelled folder with scenarios.jsonl, solutions.jsonl and labels.jsonl. "
        "Writes nothing to the database."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "directory", help="a folder with scenarios.jsonl, solutions.jsonl and labels.jsonl (like the dev set)"
        )
        parser.add_argument("--json", action="store_true", help="print one JSON object instead of lines")

    def handle(self, *args, directory, **options):
        concepts, regions = site_inputs()
        try:
            metrics, failures = evaluate_dir(directory, concepts, regions, weights=DEFAULT_WEIGHTS)
        except (DataFormatError, OSError) as exc:
            raise data_error(exc) from exc
        figures = {
            "scenarios": metrics.n,
            "ndcg@5": round(metrics.ndcg5, 4),
            "recall@5": round(metrics.recall5, 4),
            "mrr": round(metrics.mrr, 4),
            "cross_lingual_failures": failures,
        }
        if options["json"]:
            self.stdout.write(json.dumps(figures, ensure_ascii=False))
            return
        self.stdout.write(f"scenarios: {metrics.n}")
        self.stdout.write(f"nDCG@5: {metrics.ndcg5:.4f}")
        self.stdout.write(f"recall@5: {metrics.recall5:.4f}")
        self.stdout.write(f"MRR: {metrics.mrr:.4f}")
        self.stdout.write(
            f"cross-lingual failures: {len(failures)}" + (f" ({', '.join(failures)})" if failures else "")
        )
