"""torch.backends's question for Apple GPUs, answered for nnlib: `backends.mps.is_available()` is False."""


class _MPS:
    """Apple's Metal GPU backend, which nnlib (CPU only) does not have."""

    @staticmethod
    def is_available():
        return False

    @staticmethod
    def is_built():
        return False


mps = _MPS()
