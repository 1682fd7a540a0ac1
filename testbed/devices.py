"""The devices a local sweep runs on and the memory a chunk of instances may take there.

A LocalBackend binds each of its threads to one local device (jax.local_devices(): the CPU, or
every GPU when the CUDA extra is installed), so chunks are spread over the devices. A chunk's
compiled program says how many bytes it needs (sims.run.program_bytes: arguments, outputs and
temporaries); a chunk that needs more than the budget runs as smaller batches instead of running
out of memory.
"""

import os
import re

import jax

from testbed.errors import InputError

SAFE_FRACTION = 0.5  # of the free memory of a device, shared by the threads that run on it
UNITS = {"": 1, "b": 1, "kb": 10**3, "mb": 10**6, "gb": 10**9, "tb": 10**12,
         "kib": 2**10, "mib": 2**20, "gib": 2**30, "tib": 2**40}


def default_threads(devices: list[jax.Device]) -> int:
    """Chunks at once: one per core on the CPU (a program runs mostly on one core), one per
    device on accelerators (a program fills its device)."""
    if all(d.platform == "cpu" for d in devices):
        return os.cpu_count() or 1
    return len(devices)


def free_memory(device: jax.Device) -> int:
    """Bytes free on ``device``: its allocator's limit less what is in use, or for the CPU the
    memory the operating system calls available."""
    stats = device.memory_stats() or {}
    if "bytes_limit" in stats:
        return int(stats["bytes_limit"]) - int(stats.get("bytes_in_use", 0))
    try:
        with open("/proc/meminfo") as meminfo:
            for line in meminfo:
                if line.startswith("MemAvailable:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return os.sysconf("SC_AVPHYS_PAGES") * os.sysconf("SC_PAGE_SIZE")


def default_budget(devices: list[jax.Device], threads: int) -> int:
    """SAFE_FRACTION of the least free memory of the devices, shared by the threads on each."""
    per_device = -(-threads // len(devices))
    return int(SAFE_FRACTION * min(free_memory(d) for d in devices) / per_device)


def parse_memory(text: str) -> int:
    """Bytes from "8GiB", "500MB", "2e9" or "1048576"; an InputError naming the text otherwise."""
    match = re.fullmatch(r"\s*([0-9]*\.?[0-9]+(?:e[0-9]+)?)\s*([a-z]*)\s*", text.lower())
    if not match or match.group(2) not in UNITS or float(match.group(1)) * UNITS[
            match.group(2)] < 1:
        raise InputError(f"--memory-budget {text!r} is not a size of at least one byte, such as "
                         f"8GiB, 500MB or 1048576")
    return int(float(match.group(1)) * UNITS[match.group(2)])
