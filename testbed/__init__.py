"""Does what happens match what the theory says: claims, checks, sweeps, results, reports, CLI."""
