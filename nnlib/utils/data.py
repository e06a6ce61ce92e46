"""`nnlib.utils.data` (torch.utils.data): Dataset, TensorDataset and DataLoader from loader.py."""

from ..loader import DataLoader, Dataset, TensorDataset

__all__ = ["DataLoader", "Dataset", "TensorDataset"]
