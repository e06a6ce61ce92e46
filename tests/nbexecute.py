"""Run a notebook top to bottom in a fresh kernel with nbclient, without nbclient's lost wake-ups.

nbclient waits for a cell's reply with one asyncio poll of the kernel's shell socket, as long as the cell's
timeout. On a busy machine that poll sometimes misses the reply's arrival and returns only when its timeout
runs out, with the reply that had been waiting all along (pyzmq's asyncio poller and ZeroMQ's edge-triggered
file descriptor; zeromq/pyzmq#1558 shows the same symptom). Measured here: 1 notebook in about 40 under load
sat idle for 119.6 s after its cell had finished, then went on and passed. Polling in short slices turns such
a lost wake-up into a wait of at most SLICE seconds; the cell's timeout still applies as a whole.
"""

import time
from queue import Empty

from nbclient import NotebookClient

SLICE = 0.5  # seconds


def _in_slices(get_msg):
    """channel.get_msg(timeout) that polls at most SLICE seconds at a time, until `timeout` (None: no end)."""
    async def get_msg_in_slices(timeout=None):
        deadline = None if timeout is None else time.monotonic() + timeout
        while True:
            left = SLICE if deadline is None else max(0.0, deadline - time.monotonic())
            try:
                return await get_msg(timeout=min(SLICE, left))
            except Empty:
                if deadline is not None and time.monotonic() >= deadline:
                    raise
    return get_msg_in_slices


class SlicedPollClient(NotebookClient):
    """A NotebookClient whose shell and IOPub channels are polled in slices (see the module's text)."""

    async def async_start_new_kernel_client(self):
        kc = await super().async_start_new_kernel_client()
        for channel in (kc.shell_channel, kc.iopub_channel):
            channel.get_msg = _in_slices(channel.get_msg)
        return kc


def execute(nb, cwd, timeout, **options):
    """Execute `nb` (in place) in a fresh python3 kernel started in `cwd`; every cell has `timeout` seconds."""
    SlicedPollClient(nb, timeout=timeout, kernel_name="python3", resources={"metadata": {"path": str(cwd)}},
                     **options).execute()
    return nb
