"""How long the nightly phrase mining takes at the matching benchmark's size (pure engine, no database).

    python -m benchmarks.phrases --scenarios 10000 --solutions 50000

Generates the same synthetic catalogue as ``benchmarks.matching`` (same seed), runs
:func:`matching.engine.phrases.mine` over every title and description with the shipped vocabulary as the ``covered``
rule and the CC-CEDICT words, and prints the seconds, the peak memory and the first phrases offered.
"""

from __future__ import annotations

import argparse
import resource
import time

from benchmarks.matching import generate
from matching.engine.cli import DEFAULT_REGIONS
from matching.engine.loaders import load_regions
from matching.engine.phrases import mine
from matching.engine.text import join_fields
from vocabulary import DATA_FILE, ConceptMatcher, load_concepts
from vocabulary.bilingual import load_glosses


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scenarios", type=int, default=10_000)
    parser.add_argument("--solutions", type=int, default=50_000)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args(argv)
    concepts = load_concepts(DATA_FILE)
    regions = load_regions(DEFAULT_REGIONS)
    scenarios, solutions = generate(args.scenarios, args.solutions, concepts, regions, args.seed)
    docs = [(d.id, join_fields((d.title, d.description))) for d in (*scenarios, *solutions)]
    matcher = ConceptMatcher(concepts)
    words = load_glosses().words
    started = time.perf_counter()
    found = mine(docs, covered=lambda text: bool(matcher.concepts_in(text)), words=words)
    seconds = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print("first phrases:", ", ".join(f"{p.text} ({p.documents})" for p in found[:10]))
    print(f"documents={len(docs)} phrases={len(found)} mine_s={seconds:.2f} peak_mb={peak:.0f}")


if __name__ == "__main__":
    main()
