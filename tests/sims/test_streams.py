"""sims.streams: a run on another stream shares no draw with stream 0, and stream 0 is the run."""

import jax
import jax.numpy as jnp
import numpy as np

from sims.bandits import bandit_metrics, linear_contextual_bandit, sphere_actions
from sims.bandits.linear import LinearParams
from sims.bandits.policies import oracle_params, squarecb
from sims.run import Runner, batch_params
from sims.streams import on_stream


def regret(stream: int) -> np.ndarray:
    actions = sphere_actions(0, 8, 3)
    problem, learner = on_stream(linear_contextual_bandit(actions), squarecb(actions), stream)
    runner = Runner(problem, learner, 64, checkpoints=[64], metrics=bandit_metrics)
    out = runner(jax.random.key(0), jnp.arange(16), batch_params([LinearParams(jnp.float32(0.1))]),
                 batch_params([oracle_params(10.0, 0.5)]))
    return np.asarray(out.totals["regret"])[0, :, 0]


def test_stream_zero_is_the_run_and_other_streams_are_new_draws():
    base = regret(0)
    np.testing.assert_array_equal(base, regret(0))
    moved = regret(1)
    assert not np.any(np.isclose(moved, base))  # a new theta*, new contexts and noise each
    np.testing.assert_array_equal(moved, regret(1))
