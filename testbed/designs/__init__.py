"""Experimental designs that several claims share: instances, sweeps, statistics and figures
that the claim modules of testbed.claims compose. A design is not a claim and defines no CLAIM."""
