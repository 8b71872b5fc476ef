"""Scale benchmark of the matching engine on synthetic bilingual catalogues.

    python -m benchmarks.matching --scenarios 10000 --solutions 50000 --top 20

Documents are generated from the capability vocabulary with a fixed seed: each picks a domain, two
to four concepts of that domain (sometimes one cross-domain concept) and writes a title, tags and a
description of 120-260 characters (Chinese) or 50-110 words (English) from their labels, synonyms
and filler phrases, with random budgets, prices, maturity, county and past deployments.

Reported figures:

* ``full_s``: wall time of ``MatchIndex.fit`` (featurisation of every document + both top-k
  directions), i.e. a full recompute from raw documents;
* ``peak_mb``: the process's peak resident set size (``resource.getrusage(...).ru_maxrss``) after
  the fit, i.e. including the generated documents; ``tracemalloc`` is not used because it slows
  numpy-heavy code several-fold and misses nothing numpy allocates outside Python's allocator
  anyway. The increase of the peak during the fit is printed too;
* ``refresh_scenario_ms`` / ``refresh_solution_ms``: median wall time of ``refresh_scenario`` /
  ``refresh_solution`` after editing one document's text (lists in both directions updated);
* ``ratio``: time of the scoring + top-k pass (``MatchIndex.recompute``, matrices already built)
  divided by the time of the bare blocked sparse product ``S @ P.T`` of the very same matrices
  (densified block by block, nothing else). The featurisation time is printed separately.
"""

from __future__ import annotations

import argparse
import random
import resource
import statistics
import time
from dataclasses import replace
from pathlib import Path

import numpy as np

from matching.engine.loaders import load_concepts, load_regions
from matching.engine.rank import MatchIndex
from matching.engine.types import DOMAINS, Concept, RegionInfo, ScenarioDoc, SolutionDoc

ROOT = Path(__file__).resolve().parents[1]
FILLER_ZH = [
    "我县近年来持续推进数字化建设，但相关业务仍主要依靠人工，效率偏低。",
    "希望通过引入成熟的技术方案，实现数据自动采集、统一管理和分析预警。",
    "系统需要与现有平台对接，支持移动端使用，并提供运行情况统计报表。",
    "产品已在多个县区落地应用，提供本地化部署和运维服务。",
    "方案采用模块化设计，可按需分期建设，降低一次性投入。",
    "群众和企业反映办理不便、响应不及时，相关部门希望尽快改善。",
]
FILLER_EN = [
    "The county has invested in digital infrastructure but much of this work is still manual.",
    "We are looking for a proven solution that collects data automatically and raises alerts.",
    "It must integrate with existing platforms, work on mobile devices and provide reports.",
    "The product is deployed in several counties and comes with local support and training.",
    "A modular design lets the buyer phase the rollout and keep the first investment small.",
]
MATURITY = ["concept", "prototype", "pilot", "deployed", "scaled"]


def _pick_concepts(rng: random.Random, by_domain: dict[str, list[Concept]], all_c: list[Concept]) -> tuple[str, list[Concept]]:
    domain = rng.choice(DOMAINS)
    chosen = rng.sample(by_domain[domain], k=min(len(by_domain[domain]), rng.randint(2, 4)))
    if rng.random() < 0.3:
        chosen.append(rng.choice(all_c))
    return domain, chosen


def _text(rng: random.Random, chosen: list[Concept], lang: str) -> tuple[str, tuple[str, ...], str]:
    if lang == "zh":
        title = "".join(c.zh for c in chosen[:2]) + rng.choice(["平台", "系统", "建设", "服务"])
        tags = tuple(rng.choice([c.zh, *c.synonyms_zh]) for c in chosen)
        parts: list[str] = []
        while sum(map(len, parts)) < rng.randint(120, 260):
            if rng.random() < 0.5:
                c = rng.choice(chosen)
                parts.append(f"围绕{rng.choice([c.zh, *c.synonyms_zh])}，需要{rng.choice([c.zh, *c.synonyms_zh])}能力。")
            else:
                parts.append(rng.choice(FILLER_ZH))
        return title, tags, "".join(parts)
    title = " and ".join(c.en for c in chosen[:2]) + rng.choice([" platform", " system", " service", ""])
    tags = tuple(rng.choice([c.en, *c.synonyms_en]) for c in chosen)
    words: list[str] = []
    target = rng.randint(50, 110)
    while len(words) < target:
        if rng.random() < 0.5:
            c = rng.choice(chosen)
            words += f"We need {rng.choice([c.en, *c.synonyms_en])} with {rng.choice([c.en, *c.synonyms_en])}.".split()
        else:
            words += rng.choice(FILLER_EN).split()
    return title, tags, " ".join(words)


def generate(
    n_scenarios: int, n_solutions: int, concepts: list[Concept], regions: list[RegionInfo], seed: int = 7
) -> tuple[list[ScenarioDoc], list[SolutionDoc]]:
    """Reproducible synthetic catalogues (same seed, same documents)."""
    rng = random.Random(seed)
    by_domain = {d: [c for c in concepts if d in c.domains] for d in DOMAINS}
    counties = [r.code for r in regions if r.city_code] or [f"3201{i:02d}" for i in range(1, 90)]
    scenarios: list[ScenarioDoc] = []
    for i in range(n_scenarios):
        domain, chosen = _pick_concepts(rng, by_domain, concepts)
        lang = "zh" if rng.random() < 0.85 else "en"
        title, tags, desc = _text(rng, chosen, lang)
        bmax = int(10 ** rng.uniform(5.3, 7.2))
        scenarios.append(
            ScenarioDoc(
                id=f"S{i:06d}", title=title, description=desc, tags=tags, language=lang, domains=(domain,),
                budget_min=bmax // 3, budget_max=bmax, county_code=rng.choice(counties),
            )
        )
    solutions: list[SolutionDoc] = []
    for j in range(n_solutions):
        domain, chosen = _pick_concepts(rng, by_domain, concepts)
        lang = "zh" if rng.random() < 0.75 else "en"
        title, tags, desc = _text(rng, chosen, lang)
        pmin = int(10 ** rng.uniform(4.5, 7.0))
        doms = (domain,) if rng.random() < 0.7 else (domain, rng.choice(DOMAINS))
        solutions.append(
            SolutionDoc(
                id=f"P{j:06d}", title=title, description=desc, tags=tags, language=lang, domains=doms,
                price_min=pmin, price_max=pmin * 3, maturity=rng.choice(MATURITY),
                deployed_in=tuple(rng.sample(counties, k=rng.randint(0, 5))),
            )
        )
    return scenarios, solutions


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0  # Linux reports KiB


def bare_product_seconds(index: MatchIndex) -> float:
    """Blocked ``S @ P.T`` with the same matrices and block size, densified, nothing else."""
    t0 = time.perf_counter()
    pt = index._P.T.tocsr()
    n = index._S.shape[0]
    for start in range(0, n, index.block_size):
        block = (index._S[start : start + index.block_size] @ pt).toarray()
        del block
    return time.perf_counter() - t0


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scenarios", type=int, default=2000)
    parser.add_argument("--solutions", type=int, default=10000)
    parser.add_argument("--top", type=int, default=20)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--edits", type=int, default=7, help="refreshes timed in each direction")
    args = parser.parse_args(argv)

    concepts = load_concepts(ROOT / "catalog" / "data" / "capabilities.json")
    regions_path = ROOT.parent / "shared" / "data" / "jiangsu_regions.csv"
    regions = load_regions(regions_path) if regions_path.exists() else []
    t0 = time.perf_counter()
    scenarios, solutions = generate(args.scenarios, args.solutions, concepts, regions, args.seed)
    print(f"generated {len(scenarios)} scenarios x {len(solutions)} solutions in {time.perf_counter() - t0:.1f} s")

    rss_before = _rss_mb()
    t0 = time.perf_counter()
    index = MatchIndex.fit(scenarios, solutions, concepts, regions, k=args.top)
    full_s = time.perf_counter() - t0
    peak_mb = _rss_mb()
    print(f"full fit (featurise + score + top-{args.top} both ways): {full_s:.2f} s")
    print(f"peak RSS {peak_mb:.0f} MB (increase during fit {peak_mb - rss_before:.0f} MB)")

    t0 = time.perf_counter()
    index.recompute()
    recompute_s = time.perf_counter() - t0
    bare_s = bare_product_seconds(index)
    print(f"featurisation {full_s - recompute_s:.2f} s; score+top-k pass {recompute_s:.2f} s; "
          f"bare sparse product {bare_s:.2f} s")

    rng = random.Random(args.seed + 1)
    t_s: list[float] = []
    t_p: list[float] = []
    for _ in range(args.edits):
        s = scenarios[rng.randrange(len(scenarios))]
        edited_s = replace(s, description=s.description + " 新增需求：视频AI分析与物联网感知。", budget_max=(s.budget_max or 0) * 2)
        t0 = time.perf_counter()
        index.refresh_scenario(edited_s)
        t_s.append(time.perf_counter() - t0)
        p = solutions[rng.randrange(len(solutions))]
        edited_p = replace(p, description=p.description + " Now with video analytics and IoT sensors.", price_min=(p.price_min or 0) // 2)
        t0 = time.perf_counter()
        index.refresh_solution(edited_p)
        t_p.append(time.perf_counter() - t0)
    refresh_s_ms = statistics.median(t_s) * 1000
    refresh_p_ms = statistics.median(t_p) * 1000
    print(f"refresh scenario: median {refresh_s_ms:.1f} ms, max {max(t_s) * 1000:.1f} ms")
    print(f"refresh solution: median {refresh_p_ms:.1f} ms, max {max(t_p) * 1000:.1f} ms")
    sample = index.top_solutions(scenarios[0].id, 3)
    print("sample:", scenarios[0].title, "->", [(it.id, round(it.score, 3), it.reasons[:1]) for it in sample])
    _ = np  # numpy is imported so that its import time is not charged to the first fit
    print(
        f"full_s={full_s:.2f} peak_mb={_rss_mb():.0f} refresh_scenario_ms={refresh_s_ms:.1f} "
        f"refresh_solution_ms={refresh_p_ms:.1f} ratio={recompute_s / bare_s:.2f}"
    )


if __name__ == "__main__":
    main()
