"""The shipped New Yorker instance, and clear errors for a damaged copy of it."""

import numpy as np
import pytest

from testbed.datasets import NEWYORKER_ARMS, NEWYORKER_BEST, newyorker_means
from testbed.errors import ResultsError


def test_newyorker_instance_is_the_papers():
    means = newyorker_means()
    assert means.shape == (NEWYORKER_ARMS,) and means.dtype == np.float32
    assert int(np.sum(means == 1.0)) == NEWYORKER_BEST
    assert abs(float(means.mean()) - 0.42201) < 1e-4  # the README's average mean


@pytest.mark.parametrize("content, message", [
    (b"not an npy file", "not a readable .npy file"),
    (None, "should hold 10025 arm means"),
])
def test_a_damaged_file_is_named(tmp_path, content, message):
    path = tmp_path / "means.npy"
    if content is None:
        np.save(path, np.full(10, 0.5))
    else:
        path.write_bytes(content)
    with pytest.raises(ResultsError, match=message):
        newyorker_means(path)
