"""Tokenisation for the engine's text features (CJK bigrams, English word stems, stop terms).

Normalisation itself (full-width, case, traditional characters, stemming) is the vocabulary package's
:func:`vocabulary.normalize`: the text features and the concept matcher see the same normalised string.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable

_CJK = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_ASCII_WORD = re.compile(r"[a-z0-9]+")
_CJK_RUN = re.compile(rf"[{_CJK}]+")


# Generic words and character pairs that carry no capability information in postings of this kind.
# They are dropped from text vectors: they carry no signal and make similarity products dense.
STOP_WORDS_EN = frozenset(
    """
    a an the and or of to in on for with by from at as is are was were be been being this that these
    those it its our we us you your their they them which who whom what when where how than then so such
    can could will would should may might must shall do does did done have has had not no nor but if
    into over under about across per via up out also more most other any all each every both few many
    much some own same very just only new use used using uses based provide provides provided support
    supports supported including include includes within without while well need needs system solution
    platform service management county counties jiangsu project current currently existing looking help
    helps make makes one two three year years day days time local office bureau government department
    staff work working able across like want
    """.split()  # noqa: SIM905 - a word list reads better as text
)
STOP_BIGRAMS_ZH = frozenset(
    """
    系统 平台 管理 建设 实现 提供 服务 数据 智能 智慧 县域 全县 我县 本县 目前 希望 需要
    进行 通过 支持 功能 能力 提升 问题 存在 主要 相关 工作 信息 技术 应用 解决 方案 项目
    部门 以及 一体 体化 可以 已经 实时 能够 同时 其中 并且 采用 利用 基于 形成 推进 加强
    落实 开展 有效 逐步 不断 及时 精准 全面 统一 综合 一个 多个 我们 要求 用户 产品 面向
    具备 包括 覆盖 全市 市级 县级 乡镇 镇村 村级 城乡 各类 日常 人员 单位 机构 业务 流程
    情况 方面 水平 效率 质量 能力 资源 体系 模式 机制 建立 完善 打造 构建 拟建 建成 引入
    依靠 主要 较多 较大 较高 不足 缺乏 难以 无法 不能 导致 造成 约个 余个 万元 以上 以下
    左右 每年 年度 全年 一年 成本 降低 提高 增加 减少 平均 已在 多家 一次 一键 一张 目标
    场景 数字 数字化 化管 理平 台系 统一 务平 服平
    """.split()  # noqa: SIM905 - a word list reads better as text
)


def ascii_words(normalized: str) -> list[str]:
    """ASCII word tokens of an already normalised string, in order."""
    return _ASCII_WORD.findall(normalized)


def cjk_ngrams(normalized: str, n: int = 2) -> list[str]:
    """Overlapping CJK character n-grams of an already normalised string.

    Runs shorter than ``n`` (isolated characters such as 等, 个, 处) are dropped as noise, unless
    the text has no longer run at all, so that a one-character text is not empty.
    """
    runs = _CJK_RUN.findall(normalized)
    grams = [run[i : i + n] for run in runs for i in range(len(run) - n + 1)]
    if not grams:
        grams = [run for run in runs if run]
    return grams


def term_list(normalized: str) -> list[str]:
    """Text features of a normalised string, in order: CJK bigrams, then ASCII word stems (single
    letters dropped). CJK n-grams and ASCII words are distinct strings by construction (different
    alphabets), so they share one key space without prefixes."""
    terms = cjk_ngrams(normalized)
    terms.extend(w for w in ascii_words(normalized) if len(w) > 1 or w.isdigit())
    return terms


def text_terms(normalized: str) -> Counter[str]:
    """Bag of :func:`term_list`."""
    return Counter(term_list(normalized))


def stop_weight(term: str) -> float:
    """0 for generic terms produced by :func:`text_terms` (they are dropped), 1 otherwise."""
    return 0.0 if term in STOP_WORDS_EN or term in STOP_BIGRAMS_ZH else 1.0


def join_fields(fields: Iterable[str]) -> str:
    """Join raw text fields with a separator that cannot form an n-gram or phrase across fields."""
    return " | ".join(f for f in fields if f)
