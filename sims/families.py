"""Every family of problems and learners (sims.types.Family): what conformance tests and listings
loop over."""

from sims import active, bandits, selection
from sims.types import Family

FAMILIES: tuple[Family, ...] = (bandits.FAMILY, bandits.CIRCLE_FAMILY, active.FAMILY,
                                selection.ARM_FAMILY, selection.LINEAR_FAMILY)
