"""How much of the capability vocabulary is the labelled dev set's own wording, and what that is worth.

    python -m benchmarks.vocabulary_provenance [--data ../shared/data/matching-dev] [--history]

Prints, for ``vocabulary/data/capabilities.json``:

* how many synonyms are, character for character, a tag of the dev set's scenarios or solutions (and how many
  are equal after normalisation, e.g. in case or width), how many labels are, and how many distinct dev-set tags
  some label or synonym equals;
* the engine's dev-set figures with the full vocabulary and with those synonyms removed (the ablation);
* with ``--history``, the same counts for every committed version of the vocabulary file (``git log --follow``),
  so anyone can see when the dev-set tags came in.

Benchmarks may read ../shared; the site never does. Nothing here changes the vocabulary: it measures it.
"""

from __future__ import annotations

import argparse
import json
import subprocess
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from matching.engine.cli import DEFAULT_REGIONS, evaluate_dir
from matching.engine.loaders import load_jsonl, load_regions
from vocabulary import DATA_FILE, Concept, concepts_from_list, load_concepts, normalize

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DATA = ROOT.parent / "shared" / "data" / "matching-dev"
# Where the vocabulary file lived before it moved into the vocabulary package.
FILE_PATHS = ("vocabulary/data/capabilities.json", "catalog/data/capabilities.json")


def dev_tags(data: Path) -> set[str]:
    """Every tag of the dev set's scenarios and solutions, as written."""
    tags: set[str] = set()
    for name in ("scenarios.jsonl", "solutions.jsonl"):
        for record in load_jsonl(data / name):
            tags.update(str(tag) for tag in record.get("tags") or ())
    return tags


@dataclass(frozen=True)
class Overlap:
    concepts: int
    synonyms: int
    synonyms_equal: int  # character for character
    synonyms_equal_normalised: int
    labels_equal_normalised: int
    tags: int
    tags_covered: int  # distinct dev-set tags equal (normalised) to some label or synonym


def overlap(concepts: Sequence[Concept], tags: set[str]) -> Overlap:
    normalised_tags = {normalize(t) for t in tags}
    synonyms = [s for c in concepts for s in (*c.synonyms_zh, *c.synonyms_en)]
    labels = [label for c in concepts for label in (c.zh, c.en)]
    forms = {normalize(f) for f in (*synonyms, *labels)}
    return Overlap(
        concepts=len(concepts),
        synonyms=len(synonyms),
        synonyms_equal=sum(s in tags for s in synonyms),
        synonyms_equal_normalised=sum(normalize(s) in normalised_tags for s in synonyms),
        labels_equal_normalised=sum(normalize(label) in normalised_tags for label in labels),
        tags=len(normalised_tags),
        tags_covered=len(normalised_tags & forms),
    )


def without_synonyms(concepts: Iterable[Concept], drop) -> list[Concept]:
    """The concepts minus every synonym for which ``drop(synonym)`` is true (labels stay)."""
    return [
        replace(
            c,
            synonyms_zh=tuple(s for s in c.synonyms_zh if not drop(s)),
            synonyms_en=tuple(s for s in c.synonyms_en if not drop(s)),
        )
        for c in concepts
    ]


def _report_overlap(name: str, o: Overlap) -> None:
    print(
        f"{name}: {o.concepts} concepts, {o.synonyms} synonyms; {o.synonyms_equal} synonyms equal a dev-set tag "
        f"character for character ({o.synonyms_equal_normalised} after normalisation); "
        f"{o.labels_equal_normalised} labels equal one; {o.tags_covered} of {o.tags} distinct dev-set tags "
        "are a label or synonym"
    )


def _history(tags: set[str]) -> None:
    log = subprocess.run(  # noqa: S603 - fixed git arguments
        ["git", "log", "--follow", "--format=%h %ad %s", "--date=format:%Y-%m-%d %H:%M", "--", FILE_PATHS[0]],  # noqa: S607
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
    ).stdout.splitlines()
    print("\n== every committed version of the vocabulary file, oldest first ==")
    for line in reversed(log):
        commit = line.split(" ", 1)[0]
        for path in FILE_PATHS:
            shown = subprocess.run(  # noqa: S603
                ["git", "show", f"{commit}:{path}"],  # noqa: S607
                cwd=ROOT,
                capture_output=True,
                text=True,
            )
            if shown.returncode == 0:
                o = overlap(concepts_from_list(json.loads(shown.stdout), f"{commit}:{path}"), tags)
                print(
                    f"{line[:100]}\n    {o.concepts} concepts, {o.synonyms} synonyms, "
                    f"{o.synonyms_equal} equal to a dev-set tag"
                )
                break


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", default=str(DEFAULT_DATA), help="the labelled dev set folder")
    parser.add_argument("--history", action="store_true", help="also count every committed version of the file")
    args = parser.parse_args(argv)
    data = Path(args.data)
    tags = dev_tags(data)
    concepts = load_concepts(DATA_FILE)
    _report_overlap(str(DATA_FILE.relative_to(ROOT)), overlap(concepts, tags))

    regions = load_regions(DEFAULT_REGIONS)
    normalised_tags = {normalize(t) for t in tags}
    variants = [
        ("full vocabulary", concepts),
        ("without synonyms equal to a dev-set tag", without_synonyms(concepts, lambda s: s in tags)),
        (
            "without synonyms equal to one after normalisation",
            without_synonyms(concepts, lambda s: normalize(s) in normalised_tags),
        ),
    ]
    print("\n== dev-set figures (engine, default weights, regions from directory/data) ==")
    for name, variant in variants:
        metrics, failures = evaluate_dir(data, variant, regions)
        synonyms = sum(len(c.synonyms_zh) + len(c.synonyms_en) for c in variant)
        print(
            f"{name:<52} synonyms {synonyms:>5}  nDCG@5 {metrics.ndcg5:.4f}  recall@5 {metrics.recall5:.4f}  "
            f"MRR {metrics.mrr:.4f}  cross-lingual misses {len(failures)}"
        )
    if args.history:
        _history(tags)


if __name__ == "__main__":
    main()
