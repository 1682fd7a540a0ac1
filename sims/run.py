"""The one place with scan, vmap and jit: runs a learner on a problem for many instances at once.

Layout of one compiled program: jit( vmap over (param setting, instance) pairs ( scan over
checkpoint segments ( fori_loop over the rounds of a segment ) ) ). Only running sums at the
checkpoints are kept, so memory is O(params x instances x checkpoints), not O(T). On a CPU, pairs
whose rounds stream half a megabyte or more through matrix products run in blocks that fit in
the cache, one block's whole horizon after the other (a map over blocks of the vmap; see
pairs_per_block): LinUCB at d = 600, K = 1,200 (4.3 MB a pair) runs about 4 times faster so,
and SquareCB at K = 10^4 (80 kB of scores a pair and round) about 1.2 times.

Randomness: instance i uses ``fold_in(key, i)`` whatever the number of instances or the chunking,
split once into named keys (instance, learner init, environment step, action, feedback) and one
more folded from it (update), each folded with the round index t. Two learners run with the same
key therefore see the same instances, contexts and environment noise (paired comparisons).
"""

import threading
from collections.abc import Callable, Sequence
from typing import NamedTuple

import jax
import jax.extend
import jax.numpy as jnp
import numpy as np

from sims.types import Array, Learner, Problem, PyTree, Trajectory

MAX_HORIZON = 2**31 - 1
# Pairs whose rounds read BLOCKED_ROUND_BYTES or more in matrix products run in blocks whose
# instances, learner states and the products' results of one round take at most BLOCK_BYTES,
# each block its whole horizon before the next starts, so that a block's data stay in the
# processor's cache (the other pairs run all side by side: there a round's fixed cost, paid once
# per block, outweighs the memory traffic)
BLOCKED_ROUND_BYTES = 2**19
BLOCK_BYTES = 8 * 2**20
MAX_PREFIX = "max_"  # metrics named max_* are running maxima (of non-negative values), not sums
Metrics = Callable[[dict[str, Array], dict[str, Array]], dict[str, Array]]


def merge_metrics(info: dict[str, Array], aux: dict[str, Array]) -> dict[str, Array]:
    """Default per-round metrics: the problem's info and the learner's aux, side by side."""
    clash = set(info) & set(aux)
    if clash:
        raise ValueError(f"metric names {sorted(clash)} come from both the problem and the learner")
    return {**info, **aux}


def log_checkpoints(horizon: int, per_octave: int = 4) -> np.ndarray:
    """Log-spaced round counts 1 <= c <= horizon (always ending at the horizon), per_octave per doubling."""
    check_horizon(horizon)
    if not isinstance(per_octave, int) or per_octave < 1:
        raise ValueError(f"per_octave must be a positive integer, got {per_octave!r}")
    exponents = np.arange(int(np.floor(np.log2(horizon) * per_octave)) + 1) / per_octave
    grid = np.unique(np.round(2.0**exponents).astype(np.int64))
    return np.unique(np.append(grid[grid <= horizon], horizon))


class InstanceKeys(NamedTuple):
    """The named keys of one instance; step, act, feedback and update are folded with the
    round t."""

    instance: Array
    init: Array
    step: Array
    act: Array
    feedback: Array
    update: Array


UPDATE_FOLD = 5  # the update key is fold_in(instance key, UPDATE_FOLD), apart from the split five


def instance_keys(key: Array) -> InstanceKeys:
    """The named keys of the instance whose key is ``key`` (instance i of a sweep with key k has
    key ``fold_in(k, i)``)."""
    return InstanceKeys(*jax.random.split(key, 5), jax.random.fold_in(key, UPDATE_FOLD))


def _accumulate(name: str, total: Array, value: Array) -> Array:
    """A running sum, or a running maximum for a metric named MAX_PREFIX..."""
    return jnp.maximum(total, value) if name.startswith(MAX_PREFIX) else total + value


def check_horizon(horizon: int) -> None:
    """Raise a ValueError naming the value unless 1 <= horizon <= MAX_HORIZON."""
    if isinstance(horizon, bool) or not isinstance(horizon, (int, np.integer)):
        raise ValueError(f"horizon must be an integer, got {horizon!r}")
    if not 1 <= horizon <= MAX_HORIZON:
        raise ValueError(f"horizon must be between 1 and {MAX_HORIZON}, got {horizon}")


def checkpoint_marks(horizon: int, checkpoints: Sequence[int] | None = None) -> np.ndarray:
    """The rounds a run records its totals at: ``checkpoints`` (None: log_checkpoints), as
    int32; a ValueError naming them unless they increase within [1, horizon]."""
    check_horizon(horizon)
    marks = log_checkpoints(horizon) if checkpoints is None else np.asarray(checkpoints)
    if marks.ndim != 1 or marks.size == 0 or np.any(np.diff(marks) <= 0):
        raise ValueError(f"checkpoints must be a non-empty increasing sequence, got {marks}")
    if marks[0] < 1 or marks[-1] > horizon:
        raise ValueError(f"checkpoints must lie in [1, horizon={horizon}], got {marks}")
    return marks.astype(np.int32)


def program_bytes(compiled: jax.stages.Compiled) -> int:
    """The bytes a compiled program holds while it runs: arguments, outputs and temporaries (0
    where the backend does not say)."""
    stats = compiled.memory_analysis()
    if stats is None:
        return 0
    return int(stats.argument_size_in_bytes + stats.output_size_in_bytes
               + stats.temp_size_in_bytes)


def batch_params(settings: Sequence[PyTree]) -> PyTree:
    """Stack P params pytrees of the same structure into one with a leading axis of size P."""
    if not settings:
        raise ValueError("batch_params needs at least one params setting")
    return jax.tree.map(lambda *leaves: jnp.stack([jnp.asarray(x) for x in leaves]), *settings)


class Runner:
    """A problem and a learner compiled once for a horizon and checkpoints.

    Calling it with keys, instance ids and params of the same shapes never retraces; ``traces``
    counts the traces so tests and benchmarks can see it.
    """

    def __init__(self, problem: Problem, learner: Learner, horizon: int,
                 checkpoints: Sequence[int] | None = None, metrics: Metrics = merge_metrics):
        self.checkpoints = checkpoint_marks(horizon, checkpoints)
        self.problem, self.learner, self.horizon = problem, learner, int(horizon)
        self.metrics = metrics
        self.traces = 0
        self._compiled = jax.jit(self._run_batch)
        self._compiling = threading.Lock()  # one compile at a time: a second finds the first's

    def __call__(self, key: Array, instance_ids: Array, problem_params: PyTree,
                 learner_params: PyTree) -> Trajectory:
        """Run every instance id under every param setting.

        Args:
            key: a typed key from ``jax.random.key(seed)``.
            instance_ids: (N,) int, the instances to run (instance i is the same in any batch).
            problem_params, learner_params: pytrees with a leading axis P (see batch_params).

        Returns:
            Trajectory with totals of shape (P, N, C).
        """
        totals = self._compiled(key, jnp.asarray(instance_ids, jnp.int32), problem_params,
                                learner_params)
        return Trajectory(jnp.asarray(self.checkpoints), totals)

    def compile(self, key: Array, instance_ids: Array, problem_params: PyTree,
                learner_params: PyTree) -> jax.stages.Compiled:
        """Compile the program for the shapes of these arguments without running it: a later
        call with arguments of the same shapes runs at once (jax.jit's cache). Safe to call from
        another thread while this or another Runner runs. Returns the compiled program (its
        memory_analysis() says the bytes it needs). Calls from several threads compile one at a
        time, so a second call for the same shapes finds the program the first compiled."""
        with self._compiling:
            return self._compiled.lower(key, jnp.asarray(instance_ids, jnp.int32),
                                        problem_params, learner_params).compile()

    def run_one(self, key: Array, problem_params: PyTree, learner_params: PyTree) -> dict[str, Array]:
        """One instance under one param setting: metric name -> (C,) running sums (not jitted)."""
        keys = instance_keys(key)
        instance = self.problem.sample(keys.instance, problem_params)
        state = self.learner.init(keys.init, learner_params)

        def round_(t: Array, carry: tuple[PyTree, dict[str, Array]]):
            state, totals = carry
            state, step_metrics = self._round(keys, instance, state, t)
            return state, {k: _accumulate(k, totals[k], step_metrics[k].astype(jnp.float32))
                           for k in totals}

        names = jax.eval_shape(lambda: self._round(keys, instance, state, jnp.int32(0))[1]).keys()
        totals = {name: jnp.zeros((), jnp.float32) for name in names}
        starts = np.concatenate([[0], self.checkpoints[:-1]]).astype(np.int32)

        def segment(carry, bounds):
            carry = jax.lax.fori_loop(bounds[0], bounds[1], round_, carry)
            return carry, carry[1]

        _, recorded = jax.lax.scan(segment, (state, totals),
                                   (jnp.asarray(starts), jnp.asarray(self.checkpoints)))
        return recorded

    def _round(self, keys: InstanceKeys, instance: PyTree, state: PyTree, t: Array
               ) -> tuple[PyTree, dict[str, Array]]:
        """Round t of one instance (its named keys folded with t): the learner's next state and
        the round's metrics."""
        fold = lambda k: jax.random.fold_in(k, t)  # noqa: E731
        observation = self.problem.step(fold(keys.step), instance, t)
        action, aux = self.learner.act(fold(keys.act), state, observation)
        feedback, info = self.problem.feedback(fold(keys.feedback), instance, observation, action)
        state = self.learner.update(fold(keys.update), state, observation, action, feedback)
        return state, self.metrics(info, aux)

    def _run_batch(self, key, instance_ids, problem_params, learner_params):
        """One vmap over the P x N (setting, instance) pairs, not a vmap over settings of a vmap
        over instances: XLA:CPU lowers a dot with two batch dimensions several times slower than
        the same dot with one (benchmarks/bench_bandits.py). Large pairs run in blocks (see
        pairs_per_block)."""
        self.traces += 1  # Python side effect: runs once per trace, never per call
        n_instances = instance_ids.shape[0]
        leaves = jax.tree.leaves((problem_params, learner_params))
        n_settings = leaves[0].shape[0] if leaves else 1
        pair = jnp.arange(n_settings * n_instances)
        setting, instance = pair // n_instances, pair % n_instances
        keys = jax.vmap(lambda i: jax.random.fold_in(key, i))(instance_ids[instance])
        pick = lambda tree: jax.tree.map(lambda leaf: leaf[setting], tree)  # noqa: E731
        pairs = (keys, pick(problem_params), pick(learner_params))
        one = jax.tree.map(lambda leaf: leaf[0], pairs)
        block = self.pairs_in_a_block(pair.size, *one)
        totals = (jax.vmap(self.run_one)(*pairs) if block == pair.size
                  else blocked(self.run_one, pairs, block))
        return jax.tree.map(lambda v: v.reshape((n_settings, n_instances) + v.shape[1:]), totals)

    def pairs_in_a_block(self, n_pairs: int, key: Array, problem_params: PyTree,
                         learner_params: PyTree) -> int:
        """The pairs of each block when ``n_pairs`` pairs run under these params of one pair:
        ``n_pairs`` when they run side by side (pairs_per_block, split evenly by even_blocks)."""
        block = pairs_per_block(n_pairs, *self.pair_bytes(key, problem_params, learner_params))
        return even_blocks(n_pairs, block)[1]

    def pair_bytes(self, key: Array, problem_params: PyTree, learner_params: PyTree
                   ) -> tuple[int, int]:
        """The bytes one pair holds in a block (its instance and learner state under one param
        setting, and the results of the matrix products of one of its rounds), and the bytes
        that those products read (see product_bytes)."""
        keys = instance_keys(key)
        carried = jax.eval_shape(lambda: (self.problem.sample(keys.instance, problem_params),
                                          self.learner.init(keys.init, learner_params)))

        def first_round(instance: PyTree, state: PyTree) -> PyTree:
            return self._round(keys, instance, state, jnp.int32(0))[0]

        size = sum(leaf.size * leaf.dtype.itemsize for leaf in jax.tree.leaves(carried))
        products = product_bytes(jax.make_jaxpr(first_round)(*carried).jaxpr)
        return size + products.results, products.operands


class ProductBytes(NamedTuple):
    """The bytes of the matrix products of a program: their operands and their results."""

    operands: int
    results: int


def product_bytes(jaxpr: jax.extend.core.Jaxpr) -> ProductBytes:
    """The bytes the matrix products (dot_general) in ``jaxpr`` read, and those their results
    take, those of nested programs (loops, every branch of a cond) included. The products in the
    body of a scan (a fori_loop of a fixed trip count) read their operands once per iteration;
    the body of a while loop, whose trip count is not known, counts once."""
    operands = results = 0
    for eqn in jaxpr.eqns:
        if eqn.primitive.name == "dot_general":
            operands += sum(v.aval.size * v.aval.dtype.itemsize for v in eqn.invars)
            results += sum(v.aval.size * v.aval.dtype.itemsize for v in eqn.outvars)
        iterations = eqn.params["length"] if eqn.primitive.name == "scan" else 1
        for param in eqn.params.values():
            for inner in param if isinstance(param, (tuple, list)) else (param,):
                if isinstance(inner, jax.extend.core.ClosedJaxpr):
                    inner = inner.jaxpr
                if isinstance(inner, jax.extend.core.Jaxpr):
                    nested = product_bytes(inner)
                    operands += iterations * nested.operands
                    results += nested.results
    return ProductBytes(operands, results)


def pairs_per_block(n_pairs: int, pair_bytes: int, round_bytes: int) -> int:
    """How many of ``n_pairs`` (setting, instance) pairs run side by side, each holding
    ``pair_bytes`` in a block (Runner.pair_bytes) and its rounds' products reading
    ``round_bytes``: all of them, except on a CPU when round_bytes >= BLOCKED_ROUND_BYTES; then
    as many as fit in BLOCK_BYTES (at least one). It depends on the shapes alone, never on the
    machine."""
    if jax.default_backend() != "cpu" or round_bytes < BLOCKED_ROUND_BYTES:
        return n_pairs
    return max(1, min(n_pairs, BLOCK_BYTES // pair_bytes))


def even_blocks(n_pairs: int, block: int) -> tuple[int, int]:
    """(number of blocks, pairs per block): the fewest blocks of at most ``block`` pairs that hold
    ``n_pairs``, as even as can be."""
    n_blocks = -(-n_pairs // block)
    return n_blocks, -(-n_pairs // n_blocks)


def blocked(run_one: Callable[..., PyTree], pairs: tuple, block: int) -> PyTree:
    """``run_one`` over the pairs (a tuple of its arguments, each with a leading pair axis) in
    the fewest blocks of at most ``block`` pairs, as even as can be, one block after the other,
    vmapped within a block: the pairs padded with copies of the first to whole blocks, the
    padding's results dropped. Blocks of one pair run unbatched (a cond on the pair's own
    values then runs one branch, not both)."""
    if block == 1:
        return jax.lax.map(lambda pair: run_one(*pair), pairs)
    n = jax.tree.leaves(pairs)[0].shape[0]
    n_blocks, block = even_blocks(n, block)
    pad = n_blocks * block - n

    def to_blocks(leaf: Array) -> Array:
        padded = jnp.concatenate([leaf, jnp.repeat(leaf[:1], pad, axis=0)]) if pad else leaf
        return padded.reshape((n_blocks, block) + leaf.shape[1:])

    results = jax.lax.map(lambda pairs: jax.vmap(run_one)(*pairs),
                          jax.tree.map(to_blocks, pairs))
    return jax.tree.map(lambda v: v.reshape((n_blocks * block,) + v.shape[2:])[:n], results)
