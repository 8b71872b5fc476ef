"""Scale benchmark of the matching engine on synthetic bilingual catalogues.

    python -m benchmarks.matching --scenarios 10000 --solutions 50000 --top 20

Documents are generated from the capability vocabulary with a fixed seed: each picks a domain, two
to four concepts of that domain (sometimes one cross-domain concept) and writes a title, tags and a
description of 120-260 characters (Chinese) or 50-110 words (English) from their labels, synonyms
and filler phrases, with random budgets, prices, maturity, county and past deployments.

Reported figures:

* ``full_s``: wall time of ``MatchIndex.fit`` (featurisation of every document, in ``--jobs``
  worker processes, + both top-k directions), i.e. a full recompute from raw documents;
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
import os
import random
import resource
import statistics
import time
from dataclasses import replace
from pathlib import Path
from typing import Any

import numpy as np

from matching.engine.cli import DEFAULT_REGIONS
from matching.engine.loaders import load_regions
from matching.engine.rank import MatchIndex
from matching.engine.types import RegionInfo, ScenarioDoc, SolutionDoc
from vocabulary import DOMAIN_CODES, Concept, load_concepts

ROOT = Path(__file__).resolve().parents[1]
# Filler is assembled from fragments so that, as in real postings, generic wording varies between
# documents (identical filler in every document would make the similarity matrix unrealistically
# dense: the dev set's text-only density is about 0.4, these catalogues land near it).
ZH_WHO = [
    "我县",
    "县里",
    "各乡镇",
    "主管部门",
    "县级医院",
    "园区管委会",
    "街道社区",
    "运营单位",
    "试点镇",
    "相关科室",
    "一线人员",
    "村两委",
    "市场主体",
    "服务对象",
    "值班人员",
    "基层站所",
]
ZH_STATE = [
    "目前主要靠人工登记",
    "台账以纸质为主",
    "信息分散在多个系统",
    "高峰时段压力较大",
    "发现问题不够及时",
    "缺少统一的数据口径",
    "考核评价依据不足",
    "设备老化且型号不一",
    "群众反映办理不便",
    "夜间和节假日无人值守",
    "经费有限需要分期实施",
    "已有部分视频和传感设备",
]
ZH_WANT = [
    "希望引入成熟产品",
    "拟通过政府购买服务方式",
    "计划先行先试",
    "需要与省市平台对接",
    "要求支持手机端操作",
    "期望形成可复制经验",
    "优先考虑本地化运维",
    "需提供培训和驻场服务",
    "要求数据留存本地",
    "希望三个月内上线",
]
EN_WHO = [
    "The county bureau",
    "Township offices",
    "The operator",
    "Village committees",
    "The district hospital",
    "Park management",
    "Front-line staff",
    "Local businesses",
    "Residents",
    "The duty team",
]
EN_STATE = [
    "still relies on paper ledgers",
    "keeps data in separate systems",
    "struggles at peak hours",
    "finds problems too late",
    "lacks a common dashboard",
    "has ageing equipment of mixed brands",
    "reports complaints about slow service",
    "has no night-time cover",
    "works with a limited budget",
]
EN_WANT = [
    "wants a proven product",
    "plans a phased pilot",
    "needs integration with provincial platforms",
    "expects mobile access for field staff",
    "asks for on-site training",
    "prefers local hosting of data",
    "would like to go live within three months",
    "requires open interfaces",
]
ZH_CONCEPT = [
    "围绕{a}，需要{b}能力。",
    "重点解决{a}问题，兼顾{b}。",
    "{a}方面要实现{b}。",
    "现有{a}基础薄弱，拟建设{b}。",
    "产品提供{a}与{b}功能。",
    "以{a}为抓手推进{b}。",
]
EN_CONCEPT = [
    "We need {a} with {b}.",
    "The main gap is {a}; {b} would help.",
    "It offers {a} and {b}.",
    "Priority is {a}, followed by {b}.",
    "Existing {a} is weak, so {b} is planned.",
]
# Long-tail content (place names, products, local specifics) is simulated with words drawn from a
# pool of common characters / syllables, so that it rarely repeats between documents.
ZH_POOL = (
    "东南西北山水河湖桥港城镇乡村田园林茶稻麦桑蚕虾蟹鱼米果菜花竹石铁铜锡"
    "丝绸瓷纺织机电光伏化纤眼镜板材家具五金渔港盐碱滩涂圩垸塘坝闸渠沟"
)
EN_SYL = [
    "ka",
    "lo",
    "ven",
    "dar",
    "mi",
    "tor",
    "sel",
    "wen",
    "bri",
    "cas",
    "nor",
    "ty",
    "pha",
    "gen",
    "rol",
    "ux",
]


def _long_tail_zh(rng: random.Random) -> str:
    words = ["".join(rng.choice(ZH_POOL) for _ in range(rng.randint(2, 3))) for _ in range(rng.randint(2, 4))]
    return "，".join(words) + "。"


def _long_tail_en(rng: random.Random) -> str:
    names = ["".join(rng.choice(EN_SYL) for _ in range(rng.randint(2, 3))) for _ in range(rng.randint(2, 3))]
    return ", ".join(names) + "."


MATURITY = ["concept", "prototype", "pilot", "deployed", "scaled"]


def _pick_concepts(
    rng: random.Random, by_domain: dict[str, list[Concept]], all_c: list[Concept]
) -> tuple[str, list[Concept]]:
    domain = rng.choice(DOMAIN_CODES)
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
            roll = rng.random()
            if roll < 0.45:
                c = rng.choice(chosen)
                a, b = rng.choice([c.zh, *c.synonyms_zh]), rng.choice([c.zh, *c.synonyms_zh])
                parts.append(rng.choice(ZH_CONCEPT).format(a=a, b=b) if rng.random() < 0.3 else f"{a}、{b}，")
            elif roll < 0.9:
                parts.append(_long_tail_zh(rng))
            else:
                parts.append(f"{rng.choice(ZH_WHO)}{rng.choice(ZH_STATE)}，{rng.choice(ZH_WANT)}。")
        return title, tags, "".join(parts)
    title = " and ".join(c.en for c in chosen[:2]) + rng.choice([" platform", " system", " service", ""])
    tags = tuple(rng.choice([c.en, *c.synonyms_en]) for c in chosen)
    words: list[str] = []
    target = rng.randint(50, 110)
    while len(words) < target:
        roll = rng.random()
        if roll < 0.45:
            c = rng.choice(chosen)
            a, b = rng.choice([c.en, *c.synonyms_en]), rng.choice([c.en, *c.synonyms_en])
            words += (rng.choice(EN_CONCEPT).format(a=a, b=b) if rng.random() < 0.3 else f"{a}, {b},").split()
        elif roll < 0.9:
            words += _long_tail_en(rng).split()
        else:
            words += f"{rng.choice(EN_WHO)} {rng.choice(EN_STATE)} and {rng.choice(EN_WANT)}.".split()
    return title, tags, " ".join(words)


def generate(
    n_scenarios: int, n_solutions: int, concepts: list[Concept], regions: list[RegionInfo], seed: int = 7
) -> tuple[list[ScenarioDoc], list[SolutionDoc]]:
    """Reproducible synthetic catalogues (same seed, same documents)."""
    rng = random.Random(seed)
    by_domain = {d: [c for c in concepts if d in c.domains] for d in DOMAIN_CODES}
    counties = [r.code for r in regions if r.city_code] or [f"3201{i:02d}" for i in range(1, 90)]
    scenarios: list[ScenarioDoc] = []
    for i in range(n_scenarios):
        domain, text = _doc_text(rng, by_domain, concepts, zh_share=0.85)
        bmax = int(10 ** rng.uniform(5.3, 7.2))
        scenarios.append(
            ScenarioDoc(
                id=f"S{i:06d}",
                **text,
                domains=(domain,),
                budget_min=bmax // 3,
                budget_max=bmax,
                county_code=rng.choice(counties),
            )
        )
    solutions: list[SolutionDoc] = []
    for j in range(n_solutions):
        domain, text = _doc_text(rng, by_domain, concepts, zh_share=0.75)
        pmin = int(10 ** rng.uniform(4.5, 7.0))
        doms = (domain,) if rng.random() < 0.7 else (domain, rng.choice(DOMAIN_CODES))
        solutions.append(
            SolutionDoc(
                id=f"P{j:06d}",
                **text,
                domains=doms,
                price_min=pmin,
                price_max=pmin * 3,
                maturity=rng.choice(MATURITY),
                deployed_in=tuple(rng.sample(counties, k=min(len(counties), rng.randint(0, 5)))),
            )
        )
    return scenarios, solutions


def _doc_text(
    rng: random.Random, by_domain: dict[str, list[Concept]], concepts: list[Concept], zh_share: float
) -> tuple[str, dict[str, Any]]:
    """A document's domain and text fields (title, description, tags, language: Chinese with ``zh_share``)."""
    domain, chosen = _pick_concepts(rng, by_domain, concepts)
    lang = "zh" if rng.random() < zh_share else "en"
    title, tags, desc = _text(rng, chosen, lang)
    return domain, {"title": title, "description": desc, "tags": tags, "language": lang}


def _cpu_s() -> float:
    """CPU seconds of this process and its finished children (less sensitive to a busy machine)."""
    me = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0  # Linux reports KiB


def bare_product_seconds(index: MatchIndex) -> float:
    """The same blocked sparse product that ``recompute`` performs (larger side in row blocks of the
    same size times the other side transposed), densified block by block, and nothing else."""
    t0 = time.perf_counter()
    s_mat, p_mat = index._S, index._P
    big, small = (p_mat, s_mat) if p_mat.shape[0] >= s_mat.shape[0] else (s_mat, p_mat)
    other = small.T.tocsr()
    step = index.block_size or max(32, index.block_elems // other.shape[1])
    for start in range(0, big.shape[0], step):
        block = (big[start : start + step] @ other).toarray()
        del block
    return time.perf_counter() - t0


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scenarios", type=int, default=2000)
    parser.add_argument("--solutions", type=int, default=10000)
    parser.add_argument("--top", type=int, default=20)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--edits", type=int, default=7, help="refreshes timed in each direction")
    parser.add_argument(
        "--jobs",
        type=int,
        default=min(2, os.cpu_count() or 1),
        help="worker processes for featurisation (default: 2 where two cores exist)",
    )
    args = parser.parse_args(argv)

    concepts = load_concepts()
    regions = load_regions(DEFAULT_REGIONS)
    t0 = time.perf_counter()
    scenarios, solutions = generate(args.scenarios, args.solutions, concepts, regions, args.seed)
    elapsed = time.perf_counter() - t0
    print(f"generated {len(scenarios)} scenarios x {len(solutions)} solutions in {elapsed:.1f} s")

    rss_before = _rss_mb()
    cpu0 = _cpu_s()
    t0 = time.perf_counter()
    index = MatchIndex.fit(scenarios, solutions, concepts, regions, k=args.top, n_jobs=args.jobs)
    full_s = time.perf_counter() - t0
    full_cpu = _cpu_s() - cpu0
    peak_mb = _rss_mb()
    print(f"full fit (featurise with {args.jobs} process(es), score, top-{args.top} both ways): {full_s:.2f} s")
    print(f"peak RSS {peak_mb:.0f} MB (increase during fit {peak_mb - rss_before:.0f} MB)")

    t0, cpu0 = time.perf_counter(), _cpu_s()
    index.recompute()
    recompute_s, recompute_cpu = time.perf_counter() - t0, _cpu_s() - cpu0
    cpu0 = _cpu_s()
    bare_s = bare_product_seconds(index)
    bare_cpu = _cpu_s() - cpu0
    phases = index.fit_seconds
    feat, scoring = phases["featurise"], phases["score_top_k"]
    print(f"within the fit: featurisation {feat:.2f} s, score+top-k {scoring:.2f} s")
    print(f"again, separately: score+top-k pass {recompute_s:.2f} s; bare sparse product {bare_s:.2f} s")

    rng = random.Random(args.seed + 1)
    t_s: list[float] = []
    t_p: list[float] = []
    for _ in range(args.edits):
        s = scenarios[rng.randrange(len(scenarios))]
        edited_s = replace(
            s,
            description=s.description + " 新增需求：视频AI分析与物联网感知。",
            budget_max=(s.budget_max or 0) * 2,
        )
        t0 = time.perf_counter()
        index.refresh_scenario(edited_s)
        t_s.append(time.perf_counter() - t0)
        p = solutions[rng.randrange(len(solutions))]
        edited_p = replace(
            p,
            description=p.description + " Now with video analytics and IoT sensors.",
            price_min=(p.price_min or 0) // 2,
        )
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
        f"cpu seconds: full fit {full_cpu:.1f}, score+top-k pass {recompute_cpu:.1f}, "
        f"bare product {bare_cpu:.1f} (cpu ratio {recompute_cpu / bare_cpu:.2f}); "
        f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores"
    )
    print(
        f"full_s={full_s:.2f} peak_mb={_rss_mb():.0f} refresh_scenario_ms={refresh_s_ms:.1f} "
        f"refresh_solution_ms={refresh_p_ms:.1f} ratio={recompute_s / bare_s:.2f}"
    )


if __name__ == "__main__":
    main()
