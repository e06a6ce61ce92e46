"""The sliced polling of tests/nbexecute.py: a reply that a poll missed is picked up by the next slice."""

import asyncio
from queue import Empty

import nbexecute
import nbformat
import pytest
from nbexecute import SLICE, _in_slices


class Channel:
    """A fake channel whose message is there, but whose polls miss it the first `misses` times."""

    def __init__(self, misses):
        self.misses, self.timeouts = misses, []

    async def get_msg(self, timeout=None):
        self.timeouts.append(timeout)
        if len(self.timeouts) <= self.misses:
            raise Empty
        return {"msg": "reply"}


@pytest.mark.parametrize("timeout", [None, 120])
def test_a_missed_message_is_found_by_the_next_slice(timeout):
    channel = Channel(misses=3)
    assert asyncio.run(_in_slices(channel.get_msg)(timeout=timeout)) == {"msg": "reply"}
    assert len(channel.timeouts) == 4
    assert all(t is not None and 0 <= t <= SLICE for t in channel.timeouts)


def test_the_whole_timeout_still_ends_in_empty(monkeypatch):
    monkeypatch.setattr(nbexecute, "SLICE", 0.01)
    channel = Channel(misses=10**9)
    with pytest.raises(Empty):
        asyncio.run(_in_slices(channel.get_msg)(timeout=0.05))
    assert len(channel.timeouts) >= 1


@pytest.mark.slow  # starts two kernels
def test_a_notebook_runs_and_a_timeout_is_still_raised(tmp_path):
    from nbclient.exceptions import CellTimeoutError

    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("print(6 * 7)")])
    nbexecute.execute(nb, tmp_path, timeout=60)
    assert nb.cells[0].outputs[0]["text"] == "42\n"
    slow = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("import time; time.sleep(30)")])
    with pytest.raises(CellTimeoutError):
        nbexecute.execute(slow, tmp_path, timeout=2)
