"""Coverage of the checks' intervals (testbed.stats), measured at every (instances, level) pair
at which a claim's check may fail, on normal, skewed, heavy-tailed and bimodal data.

The pairs: every registered claim at the smoke and quick tiers, every look of its default
budget (testbed.settle) and every number of checks up to MAX_CHECKS, so every level a check can
decide at; pairs below testbed.stats.min_instances cannot fail a check and are left out.

The margin: on each side, the interval may miss the true mean at most 1 - level of the time,
twice its nominal share (1 - level) / 2. A one-sided check fails falsely only through one side,
so its false-alarm rate is then at most its Bonferroni share alpha / #checks, and the claim's at
most alpha. A side fails the test when a binomial test rejects "misses at rate 1 - level" at
p < 0.001 over replications(n) data sets (a fixed seed, so the outcome is reproducible): 40,000,
fewer for the largest sizes, where the cost grows with n and the t approximation is closest.
"""

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from testbed.checks import FAILED, INCONCLUSIVE, check_mean_below, check_never
from testbed.claim import MAX_CHECKS
from testbed.claims import REGISTRY
from testbed.settle import calibrated, default_budget, look_tiers
from testbed.stats import (jackknife_moments, leave_one_out_means, min_instances,
                           studentized_ends)

REPLICATIONS = 40_000
DRAWS = REPLICATIONS * 256  # draws per distribution and size at most
BLOCK = 4_000  # data sets per block (memory)
P_VALUE = 1e-3


def replications(n: int) -> int:
    """Data sets of n draws: REPLICATIONS, or a whole number of blocks within DRAWS."""
    return BLOCK * max(1, min(REPLICATIONS, DRAWS // n) // BLOCK)


def _bimodal(rng: np.random.Generator, shape: tuple[int, ...]) -> np.ndarray:
    """A quarter of the instances 4 standard deviations up, like a learner whose regret is
    linear on some instances and small on the rest."""
    return np.where(rng.random(shape) < 0.25, 4.0, 0.0) + rng.standard_normal(shape)


DISTRIBUTIONS = {  # name -> (sampler, true mean)
    "normal": (lambda rng, shape: rng.standard_normal(shape), 0.0),
    "skewed (gamma, shape 4, skewness 1)": (lambda rng, shape: rng.gamma(4.0, size=shape), 4.0),
    "heavy-tailed (Student t, 4 df)": (lambda rng, shape: rng.standard_t(4, size=shape), 0.0),
    "bimodal (a quarter shifted by 4 sd)": (_bimodal, 1.0),
}


def pairs_used(claims=REGISTRY) -> dict[int, list[float]]:
    """Instances -> the levels a check of ``claims`` may fail at with that many instances."""
    pairs: dict[int, set[float]] = {}
    for claim in claims:
        for name in ("smoke", "quick"):
            tier = claim.tier(name)
            for look in look_tiers(tier, default_budget(tier.n_instances)):
                for checks in range(1, MAX_CHECKS + 1):
                    level = 1.0 - look.alpha / checks
                    if look.n_instances >= min_instances(level):
                        pairs.setdefault(look.n_instances, set()).add(round(level, 12))
    return {n: sorted(levels) for n, levels in sorted(pairs.items())}


PAIRS = pairs_used()


def misses(n: int, levels: list[float], sampler, mean: float, seed: int) -> np.ndarray:
    """(levels, 2) counts of data sets of n draws whose interval at each level lies wholly
    above (column 0) or wholly below (column 1) the true mean."""
    rng = np.random.default_rng(seed)
    counts = np.zeros((len(levels), 2), np.int64)
    for _ in range(replications(n) // BLOCK):
        samples = sampler(rng, (n, BLOCK))  # BLOCK data sets as the columns of one table
        value = samples.mean(axis=0)
        se, skewness, _ = jackknife_moments(value, leave_one_out_means(samples))
        for i, level in enumerate(levels):
            low, high = studentized_ends(value, se, skewness, n, level)
            counts[i] += (np.sum(low > mean), np.sum(high < mean))
    return counts


def excess_misses(name: str, truth: str, levels: list[float], counts: np.ndarray,
                  sets: int) -> list[str]:
    """One line per (level, side) whose misses in ``counts`` (levels, 2: wholly above, wholly
    below ``truth``) over ``sets`` data sets reject a miss rate of 1 - level (p < P_VALUE)."""
    lines = []
    for level, sides in zip(levels, counts):
        for side, count in zip(("above", "below"), sides):
            p = stats.binom.sf(count - 1, sets, 1.0 - level)
            if p < P_VALUE:
                lines.append(f"{name}, level {level:.5f}: wholly {side} the {truth} in "
                             f"{count / sets:.4%} of {sets} data sets, allowed "
                             f"{1 - level:.4%} (p = {p:.1e})")
    return lines


def test_pairs_cover_the_claims_sizes():
    assert PAIRS, "no (instances, level) pair is in reach of a failure"
    assert min(PAIRS) >= min_instances(0.95)


@pytest.mark.parametrize("n", list(PAIRS))
def test_each_side_misses_at_most_one_minus_the_level(n):
    levels = PAIRS[n]
    failures = []
    for index, (name, (sampler, mean)) in enumerate(DISTRIBUTIONS.items()):
        counts = misses(n, levels, sampler, mean, seed=1000 * n + index)
        failures += excess_misses(name, "mean", levels, counts, replications(n))
    assert not failures, f"{n} instances:\n" + "\n".join(failures)


@pytest.mark.parametrize("level", [0.95, 0.99, 0.999])
def test_too_few_instances_cannot_fail_a_check(level):
    """Below min_instances a check whose interval misses its band is inconclusive, with why."""
    few, enough = min_instances(level) - 1, min_instances(level)
    for n, expected in ((few, INCONCLUSIVE), (enough, FAILED)):
        frame = pd.DataFrame({"instance": range(n), "y": 10.0 + np.linspace(-1, 1, n)})
        verdict = calibrated(check_mean_below(frame, y="y", limit=0.0, level=level, check="c"))
        assert verdict.outcome == expected and verdict.n_instances == n
        if expected == INCONCLUSIVE:
            assert "too few to fail" in verdict.message


def test_an_exact_check_fails_at_any_size():
    frame = pd.DataFrame({"instance": [0, 1], "violations": [0, 1], "runs": [1, 1]})
    verdict = calibrated(check_never(frame, y="violations", trials="runs", level=0.99, check="c"))
    assert verdict.outcome == FAILED
