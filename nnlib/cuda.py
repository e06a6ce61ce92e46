"""torch.cuda's questions, answered for nnlib: there is no GPU here.

nnlib is a NumPy library and runs on the CPU only, so `nnlib.cuda.is_available()` is
False and PyTorch code such as `device = "cuda" if torch.cuda.is_available() else "cpu"`
picks the CPU. Notebook 13 runs the same model in PyTorch, on a GPU when there is one.
"""


def is_available():
    return False


def device_count():
    return 0


def manual_seed(seed):
    """Nothing to seed on a GPU nnlib does not use (torch also accepts this call without a GPU)."""


manual_seed_all = manual_seed
