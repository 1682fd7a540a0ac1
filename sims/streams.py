"""Independent random streams: a problem and a learner whose every key is first folded with a
stream id, so that a run on stream s shares no random draw with the same run on stream 0 (the
instance, the contexts, the noise and the learner's draws are all new) while instance i of a
sweep stays instance i of that stream.

Used where a comparison must be between independent runs, e.g. a learner on an action set and on
a modified copy of it: on shared draws two runs that are equal by construction would be equal to
the bit, which a statistical comparison cannot tell from a learner that is wrong in both.
"""

import jax

from sims.types import Learner, Problem


def on_stream(problem: Problem, learner: Learner, stream: int) -> tuple[Problem, Learner]:
    """(problem, learner) drawing from stream ``stream`` (0 leaves both unchanged)."""
    if stream == 0:
        return problem, learner

    def fold(key):
        return jax.random.fold_in(key, stream)

    moved = problem._replace(
        name=f"{problem.name}[stream {stream}]",
        sample=lambda key, params: problem.sample(fold(key), params),
        step=lambda key, instance, t: problem.step(fold(key), instance, t),
        feedback=lambda key, instance, obs, action: problem.feedback(fold(key), instance, obs,
                                                                    action))
    return moved, learner._replace(
        init=lambda key, params: learner.init(fold(key), params),
        act=lambda key, state, obs: learner.act(fold(key), state, obs))
