import json
from pathlib import Path

from django.core.management.base import BaseCommand

from matching.engine.cli import default_sets, report_dir, report_figures, report_lines
from matching.engine.loaders import DataFormatError
from matching.management.commands._engine_io import data_error, site_inputs
from matching.ranking import active_weights


class Command(BaseCommand):
    help = (
        "Print, for each labelled folder (scenarios.jsonl, solutions.jsonl, labels.jsonl), nDCG@5, recall@5, MRR "
        "and the cross-lingual top-5 hit rate with 95% bootstrap intervals (2,000 resamples of scenarios, seed 0) "
        "for the site's engine (vocabulary from the database; the weights in force: the applied weight set, else "
        "matching.engine.weights). Without a "
        "folder: the independent sets in matching/data/eval (pass the dev set's folder to add it). Each set is "
        "reported separately. Writes nothing to the database."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "directories",
            nargs="*",
            help="labelled folders like the dev set (default: matching/data/eval/set_a and set_b)",
        )
        parser.add_argument("--json", action="store_true", help="print one JSON object per set (JSON Lines)")
        parser.add_argument("--seed", type=int, default=0, help="bootstrap seed (default 0)")

    def handle(self, *args, directories, **options):
        concepts, regions = site_inputs()
        blocks: list[str] = []
        for directory in directories or [str(d) for d in default_sets()]:
            try:
                rep = report_dir(directory, concepts, regions, weights=active_weights(), seed=options["seed"])
            except (DataFormatError, OSError) as exc:
                raise data_error(exc) from exc
            name = Path(directory).name
            if options["json"]:
                blocks.append(json.dumps(report_figures(name, rep), ensure_ascii=False))
            else:
                blocks.append("\n".join(report_lines(name, rep)))
        self.stdout.write(("\n" if options["json"] else "\n\n").join(blocks))
