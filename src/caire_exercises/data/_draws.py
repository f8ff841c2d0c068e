"""Random draws that stay the same across numpy versions.

NumPy promises a stable bit stream for a seeded ``Generator``, and its
``random()`` method (53-bit uniforms) has not changed since it appeared, but
it does not promise that ``normal``, ``choice`` or ``permutation`` keep their
algorithms. A student's data set must be the same on every machine and in
every release, so the generators draw only uniforms and turn them into other
distributions here, with textbook transforms.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np


class Draws:
    """Distributions built on the uniforms of one explicit ``numpy.random.Generator``.

    Parameters
    ----------
    rng : numpy.random.Generator
        The only source of randomness; never the global state.
    """

    def __init__(self, rng: np.random.Generator) -> None:
        self.rng = rng

    def uniform(self, n: int, low: float = 0.0, high: float = 1.0) -> np.ndarray:
        """`n` floats uniform on [low, high)."""
        return low + (high - low) * self.rng.random(n)

    def normal(self, n: int, mean: float | np.ndarray = 0.0, sd: float | np.ndarray = 1.0) -> np.ndarray:
        """`n` normal draws (Box-Muller: two uniforms for each draw)."""
        u1 = 1.0 - self.rng.random(n)  # in (0, 1], so the logarithm is finite
        u2 = self.rng.random(n)
        return mean + sd * np.sqrt(-2.0 * np.log(u1)) * np.cos(2.0 * np.pi * u2)

    def lognormal(self, n: int, median: float | np.ndarray, sigma: float) -> np.ndarray:
        """`n` log-normal draws with the given median and log-scale spread."""
        return median * np.exp(self.normal(n, 0.0, sigma))

    def integers(self, low: int, high: int, n: int) -> np.ndarray:
        """`n` integers uniform on [low, high) (high excluded)."""
        return low + np.floor(self.rng.random(n) * (high - low)).astype(np.int64)

    def bernoulli(self, p: float | np.ndarray, n: int | None = None) -> np.ndarray:
        """0/1 integers, 1 with probability `p` (a number, or one probability a draw)."""
        probabilities = np.asarray(p, dtype=float)
        size = n if n is not None else probabilities.size
        return (self.rng.random(size) < probabilities).astype(np.int64)

    def index(self, p: Sequence[float], n: int) -> np.ndarray:
        """`n` indices drawn with the probabilities `p` (inverse of the cumulative sum)."""
        cumulative = np.cumsum(np.asarray(p, dtype=float))
        cumulative /= cumulative[-1]
        return np.minimum(np.searchsorted(cumulative, self.rng.random(n), side="right"), len(p) - 1)

    def choice(self, options: Sequence[Any], n: int, p: Sequence[float] | None = None) -> np.ndarray:
        """`n` elements of `options`, uniformly or with the probabilities `p`."""
        weights = p if p is not None else [1.0] * len(options)
        return np.asarray(options, dtype=object)[self.index(weights, n)]

    def poisson(self, lam: float | np.ndarray, n: int) -> np.ndarray:
        """`n` Poisson counts (inverse transform; fine for the small rates used here)."""
        rate = np.broadcast_to(np.asarray(lam, dtype=float), (n,))
        u = self.rng.random(n)
        count = np.zeros(n, dtype=np.int64)
        probability = np.exp(-rate)
        cumulative = probability.copy()
        for k in range(1, 60):
            below = u > cumulative
            if not below.any():
                break
            count += below
            probability = probability * rate / k
            cumulative = cumulative + probability
        return count

    def integer(self, low: int, high: int) -> int:
        """One integer uniform on [low, high) (high excluded), as a Python int."""
        return low + int(self.rng.random() * (high - low))

    def pick(self, options: Sequence[Any], p: Sequence[float] | None = None) -> Any:
        """One element of `options`, uniformly or with the probabilities `p`."""
        u = self.rng.random()
        if p is None:
            return options[int(u * len(options))]
        total = float(sum(p))
        cumulative = 0.0
        for option, weight in zip(options, p):
            cumulative += weight / total
            if u < cumulative:
                return option
        return options[-1]

    def permutation(self, n: int) -> np.ndarray:
        """A random order of ``range(n)``."""
        return np.argsort(self.rng.random(n), kind="stable")

    def sample(self, n: int, k: int) -> np.ndarray:
        """`k` distinct indices out of `n`, in increasing order."""
        return np.sort(self.permutation(n)[:k])


def sigmoid(z: np.ndarray) -> np.ndarray:
    """The logistic function, without overflow warnings for large negative inputs."""
    return 0.5 * (1.0 + np.tanh(0.5 * np.asarray(z, dtype=float)))


def intercept_for(logits: np.ndarray, prevalence: float) -> float:
    """The constant to add to `logits` so that their mean probability is `prevalence` (bisection)."""
    low, high = -30.0, 30.0
    for _ in range(80):
        middle = 0.5 * (low + high)
        if sigmoid(logits + middle).mean() < prevalence:
            low = middle
        else:
            high = middle
    return 0.5 * (low + high)
