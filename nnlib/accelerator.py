"""torch.accelerator's questions, answered for nnlib: no accelerator, the CPU does everything.

PyTorch's tutorials write `torch.accelerator.current_accelerator().type if
torch.accelerator.is_available() else "cpu"`; with nnlib that gives "cpu".
"""


def is_available():
    return False


def current_accelerator():
    return None


def device_count():
    return 0
