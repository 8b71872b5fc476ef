"""Turn documents into sparse feature rows whose dot products are the linear part of the score.

Column layout of a feature row (width ``TEXT_DIM + n_concepts + 10``):

* ``[0, TEXT_DIM)``: hashed text terms (CJK bigrams, English stems), sub-linear TF x static IDF,
  generic stop terms dropped, at most ``weights.max_text_terms`` strongest terms kept,
  L2-normalised, times ``sqrt(weights.text)``;
* ``[TEXT_DIM, TEXT_DIM + GLOSS_DIM)``: hashed gloss stems (``vocabulary.bilingual``: CC-CEDICT glosses of
  the Chinese words, gloss stems of the English words), mass x static IDF over the dictionary, sub-linear,
  at most ``weights.max_text_terms`` kept, L2-normalised, times ``sqrt(weights.gloss)``; empty when
  ``weights.gloss`` is 0;
* ``[CONCEPT_OFFSET, CONCEPT_OFFSET + n_concepts)`` (``CONCEPT_OFFSET = TEXT_DIM + GLOSS_DIM``): concept
  pseudo-counts, sub-linear, damped for
  cross-domain concepts, L2-normalised, times ``sqrt(weights.concept)``;
* last 10 columns: domains. A scenario puts ``sqrt(w_domain) / n`` on each of its n domains, a
  solution puts ``sqrt(w_domain) * n ** -platform_damping`` on each of its n domains.

So ``scenario_row . solution_row == w_text * cos_text + w_gloss * cos_gloss + w_concept * cos_concept +
w_domain * domain_fit`` exactly, and the whole similarity is one sparse product. Maturity, track record and
budget are dense terms added in :mod:`matching.engine.scoring`.

Independence guarantee: a document's row depends only on that document, the vocabulary and the
weights. IDF is fitted on the vocabulary (each concept's labels and synonyms form one reference
document), never on the live collection, so adding, editing or removing any other document never
changes the score of a pair.
"""

from __future__ import annotations

import heapq
import math
import zlib
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from operator import itemgetter

import numpy as np
from numpy.typing import NDArray

from matching.engine.text import join_fields, stop_weight, term_list, text_terms
from matching.engine.weights import Weights
from vocabulary import DOMAIN_CODES, Concept, ConceptMatcher, normalize
from vocabulary.bilingual import GlossTable, load_glosses

TEXT_DIM = 1 << 20
"""Width of the hashed text block; collisions at 2**20 are negligible for postings of a few
hundred terms and keep the matrix width fixed whatever the collection grows to."""
GLOSS_DIM = 1 << 20
"""Width of the hashed gloss block (CC-CEDICT glosses have about 24,000 distinct stems)."""
CONCEPT_OFFSET = TEXT_DIM + GLOSS_DIM
EXPLAIN_WORDS = 12
"""How many of a document's strongest wording columns keep the word behind them, for explanations."""


def _gloss_col(stem: str) -> int:
    """Column of a gloss stem (CRC-32, stable across processes)."""
    return TEXT_DIM + (zlib.crc32(stem.encode("utf-8")) & (GLOSS_DIM - 1))


@dataclass(frozen=True, slots=True)
class DocVector:
    """Features of one document.

    ``indices`` are strictly increasing column numbers, ``values`` the matching float32 weights
    (already scaled by the square roots of the component weights). ``concepts`` maps concept codes
    to their normalised weight (for explanations); ``domains`` are declared or, if none were
    declared, inferred from the concepts.
    """

    indices: NDArray[np.int32]
    values: NDArray[np.float32]
    concepts: dict[str, float]
    domains: tuple[str, ...]
    forms: dict[str, str] | None = None
    """For each concept found in the text, the first form that matched (title, then tags, then description),
    as the vocabulary writes it: what a match reason quotes. Declared-only concepts have none."""
    words: tuple[tuple[int, str], ...] = ()
    """``(column, word)`` for the document's strongest text and gloss columns (at most :data:`EXPLAIN_WORDS`,
    by column): the word (a CJK bigram, an English stem or a dictionary word) that put weight there. What a
    "similar wording" reason quotes when two documents share no concept."""


class Featurizer:
    """Maps documents to :class:`DocVector`. Deterministic: the same inputs give the same vector in
    every process (hashing uses CRC-32, not Python's salted ``hash``)."""

    def __init__(self, concepts: Sequence[Concept], weights: Weights) -> None:
        self.weights = weights
        self.matcher = ConceptMatcher(concepts)
        self.concept_list: list[Concept] = list(concepts)
        self.concept_index: dict[str, int] = {c.code: i for i, c in enumerate(self.concept_list)}
        self.domain_offset = CONCEPT_OFFSET + len(self.concept_list)
        self.width = self.domain_offset + len(DOMAIN_CODES)
        self._concept_weight = [max(1, len(c.domains)) ** -weights.concept_domain_damping for c in self.concept_list]
        self._term_cache: dict[str, tuple[int, float]] = {}
        self._idf = self._vocabulary_idf()
        self._sqrt_text = math.sqrt(weights.text)
        self._sqrt_gloss = math.sqrt(weights.gloss)
        self.glosses: GlossTable | None = load_glosses() if weights.gloss > 0 else None
        self._gloss_key_cache: dict[str, tuple[tuple[int, float], ...]] = {}
        # Static weight of every gloss column: stems hashed to one column (a few hundred pairs at 2**20) share
        # it, the larger weight kept. Computed for all stems up front, so a vector never depends on which
        # documents a featuriser saw before (refresh = refit).
        self._gloss_col_weight: dict[int, float] = {}
        if self.glosses is not None:
            for stem, sw in self.glosses.weight.items():
                col = _gloss_col(stem)
                self._gloss_col_weight[col] = max(self._gloss_col_weight.get(col, 0.0), sw)
        self._sqrt_concept = math.sqrt(weights.concept)
        self._sqrt_domain = math.sqrt(weights.domain)

    def _vocabulary_idf(self) -> dict[str, float]:
        df: Counter[str] = Counter()
        for concept in self.concept_list:
            terms: set[str] = set()
            for form in concept.surface_forms():
                terms.update(text_terms(normalize(form)))
            df.update(terms)
        n = len(self.concept_list)
        top = math.log(n + 1) + 1.0
        # Scaled so that a term unseen in the vocabulary weighs 1 and the most common one least.
        return {t: (math.log((n + 1) / (d + 1)) + 1.0) / top for t, d in df.items()}

    def _term(self, term: str) -> tuple[int, float]:
        """(hashed column, static weight) of a text term, cached (bounded) across documents."""
        hit = self._term_cache.get(term)
        if hit is None:
            col = zlib.crc32(term.encode("utf-8")) & (TEXT_DIM - 1)
            hit = (col, self._idf.get(term, 1.0) * stop_weight(term))
            if len(self._term_cache) < 1_000_000:
                self._term_cache[term] = hit
        return hit

    def vectorize(
        self,
        title: str,
        tags: Sequence[str],
        description: str,
        declared_capabilities: Sequence[str] = (),
        declared_domains: Sequence[str] = (),
        side: str = "scenario",
    ) -> DocVector:
        """Vector of one document; ``side`` ("scenario" or "solution") only changes the domain block."""
        w = self.weights
        # Field weights are repetition counts: each field is scanned once and its term and concept
        # lists are repeated before one C-level Counter pass (merging counts in Python loops was
        # measured several times slower).
        terms: list[str] = []
        hits: list[str] = []
        gloss_keys: list[str] = []
        forms: dict[str, str] = {}
        glosses = self.glosses
        for text, times in (
            (title, w.title_weight),
            (join_fields(tags), w.tags_weight),
            (description, w.description_weight),
        ):
            norm = normalize(text) if times else ""
            if norm:
                terms.extend(term_list(norm) * times)
                found = self.matcher.code_forms(norm)
                for code, form in found:
                    if code not in forms:
                        forms[code] = form
                hits.extend([code for code, _ in found] * times)
                if glosses is not None:
                    gloss_keys.extend(glosses.keys(norm) * times)
        tf = Counter(terms)
        counts: dict[str, float] = dict(Counter(hits))
        for code in declared_capabilities:
            if code in self.concept_index:
                counts[code] = counts.get(code, 0.0) + w.declared_capability_count

        text_cols: dict[int, float] = {}
        word_of: dict[int, str] = {}
        cache = self._term_cache
        log1p = math.log1p
        for term, f in tf.items():
            hit = cache.get(term)
            col, static = hit if hit is not None else self._term(term)
            if static > 0.0:
                text_cols[col] = text_cols.get(col, 0.0) + log1p(f) * static
                word_of.setdefault(col, term)
        if len(text_cols) > w.max_text_terms:
            # Weak terms add little to a cosine but make the similarity product dense and slow.
            strongest = sorted(text_cols.items(), key=lambda kv: (-kv[1], kv[0]))[: w.max_text_terms]
            text_cols = dict(strongest)
        concept_vals: dict[str, float] = {
            code: math.log1p(c) * self._concept_weight[self.concept_index[code]]
            for code, c in counts.items()
            if c > 0.0
        }

        cols: list[int] = []
        vals: list[float] = []
        tnorm = math.sqrt(sum(v * v for v in text_cols.values()))
        if tnorm > 0:
            for col in sorted(text_cols):
                cols.append(col)
                vals.append(self._sqrt_text * text_cols[col] / tnorm)
        if glosses is not None and gloss_keys:
            # Count the words first (one C-level pass), then spread each distinct word over its stems' columns.
            mass_by_col: dict[int, float] = {}
            best_key: dict[int, float] = {}
            key_cache = self._gloss_key_cache
            for key, count in Counter(gloss_keys).items():
                pairs = key_cache.get(key)
                if pairs is None:
                    pairs = self._gloss_pairs(key)
                for col, mass in pairs:
                    m = mass * count
                    mass_by_col[col] = mass_by_col.get(col, 0.0) + m
                    if m > best_key.get(col, 0.0):
                        best_key[col] = m
                        word_of[col] = key
            col_weight = self._gloss_col_weight
            gloss_cols = {col: log1p(m) * col_weight[col] for col, m in mass_by_col.items()}
            if len(gloss_cols) > w.max_gloss_terms:
                # Ties keep their first-seen order (deterministic for a given text).
                gloss_cols = dict(heapq.nlargest(w.max_gloss_terms, gloss_cols.items(), key=itemgetter(1)))
            gnorm = math.sqrt(sum(v * v for v in gloss_cols.values()))
            if gnorm > 0:
                for col in sorted(gloss_cols):
                    cols.append(col)
                    vals.append(self._sqrt_gloss * gloss_cols[col] / gnorm)
        cnorm = math.sqrt(sum(v * v for v in concept_vals.values()))
        concepts: dict[str, float] = {}
        if cnorm > 0:
            concepts = {code: v / cnorm for code, v in concept_vals.items()}
            for code in sorted(concepts, key=self.concept_index.__getitem__):
                cols.append(CONCEPT_OFFSET + self.concept_index[code])
                vals.append(self._sqrt_concept * concepts[code])

        domains = tuple(d for d in dict.fromkeys(declared_domains) if d in DOMAIN_CODES)
        if not domains:
            domains = self._infer_domains(concepts)
        if domains and self._sqrt_domain > 0:
            n = len(domains)
            value = 1.0 / n if side == "scenario" else n**-w.platform_damping
            for d in sorted(domains, key=DOMAIN_CODES.index):
                cols.append(self.domain_offset + DOMAIN_CODES.index(d))
                vals.append(self._sqrt_domain * value)
        n_wording = len(cols) - len(concepts) - (len(domains) if domains and self._sqrt_domain > 0 else 0)
        explained = sorted(heapq.nlargest(EXPLAIN_WORDS, range(n_wording), key=vals.__getitem__))
        words = [(cols[i], word_of[cols[i]]) for i in explained]
        if glosses is not None and any(col >= TEXT_DIM and word.isascii() for col, word in words):
            # A gloss key of an English word is its stem ("monit"): quote a word of the text that gives it.
            typed: dict[str, str] = {}
            for term in tf:
                if term.isascii():
                    stem = glosses.stem(term)
                    if stem is not None:
                        typed.setdefault(stem, term)
            words = [(col, typed.get(word, word) if col >= TEXT_DIM else word) for col, word in words]
        return DocVector(
            np.asarray(cols, dtype=np.int32),
            np.asarray(vals, dtype=np.float32),
            concepts,
            domains,
            {code: form for code, form in forms.items() if code in concepts} or None,
            tuple(words),
        )

    def _gloss_pairs(self, key: str) -> tuple[tuple[int, float], ...]:
        """``(column, mass)`` pairs of one gloss key (a Chinese word or an English gloss stem), cached."""
        if self.glosses is None:
            return ()
        pairs = tuple((_gloss_col(stem), mass) for stem, mass in self.glosses.pairs(key))
        if len(self._gloss_key_cache) < 1_000_000:
            self._gloss_key_cache[key] = pairs
        return pairs

    def _infer_domains(self, concepts: dict[str, float]) -> tuple[str, ...]:
        mass: dict[str, float] = {}
        for code, v in concepts.items():
            doms = self.concept_list[self.concept_index[code]].domains
            for d in doms:
                mass[d] = mass.get(d, 0.0) + v / len(doms)
        if not mass:
            return ()
        best = max(mass.values())
        return tuple(d for d in DOMAIN_CODES if mass.get(d, 0.0) >= 0.5 * best)
