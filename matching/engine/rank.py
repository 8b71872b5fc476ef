"""The match index: fit once, read top-k lists both ways, refresh single documents cheaply.

Scale design: scores are computed in row blocks of the larger side (about 2**23 float32 scores per
block) against the whole other side, from one sparse product plus a few vectorised dense terms.
Each block row's top list is selected exactly (threshold prefilter + sort of a few hundred
candidates); the other side's lists are merged block by block, admitting only entries above the
list's current lowest score. Memory is ``O(block)``, and no Python loop runs over pairs.

Incremental updates keep, for every owner (a scenario's list of solutions, a solution's list of
scenarios), a buffer of the best ``k + margin`` candidates plus a threshold ``t``: every candidate
whose score is above ``t`` is in the buffer. Editing one document rescores its row or column exactly
(one sparse mat-vec) and patches the other side's buffers; a buffer whose guaranteed part falls below
``k`` entries is recomputed exactly. Returned lists therefore always equal a full recompute.

Ordering guarantee: lists are sorted by descending score, ties broken by ascending id.
"""

from __future__ import annotations

import multiprocessing
import time
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from typing import Any

import numpy as np
import scipy.sparse as sp
from numpy.typing import NDArray

from matching.engine.features import CONCEPT_OFFSET, TEXT_DIM, DocVector, Featurizer
from matching.engine.scoring import (
    RegionTable,
    ScenarioArrays,
    SolutionArrays,
    apply_budget,
    budget_ratio,
    prior_matrix,
    track_count,
)
from matching.engine.types import RankedItem, Reason, RegionInfo, ScenarioDoc, SolutionDoc
from matching.engine.weights import DEFAULT_WEIGHTS, Weights
from vocabulary import Concept


class _TopK:
    """Best ``cap`` candidates per owner with the threshold invariant described in the module doc."""

    def __init__(self, n_owners: int, cap: int) -> None:
        self.cap = cap
        self.idx = np.full((n_owners, cap), -1, dtype=np.int64)
        self.score = np.full((n_owners, cap), -np.inf, dtype=np.float32)
        self.thresh = np.full(n_owners, -np.inf, dtype=np.float32)

    def grow(self, n_owners: int) -> None:
        extra = n_owners - self.idx.shape[0]
        if extra > 0:
            self.idx = np.concatenate([self.idx, np.full((extra, self.cap), -1, np.int64)])
            self.score = np.concatenate([self.score, np.full((extra, self.cap), -np.inf, np.float32)])
            self.thresh = np.concatenate([self.thresh, np.full(extra, -np.inf, np.float32)])

    def set_exact(self, owner: int, scores: NDArray[np.float32], ids: Sequence[str]) -> None:
        """Replace one owner's buffer from its full score vector over all candidates.

        Among candidates tied at the cut the smallest ids are kept, so the buffer holds the true
        top ``cap`` under the (score desc, id asc) order.
        """
        n = scores.shape[0]
        take = min(self.cap, n)
        self.idx[owner] = -1
        self.score[owner] = -np.inf
        if take == 0:
            self.thresh[owner] = -np.inf
            return
        if take < n:
            cut = np.partition(-scores, take)[take]  # minus the (take+1)-th best score
            pool = np.nonzero(-scores <= cut)[0]  # everything at least as good, ties included
            order = sorted(pool.tolist(), key=lambda c: (-scores[c], ids[c]))
            self.thresh[owner] = scores[order[take]]
            part = np.asarray(order[:take], dtype=np.int64)
        else:
            part = np.arange(n)
            self.thresh[owner] = -np.inf
        self.idx[owner, :take] = part
        self.score[owner, :take] = scores[part]

    def merge_block(self, cand_idx: NDArray[np.int64], cand_score: NDArray[np.float32]) -> None:
        """Merge candidates given per owner (shape owners x m) into all buffers (fit-time path)."""
        idx = np.concatenate([self.idx, cand_idx], axis=1)
        score = np.concatenate([self.score, cand_score], axis=1)
        m = score.shape[1]
        if m <= self.cap:
            self.idx[:, :m], self.score[:, :m] = idx, score
            return
        part = np.argpartition(-score, self.cap, axis=1)
        rows = np.arange(score.shape[0])[:, None]
        keep = part[:, : self.cap]
        # The best candidate left out bounds everything not kept from above.
        left = score[rows, part[:, self.cap :]].max(axis=1)
        self.thresh = np.maximum(self.thresh, left)
        self.idx = idx[rows, keep]
        self.score = score[rows, keep]

    def merge_entries(self, owners: NDArray[np.int64], cands: NDArray[np.int64], scores: NDArray[np.float32]) -> None:
        """Merge a sparse list of (owner, candidate, score) entries into the buffers.

        Cost is O(m log m) in the number of entries plus the touched buffers, independent of the
        total number of owners, which is what makes late blocks of a full recompute cheap.
        """
        if owners.size == 0:
            return
        cap = self.cap
        touched = np.unique(owners)
        old_i = self.idx[touched].ravel()
        old_s = self.score[touched].ravel()
        old_o = np.repeat(touched, cap)
        valid = old_i >= 0
        o = np.concatenate([old_o[valid], owners])
        c = np.concatenate([old_i[valid], cands])
        v = np.concatenate([old_s[valid], scores])
        # One float64 key sorts by owner, then by descending score: scores lie in [0, 1], so
        # 4*owner + (1 - score) never crosses into the next owner's range, and float64 resolves
        # far finer than the float32 scores differ.
        order = np.argsort(4.0 * o + (1.0 - v.astype(np.float64)))
        o, c, v = o[order], c[order], v[order]
        boundaries = np.flatnonzero(np.diff(o)) + 1
        starts = np.concatenate([[0], boundaries])
        sizes = np.diff(np.concatenate([starts, [o.size]]))
        rank = np.arange(o.size) - np.repeat(starts, sizes)
        keep = rank < cap
        self.idx[touched] = -1
        self.score[touched] = -np.inf
        self.idx[o[keep], rank[keep]] = c[keep]
        self.score[o[keep], rank[keep]] = v[keep]
        first_out = rank == cap  # the best entry left out of each overflowing owner
        np.maximum.at(self.thresh, o[first_out], v[first_out])

    def fill_fresh(
        self, first_owner: int, rows: NDArray[np.int64], cands: NDArray[np.int64], scores: NDArray[np.float32]
    ) -> None:
        """Fill the (empty) buffers of owners ``first_owner + rows`` from row-sorted entries, as
        returned by ``np.nonzero`` on a block: pad per row, then one vectorised partition."""
        if rows.size == 0:
            return
        cap = self.cap
        n_rows = int(rows[-1]) + 1
        counts = np.bincount(rows, minlength=n_rows)
        starts = np.concatenate([[0], np.cumsum(counts)[:-1]])
        rank = np.arange(rows.size) - np.repeat(starts, counts)
        width = int(counts.max())
        pad_s = np.full((n_rows, width), -np.inf, dtype=np.float32)
        pad_c = np.full((n_rows, width), -1, dtype=np.int64)
        pad_s[rows, rank] = scores
        pad_c[rows, rank] = cands
        owners = slice(first_owner, first_owner + n_rows)
        if width > cap:
            part = np.argpartition(-pad_s, cap, axis=1)
            line = np.arange(n_rows)[:, None]
            keep = part[:, :cap]
            self.thresh[owners] = pad_s[line, part[:, cap:]].max(axis=1)
            self.idx[owners] = pad_c[line, keep]
            self.score[owners] = pad_s[line, keep]
        else:
            self.idx[owners, :width] = pad_c
            self.score[owners, :width] = pad_s

    def fill_level(self) -> NDArray[np.float32]:
        """Per owner, the lowest buffered score if the buffer is full, else -inf: a candidate must
        beat it to enter."""
        full = self.idx[:, -1] >= 0
        return np.where(full, self.score.min(axis=1), -np.inf).astype(np.float32)

    def update_candidate(self, cand: int, scores: NDArray[np.float32]) -> NDArray[np.intp]:
        """Candidate ``cand`` now scores ``scores[o]`` for every owner ``o``; returns the owners whose
        buffer can no longer guarantee ``need`` entries (to be recomputed by the caller)."""
        n = scores.shape[0]
        idx, score = self.idx[:n], self.score[:n]
        hit = idx == cand
        score[hit] = -np.inf
        idx[hit] = -1
        thresh = self.thresh[:n]
        better = scores > thresh
        rows = np.nonzero(better)[0]
        if rows.size:
            slot = np.argmin(score[rows], axis=1)
            evicted = score[rows, slot]
            accept = scores[rows] > evicted
            r_acc, s_acc = rows[accept], slot[accept]
            # An evicted real candidate raises the threshold to its score.
            self.thresh[r_acc] = np.maximum(self.thresh[r_acc], evicted[accept])
            idx[r_acc, s_acc] = cand
            score[r_acc, s_acc] = scores[r_acc]
            r_rej = rows[~accept]
            self.thresh[r_rej] = np.maximum(self.thresh[r_rej], scores[r_rej])
        return np.nonzero(better | hit.any(axis=1))[0]

    def guaranteed(self, owners: NDArray[np.intp]) -> NDArray[np.int64]:
        counts: NDArray[np.int64] = (self.score[owners] > self.thresh[owners, None]).sum(axis=1, dtype=np.int64)
        return counts

    def ranked(self, owner: int, k: int, ids: Sequence[str], exact: bool = False) -> list[tuple[int, float]] | None:
        """The owner's best ``k`` as (candidate, score), or None if a tie with a candidate outside
        the buffer could change the answer (the caller then rescores the owner exactly). ``exact``
        says the buffer was just rebuilt by :meth:`set_exact`, whose tie-break is already by id."""
        valid = self.idx[owner] >= 0
        pairs = [(int(i), float(s)) for i, s in zip(self.idx[owner][valid], self.score[owner][valid], strict=True)]
        pairs.sort(key=lambda p: (-p[1], ids[p[0]]))
        thresh = float(self.thresh[owner])
        if not exact and thresh != -np.inf and (len(pairs) < k or pairs[k - 1][1] <= thresh):
            return None
        return pairs[:k]


_WORKER_FEATURIZER: list[Featurizer] = []


def _init_worker(featurizer: Featurizer) -> None:
    _WORKER_FEATURIZER[:] = [featurizer]


def _vectorize_chunk(
    fields: list[tuple[str, tuple[str, ...], str, tuple[str, ...], tuple[str, ...], str]],
) -> list[DocVector]:
    featurizer = _WORKER_FEATURIZER[0]
    return [featurizer.vectorize(t, g, d, c, dom, side=side) for t, g, d, c, dom, side in fields]


def _replace_row(mat: sp.csr_matrix, row: int, vec: DocVector) -> sp.csr_matrix:
    """Return ``mat`` with ``row`` replaced (or appended when ``row == mat.shape[0]``), O(nnz) memcpy."""
    start, end = (mat.indptr[row], mat.indptr[row + 1]) if row < mat.shape[0] else (mat.nnz, mat.nnz)
    data = np.concatenate([mat.data[:start], vec.values, mat.data[end:]])
    indices = np.concatenate([mat.indices[:start], vec.indices.astype(mat.indices.dtype), mat.indices[end:]])
    delta = vec.values.shape[0] - (end - start)
    if row < mat.shape[0]:
        indptr = mat.indptr.copy()
        indptr[row + 1 :] += delta
        shape = mat.shape
    else:
        indptr = np.append(mat.indptr, mat.indptr[-1] + delta)
        shape = (mat.shape[0] + 1, mat.shape[1])
    return sp.csr_matrix((data, indices, indptr), shape=shape)


def _stack(vectors: Sequence[DocVector], width: int) -> sp.csr_matrix:
    indptr = np.zeros(len(vectors) + 1, dtype=np.int64)
    indptr[1:] = np.cumsum([v.indices.shape[0] for v in vectors])
    if vectors:
        indices = np.concatenate([v.indices for v in vectors])
        data = np.concatenate([v.values for v in vectors])
    else:
        indices = np.zeros(0, np.int32)
        data = np.zeros(0, np.float32)
    return sp.csr_matrix((data, indices, indptr), shape=(len(vectors), width))


@dataclass(frozen=True, slots=True)
class _Meta:
    """What explanations need about a document beyond its vector."""

    language: str
    county: str | None
    money: int | None  # scenario: budget_max; solution: price_min
    deployed_in: tuple[str, ...]
    maturity: str | None
    money_high: int | None = None  # solution: price_max (a budget fit is "within" only if the whole range is)


class MatchIndex:
    """Fitted scores and top-k lists for a set of scenarios and solutions.

    Build with :meth:`fit`. All scores are floats in [0, 1]. ``k`` is the longest list the index
    keeps; queries may ask for any ``k' <= k``. Not thread-safe for concurrent refreshes.
    """

    def __init__(
        self,
        concepts: Sequence[Concept],
        regions: Sequence[RegionInfo] = (),
        weights: Weights = DEFAULT_WEIGHTS,
        k: int = 20,
        margin: int | None = None,
        block_size: int | None = None,
        block_elems: int = 1 << 23,
    ) -> None:
        if k < 1:
            raise ValueError("k must be at least 1")
        self.weights = weights
        self.k = k
        self.cap = k + (margin if margin is not None else max(8, k))
        self.block_size = block_size
        self.block_elems = block_elems
        self.featurizer = Featurizer(concepts, weights)
        self.concepts = {c.code: c for c in concepts}
        self.regions = RegionTable(regions)
        self.scenario_ids: list[str] = []
        self.solution_ids: list[str] = []
        self._s_row: dict[str, int] = {}
        self._p_row: dict[str, int] = {}
        self._s_vec: list[DocVector] = []
        self._p_vec: list[DocVector] = []
        self._s_meta: list[_Meta] = []
        self._p_meta: list[_Meta] = []
        self._S = _stack([], self.featurizer.width)
        self._P = _stack([], self.featurizer.width)
        self._sa = ScenarioArrays()
        self._pa = SolutionArrays(self.regions)
        self.fit_seconds: dict[str, float] = {}
        """Wall time of the phases of the last :meth:`fit` (``featurise``, ``score_top_k``)."""
        self._rows = _TopK(0, self.cap)  # owner = scenario, candidates = solutions
        self._cols = _TopK(0, self.cap)  # owner = solution, candidates = scenarios

    # ------------------------------------------------------------------ building
    @classmethod
    def fit(
        cls,
        scenarios: Iterable[ScenarioDoc],
        solutions: Iterable[SolutionDoc],
        concepts: Sequence[Concept],
        regions: Sequence[RegionInfo] = (),
        weights: Weights = DEFAULT_WEIGHTS,
        k: int = 20,
        block_size: int | None = None,
        margin: int | None = None,
        n_jobs: int = 1,
    ) -> MatchIndex:
        """Vectorise all documents and compute both top-k directions. Duplicate ids: last one wins.

        ``margin`` extra candidates per list (default ``max(8, k)``) let refreshes patch lists
        without rescoring them; a smaller margin only means more exact repairs. ``block_size``
        (rows of the larger side per block) defaults to about 2**23 scores (32 MB) per block.
        ``n_jobs > 1`` vectorises documents in that many forked worker processes (pure-Python
        text processing is the slowest part of a large fit); results are identical.
        """
        index = cls(concepts, regions, weights, k=k, margin=margin, block_size=block_size)
        t0 = time.perf_counter()
        scenarios, solutions = list(scenarios), list(solutions)
        s_vecs = index._vectorize_many(scenarios, "scenario", n_jobs)
        p_vecs = index._vectorize_many(solutions, "solution", n_jobs)
        for s, sv in zip(scenarios, s_vecs, strict=True):
            index._put_scenario(s, sv)
        for p, pv in zip(solutions, p_vecs, strict=True):
            index._put_solution(p, pv)
        index._S = _stack(index._s_vec, index.featurizer.width)
        index._P = _stack(index._p_vec, index.featurizer.width)
        t1 = time.perf_counter()
        index.recompute()
        index.fit_seconds = {"featurise": t1 - t0, "score_top_k": time.perf_counter() - t1}
        return index

    def _vectorize_many(
        self, docs: Sequence[ScenarioDoc] | Sequence[SolutionDoc], side: str, n_jobs: int
    ) -> list[DocVector | None]:
        if n_jobs <= 1 or len(docs) < 2000:
            return [None] * len(docs)
        fields = [(d.title, d.tags, d.description, d.capabilities, d.domains, side) for d in docs]
        chunk = -(-len(fields) // (4 * n_jobs))
        ctx = multiprocessing.get_context("fork")
        with ProcessPoolExecutor(n_jobs, mp_context=ctx, initializer=_init_worker, initargs=(self.featurizer,)) as pool:
            parts = pool.map(_vectorize_chunk, [fields[i : i + chunk] for i in range(0, len(fields), chunk)])
            return [v for part in parts for v in part]

    def _put_scenario(self, doc: ScenarioDoc, vec: DocVector | None = None) -> int:
        if vec is None:
            vec = self.featurizer.vectorize(doc.title, doc.tags, doc.description, doc.capabilities, doc.domains)
        row = self._s_row.get(doc.id)
        if row is None:
            row = len(self.scenario_ids)
            self._s_row[doc.id] = row
            self.scenario_ids.append(doc.id)
            self._s_vec.append(vec)
            self._s_meta.append(_Meta(doc.language, doc.county_code, doc.budget_max, (), None))
        else:
            self._s_vec[row] = vec
            self._s_meta[row] = _Meta(doc.language, doc.county_code, doc.budget_max, (), None)
        self._sa.set(row, doc.budget_max, self.regions.locate(doc.county_code))
        return row

    def _put_solution(self, doc: SolutionDoc, vec: DocVector | None = None) -> int:
        if vec is None:
            vec = self.featurizer.vectorize(
                doc.title, doc.tags, doc.description, doc.capabilities, doc.domains, side="solution"
            )
        row = self._p_row.get(doc.id)
        meta = _Meta(doc.language, None, doc.price_min, tuple(doc.deployed_in), doc.maturity, doc.price_max)
        if row is None:
            row = len(self.solution_ids)
            self._p_row[doc.id] = row
            self.solution_ids.append(doc.id)
            self._p_vec.append(vec)
            self._p_meta.append(meta)
        else:
            self._p_vec[row] = vec
            self._p_meta[row] = meta
        w = self.weights
        prior = w.maturity_prior.get(doc.maturity or "", w.unknown_maturity)
        self._pa.set(row, doc.price_min, prior, doc.deployed_in)
        return row

    # ------------------------------------------------------------------ scoring
    def _combine(
        self,
        similarity: NDArray[np.floating[Any]],
        si: slice | NDArray[np.intp],
        pj: slice | NDArray[np.intp],
        prior_rows: NDArray[np.float32] | None = None,
    ) -> NDArray[np.float32]:
        """Final scores from the similarity product (dense, scenarios ``si`` x solutions ``pj``).

        Used for single rows, columns and pairs; a full recompute applies the same terms blockwise.
        """
        out: NDArray[np.float32] = np.array(similarity, dtype=np.float32)
        if prior_rows is None:
            table, inverse = np.unique(self._sa.loc[si], axis=0, return_inverse=True)
            prior_rows = prior_matrix(table, self._pa, pj, self.weights)[inverse.reshape(-1)]
        out += prior_rows
        apply_budget(out, self._sa.log_budget[si], self._pa.log_price[pj], self.weights)
        np.clip(out, 0.0, 1.0, out=out)
        return out

    def recompute(self) -> None:
        """Full recompute of both top-k directions from the current documents.

        Blocks run over the larger side (usually solutions), so that the side whose lists are merged
        across blocks is the smaller one. The other side is permuted by money (budget or price) so
        that, within a block row, the over-budget pairs form two contiguous column ranges and the
        budget factor costs two slice multiplications per row instead of a pass over the block.
        """
        n_s, n_p = len(self.scenario_ids), len(self.solution_ids)
        self._rows = _TopK(n_s, self.cap)
        self._cols = _TopK(n_p, self.cap)
        if n_s == 0 or n_p == 0:
            return
        # The maturity/track prior depends on a scenario only through its location: compute it once
        # per distinct location (a few hundred at most) and gather per block.
        table, inverse = np.unique(self._sa.loc[:n_s], axis=0, return_inverse=True)
        inverse = inverse.reshape(-1)
        prior = prior_matrix(table, self._pa, slice(0, n_p), self.weights)  # (locations, n_p)
        log_budget = self._sa.log_budget[:n_s]
        log_price = self._pa.log_price[:n_p]
        w = self.weights
        full_factor = np.float32(1.0 - w.budget_penalty)

        if n_p >= n_s:
            perm = np.argsort(log_budget, kind="stable")  # scenarios, ascending budget
            other = self._S[perm].T.tocsr()
            prior_t = np.ascontiguousarray(prior.T)
            loc_perm = inverse[perm]
            money = log_budget[perm]
            mine, theirs, blocked = self._cols, self._rows, self._P
        else:
            perm = np.argsort(log_price, kind="stable")  # solutions, ascending price
            other = self._P[perm].T.tocsr()
            money = log_price[perm]
            mine, theirs, blocked = self._rows, self._cols, self._S
        n_block_side = blocked.shape[0]
        step = self.block_size or max(32, self.block_elems // other.shape[1])
        for start in range(0, n_block_side, step):
            stop = min(start + step, n_block_side)
            out = (blocked[start:stop] @ other).toarray()
            if out.dtype != np.float32:
                out = out.astype(np.float32)
            if n_p >= n_s:
                out += prior_t[start:stop][:, loc_perm]
                if w.budget_penalty > 0:
                    lps = log_price[start:stop]
                    # Scenarios with log2(budget) < lp - 1 are at least 2x under the price.
                    starts = np.searchsorted(money, lps - 1.0, "left")
                    stops = np.searchsorted(money, lps, "left")
                    for r in np.flatnonzero(stops > 0):
                        a, b = starts[r], stops[r]
                        out[r, :a] *= full_factor
                        if b > a:
                            out[r, a:b] *= self._ramp(lps[r] - money[a:b])
            else:
                out += prior[inverse[start:stop]][:, perm]
                if w.budget_penalty > 0:
                    lbs = log_budget[start:stop]
                    starts = np.searchsorted(money, lbs, "right")
                    stops = np.searchsorted(money, lbs + 1.0, "right")
                    n_cols = out.shape[1]
                    for r in np.flatnonzero(starts < n_cols):
                        a, b = starts[r], stops[r]
                        if b > a:
                            out[r, a:b] *= self._ramp(money[a:b] - lbs[r])
                        out[r, b:] *= full_factor
            np.clip(out, 0.0, 1.0, out=out)
            r_idx, c_idx = self._candidates_per_row(out)
            mine.fill_fresh(start, r_idx, perm[c_idx], out[r_idx, c_idx])
            self._merge_columns(theirs, out, start, perm)

    def _ramp(self, excess: NDArray[np.float64]) -> NDArray[np.float32]:
        """Budget factor for 0 < log2(price / budget) <= 1 (see :func:`scoring.apply_budget`)."""
        w = self.weights
        pen = w.budget_penalty * (w.budget_soft_start + (1.0 - w.budget_soft_start) * np.minimum(excess, 1.0))
        return (1.0 - pen).astype(np.float32)

    def _candidates_per_row(self, block: NDArray[np.float32]) -> tuple[NDArray[np.int64], NDArray[np.int64]]:
        """Entries that may belong to their row's top ``cap`` (a superset with ``cap + 1`` or more)."""
        n = block.shape[1]
        cap = self.cap
        if n <= 4 * (cap + 1):
            r, c = np.nonzero(np.ones_like(block, dtype=bool))
        else:
            # The (cap+1)-th best of a strided sample is a lower bound of the row's (cap+1)-th best,
            # so every entry of the true top list passes, and only a few hundred others do.
            sample = block[:, :: max(2, n // (16 * (cap + 1)))]
            kth = sample.shape[1] - (cap + 1)
            bound = np.partition(sample, kth, axis=1)[:, kth]
            r, c = np.nonzero(block >= bound[:, None])
        return r.astype(np.int64), c.astype(np.int64)

    def _merge_columns(self, topk: _TopK, block: NDArray[np.float32], start: int, perm: NDArray[np.intp]) -> None:
        """Merge a block's columns into the column owners' buffers (owner of column c is perm[c])."""
        level = topk.fill_level()[perm]
        mask = block > level[None, :]
        if int(np.count_nonzero(mask)) > block.size // 8:
            # Early blocks: most entries still qualify; a dense partition per column is cheaper.
            b = block.shape[0]
            cols = np.arange(block.shape[1])[None, :]
            if b > self.cap:
                part = np.argpartition(-block, self.cap, axis=0)
                keep = part[: self.cap]
                left = np.full(topk.thresh.shape, -np.inf, dtype=np.float32)
                left[perm] = block[part[self.cap :], cols].max(axis=0)
                np.maximum(topk.thresh, left, out=topk.thresh)
            else:
                keep = np.broadcast_to(np.arange(b)[:, None], block.shape)
            cand_idx = np.empty((block.shape[1], keep.shape[0]), dtype=np.int64)
            cand_score = np.empty((block.shape[1], keep.shape[0]), dtype=np.float32)
            cand_idx[perm] = (keep + start).T
            cand_score[perm] = block[keep, cols].T
            topk.merge_block(cand_idx, cand_score)
            return
        # Entries not above a full buffer's lowest score stay out, so that score bounds them.
        np.maximum(topk.thresh, topk.fill_level(), out=topk.thresh)
        r, c = np.nonzero(mask)
        topk.merge_entries(perm[c].astype(np.int64), r.astype(np.int64) + start, block[r, c])

    def _similarity(self, vec: DocVector, others: sp.csr_matrix) -> NDArray[np.float32]:
        """The text similarity of one document's vector to every row of the other side's matrix."""
        dense = np.zeros(self.featurizer.width, dtype=np.float32)
        dense[vec.indices] = vec.values
        similarity: NDArray[np.float32] = np.asarray(others @ dense)
        return similarity

    def _scenario_row_scores(self, row: int) -> NDArray[np.float32]:
        similarity = self._similarity(self._s_vec[row], self._P)[None, :]
        scores: NDArray[np.float32] = self._combine(similarity, np.array([row]), slice(0, len(self.solution_ids)))[0]
        return scores

    def _solution_col_scores(self, row: int) -> NDArray[np.float32]:
        similarity = self._similarity(self._p_vec[row], self._S)[:, None]
        scores: NDArray[np.float32] = self._combine(similarity, slice(0, len(self.scenario_ids)), np.array([row]))[:, 0]
        return scores

    # ------------------------------------------------------------------ incremental
    def refresh_scenario(self, doc: ScenarioDoc) -> list[RankedItem]:
        """Insert or replace one scenario, update every affected list, return its new top-k."""
        self._refresh(self._put_scenario(doc), scenario=True)
        return self.top_solutions(doc.id)

    def refresh_solution(self, doc: SolutionDoc) -> list[RankedItem]:
        """Insert or replace one solution, update every affected list, return its new top-k."""
        self._refresh(self._put_solution(doc), scenario=False)
        return self.top_scenarios(doc.id)

    def _refresh(self, row: int, scenario: bool) -> None:
        """After a scenario's (or a solution's) row was put: its matrix row, its own list exact, and the other
        side's lists it now enters or leaves."""
        if scenario:
            self._S = _replace_row(self._S, row, self._s_vec[row])
            own, other, n_own, ids = self._rows, self._cols, len(self.scenario_ids), self.solution_ids
            exact, other_exact = self._scenario_row_scores, self._solution_col_scores
        else:
            self._P = _replace_row(self._P, row, self._p_vec[row])
            own, other, n_own, ids = self._cols, self._rows, len(self.solution_ids), self.scenario_ids
            exact, other_exact = self._solution_col_scores, self._scenario_row_scores
        own.grow(n_own)
        if ids:
            scores = exact(row)
            own.set_exact(row, scores, ids)
            self._repair(other, other.update_candidate(row, scores), other_exact)

    def _repair(self, topk: _TopK, owners: NDArray[np.intp], exact: Callable[[int], NDArray[np.float32]]) -> None:
        if owners.size == 0:
            return
        # Owners with fewer candidates than k overall are always complete.
        n_cand = len(self.solution_ids) if topk is self._rows else len(self.scenario_ids)
        need = min(self.k, n_cand)
        short = owners[topk.guaranteed(owners) < need]
        short = short[np.isfinite(topk.thresh[short])]
        ids = self.solution_ids if topk is self._rows else self.scenario_ids
        for owner in short:
            topk.set_exact(int(owner), exact(int(owner)), ids)

    # ------------------------------------------------------------------ queries
    def top_solutions(self, scenario_id: str, k: int | None = None, reasons: bool = True) -> list[RankedItem]:
        """Best solutions for a scenario, descending score then ascending id."""
        row = self._s_row[scenario_id]
        pairs = self._ranked(self._rows, row, k, self.solution_ids, self._scenario_row_scores)
        return [RankedItem(self.solution_ids[j], s, self._reasons(row, j) if reasons else ()) for j, s in pairs]

    def top_scenarios(self, solution_id: str, k: int | None = None, reasons: bool = True) -> list[RankedItem]:
        """Best scenarios for a solution, descending score then ascending id."""
        col = self._p_row[solution_id]
        pairs = self._ranked(self._cols, col, k, self.scenario_ids, self._solution_col_scores)
        return [RankedItem(self.scenario_ids[i], s, self._reasons(i, col) if reasons else ()) for i, s in pairs]

    def _ranked(
        self, topk: _TopK, owner: int, k: int | None, ids: Sequence[str], exact: Callable[[int], NDArray[np.float32]]
    ) -> list[tuple[int, float]]:
        """One owner's best (index, score) pairs, at most ``k`` (the index's k by default), scored exactly when
        the candidate buffer cannot vouch for them."""
        want = min(k or self.k, self.k)
        pairs = topk.ranked(owner, want, ids)
        if pairs is None:
            topk.set_exact(owner, exact(owner), ids)
            pairs = topk.ranked(owner, want, ids, exact=True) or []
        return pairs

    def score(self, scenario_id: str, solution_id: str) -> float:
        """Score of one pair, in [0, 1]."""
        i, j = self._s_row[scenario_id], self._p_row[solution_id]
        a, b = self._s_vec[i], self._p_vec[j]
        _common, ia, ib = np.intersect1d(a.indices, b.indices, assume_unique=True, return_indices=True)
        similarity = np.array([[float(np.dot(a.values[ia].astype(np.float64), b.values[ib]))]])
        return float(self._combine(similarity, np.array([i]), np.array([j]))[0, 0])

    def components(self, scenario_id: str, solution_id: str) -> dict[str, float]:
        """The score's parts for one pair, each in [0, 1]: ``text``, ``gloss``, ``concept``, ``domain``,
        ``maturity``, ``track_record`` (the names of the component weights) and ``budget_factor``, so that
        ``score == min(1, sum(weight * part)) * budget_factor`` up to float32 rounding. What learning from use
        fits the weights on. A part whose weight is 0 cannot be read back from the product and is 0."""
        i, j = self._s_row[scenario_id], self._p_row[solution_id]
        a, b = self._s_vec[i], self._p_vec[j]
        common, ia, ib = np.intersect1d(a.indices, b.indices, assume_unique=True, return_indices=True)
        products = a.values[ia].astype(np.float64) * b.values[ib]
        w = self.weights
        bounds = (
            ("text", 0, TEXT_DIM, w.text),
            ("gloss", TEXT_DIM, CONCEPT_OFFSET, w.gloss),
            ("concept", CONCEPT_OFFSET, self.featurizer.domain_offset, w.concept),
            ("domain", self.featurizer.domain_offset, self.featurizer.width, w.domain),
        )
        out: dict[str, float] = {}
        for name, lo, hi, weight in bounds:
            part = float(products[(common >= lo) & (common < hi)].sum())
            out[name] = min(1.0, max(0.0, part / weight)) if weight > 0 else 0.0
        out["maturity"] = float(self._pa.maturity[j])
        county, deployed = self._s_meta[i].county, self._p_meta[j].deployed_in
        weighted = sum(self.regions.similarity(county, code, w) for code in dict.fromkeys(deployed))
        out["track_record"] = float(1.0 - np.exp(-weighted / w.track_saturation)) if deployed else 0.0
        factor = np.ones((1, 1), dtype=np.float32)
        apply_budget(factor, self._sa.log_budget[[i]], self._pa.log_price[[j]], w)
        out["budget_factor"] = float(factor[0, 0])
        return out

    def scores_for_scenario(self, scenario_id: str) -> NDArray[np.float32]:
        """Scores of one scenario against every solution, in ``solution_ids`` order."""
        return self._scenario_row_scores(self._s_row[scenario_id])

    def scores_for_solution(self, solution_id: str) -> NDArray[np.float32]:
        """Scores of one solution against every scenario, in ``scenario_ids`` order."""
        return self._solution_col_scores(self._p_row[solution_id])

    def explain(self, scenario_id: str, solution_id: str) -> tuple[Reason, ...]:
        """The reasons of one pair, as data (see :data:`matching.engine.types.Reason`)."""
        return self._reasons(self._s_row[scenario_id], self._p_row[solution_id])

    def _concept_item(self, code: str, a: DocVector, b: DocVector) -> dict[str, str | None]:
        """A shared concept: its names in both languages and the words that matched it on each side."""
        concept = self.concepts[code]
        return {
            "concept": code,
            "zh": concept.label("zh"),
            "en": concept.label("en"),
            "left": (a.forms or {}).get(code),
            "right": (b.forms or {}).get(code),
        }

    @staticmethod
    def _shared_words(a: DocVector, b: DocVector, limit: int = 3) -> list[list[str]]:
        """The words behind the strongest wording columns both documents share: ``[[scenario's, solution's]]``."""
        theirs = dict(b.words)
        shared = [col for col, _ in a.words if col in theirs]
        if not shared:
            return []
        weight = {
            col: float(a.values[np.searchsorted(a.indices, col)]) * float(b.values[np.searchsorted(b.indices, col)])
            for col in shared
        }
        mine = dict(a.words)
        pairs: list[list[str]] = []
        for col in sorted(shared, key=lambda c: (-weight[c], c)):
            pair = [mine[col], theirs[col]]
            if pair not in pairs:
                pairs.append(pair)
        # A single character that is part of a longer quoted word (苗 in 疫苗) adds nothing.
        longer = [w for pair in pairs for w in pair if len(w) > 1]
        out = [p for p in pairs if not all(len(w) == 1 and any(w in x for x in longer) for w in p)]
        return out[:limit]

    def _reasons(self, i: int, j: int) -> tuple[Reason, ...]:
        """Why scenario row ``i`` and solution row ``j`` match: shared concepts (or the shared wording when there
        is none), shared domains, deployments, budget fit."""
        a, b = self._s_vec[i], self._p_vec[j]
        out: list[Reason] = []
        shared = sorted(set(a.concepts) & set(b.concepts), key=lambda c: (-a.concepts[c] * b.concepts[c], c))
        if shared:
            out.append({"code": "concepts", "items": [self._concept_item(c, a, b) for c in shared[:3]]})
        elif np.intersect1d(a.indices[a.indices < CONCEPT_OFFSET], b.indices[b.indices < CONCEPT_OFFSET]).size:
            # Nothing curated in common: the score rests on wording (text and dictionary glosses) alone.
            out.append({"code": "wording", "words": self._shared_words(a, b)})
        doms = [d for d in a.domains if d in b.domains]
        if doms:
            out.append({"code": "domains", "domains": doms})
        same, similar = track_count(self.regions, self._s_meta[i].county, self._p_meta[j].deployed_in, self.weights)
        if same:
            out.append({"code": "deployed_here"})
        if similar:
            out.append({"code": "deployed_similar", "count": int(similar)})
        budget, high = self._s_meta[i].money, self._p_meta[j].money_high
        ratio = budget_ratio(budget, self._p_meta[j].money)
        if ratio is not None:
            if ratio <= 1.0 and budget and high and high > budget:
                # The range starts within the budget but goes above it: say so, never "within budget".
                out.append({"code": "budget_partly_above"})
            elif ratio <= 1.0:
                out.append({"code": "budget_within"})
            else:
                out.append({"code": "budget_above", "ratio": round(float(ratio), 1)})
        return tuple(out)
