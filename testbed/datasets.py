"""Real data shipped with the testbed (testbed/data/, see its README for sources and licenses)."""

from pathlib import Path

import numpy as np

from testbed.errors import ResultsError

DATA = Path(__file__).parent / "data"
NEWYORKER = DATA / "newyorker_652_arm_means.npy"
NEWYORKER_ARMS, NEWYORKER_BEST = 10_025, 54  # n arms and m best arms (mean 1.0), per the README


def newyorker_means(path: Path = NEWYORKER) -> np.ndarray:
    """The arm means (10,025,) of New Yorker caption contest #652 (Zhu & Nowak 2020, Fig. 3), as
    float32; a ResultsError names the file if it is missing, unreadable or not that instance."""
    try:
        means = np.load(path, allow_pickle=False)
    except (OSError, ValueError) as err:
        raise ResultsError(f"{path} is not a readable .npy file of arm means ({err})") from err
    if means.shape != (NEWYORKER_ARMS,) or not np.all((means >= 0) & (means <= 1)):
        raise ResultsError(f"{path} should hold {NEWYORKER_ARMS} arm means in [0, 1], got shape "
                           f"{means.shape}")
    if int(np.sum(means == means.max())) != NEWYORKER_BEST:
        raise ResultsError(f"{path} should have {NEWYORKER_BEST} best arms, has "
                           f"{int(np.sum(means == means.max()))}")
    return means.astype(np.float32)
