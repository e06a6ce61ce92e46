"""`nnlib.utils` (torch.utils): `nnlib.utils.data` holds Dataset, TensorDataset and DataLoader."""

from . import data  # noqa: F401
