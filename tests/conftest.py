"""Strict JAX configuration for every test: implicit rank promotion raises."""

import jax

jax.config.update("jax_numpy_rank_promotion", "raise")
