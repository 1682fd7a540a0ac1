"""What actually happens: JAX simulators written for one instance, vectorized only in sims.run."""
