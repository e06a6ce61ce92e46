"""nnlib.save / nnlib.load: weights as a plain .npz file, no pickle."""

import numpy as np
import pytest

import nnlib
from nnlib import nn


def make_model():
    model = nn.Sequential(nn.Linear(3, 5), nn.BatchNorm1d(5), nn.ReLU(), nn.Linear(5, 2))
    model(np.random.default_rng(0).standard_normal((8, 3)).astype(np.float32))  # running statistics move
    return model


def test_round_trip(tmp_path):
    model = make_model()
    path = tmp_path / "model.npz"
    nnlib.save(model.state_dict(), path)
    loaded = nnlib.load(path)
    assert list(loaded) == list(model.state_dict())
    for name, value in model.state_dict().items():
        assert loaded[name].dtype == value.dtype and np.array_equal(loaded[name], value), name
    assert loaded["1.num_batches_tracked"].dtype == np.int64 and loaded["1.num_batches_tracked"] == 1

    fresh = nn.Sequential(nn.Linear(3, 5), nn.BatchNorm1d(5), nn.ReLU(), nn.Linear(5, 2))
    fresh.load_state_dict(loaded)
    x = np.ones((2, 3), np.float32)
    np.testing.assert_array_equal(fresh.eval()(x).data, model.eval()(x).data)


def test_file_is_plain_npz_without_pickle(tmp_path):
    path = tmp_path / "weights.npz"
    nnlib.save(make_model().state_dict(), str(path))
    with np.load(path, allow_pickle=False) as archive:  # no object arrays inside
        assert "0.weight" in archive.files and archive["0.weight"].shape == (5, 3)


def test_path_is_used_as_given(tmp_path):
    path = tmp_path / "weights.bin"  # np.savez would append .npz to a file name; we do not
    nnlib.save({"w": np.zeros(2)}, path)
    assert path.exists() and list(nnlib.load(path)) == ["w"]


def test_save_accepts_tensors(tmp_path):
    nnlib.save({"t": nnlib.Tensor([1.0, 2.0])}, tmp_path / "t.npz")
    assert nnlib.load(tmp_path / "t.npz")["t"].tolist() == [1.0, 2.0]


def test_whole_model_save_and_load_as_torch(tmp_path):
    """torch.save(model, path) pickles the model; torch.load refuses it unless weights_only=False (torch >= 2.6)."""
    torch = pytest.importorskip("torch")
    import pickle

    model = make_model()
    x = np.ones((2, 3), np.float32)
    expected = model.eval()(x).data
    for lib, path in ((nnlib, tmp_path / "m.pt"), (torch, tmp_path / "t.pt")):
        saved = model if lib is nnlib else torch.nn.Sequential(torch.nn.Linear(3, 2))
        lib.save(saved, path)
        with pytest.raises(pickle.UnpicklingError, match=r"(?s)Weights only load failed.*weights_only`? set to `?False"):
            lib.load(path)
    loaded = nnlib.load(tmp_path / "m.pt", weights_only=False)
    assert type(loaded) is nn.Sequential and loaded is not model
    np.testing.assert_array_equal(loaded(x).data, expected)
    assert [n for n, _ in loaded.named_parameters()] == [n for n, _ in model.named_parameters()]
    w = loaded[0].weight
    assert w.requires_grad and w.grad is None and w._id != model[0].weight._id  # a fresh leaf in this process
    loaded.train()
    loss = loaded(x).sum()
    loss.backward()  # the loaded weights train: no stale in-place marks carried over
    assert loaded[0].weight.grad.shape == (5, 3)


def test_loading_into_a_different_model_fails_clearly(tmp_path):
    path = tmp_path / "model.npz"
    nnlib.save(make_model().state_dict(), path)
    state = nnlib.load(path)
    with pytest.raises(ValueError, match=r"missing keys \[\].*unexpected keys \['1.weight', '1.bias', "
                                         r"'1.running_mean', '1.running_var', '1.num_batches_tracked', "
                                         r"'3.weight', '3.bias'\]"):
        nn.Sequential(nn.Linear(3, 5)).load_state_dict(state)
    with pytest.raises(ValueError, match=r"missing keys \['3.weight', '3.bias'\]"):
        nn.Sequential(nn.Linear(3, 5), nn.BatchNorm1d(5), nn.ReLU(), nn.Linear(5, 2)).load_state_dict(
            {k: v for k, v in state.items() if not k.startswith("3.")})
    with pytest.raises(ValueError, match=r"'0.weight' has shape \(5, 3\) in the state dict but \(4, 3\) in the model"):
        nn.Sequential(nn.Linear(3, 4), nn.BatchNorm1d(4), nn.ReLU(), nn.Linear(4, 2)).load_state_dict(state)


def test_non_strict_loading_skips_unknown_keys():
    model = nn.Sequential(nn.Linear(2, 2))
    model.load_state_dict({"0.weight": np.eye(2), "extra": np.zeros(1)}, strict=False)
    assert np.array_equal(model[0].weight.data, np.eye(2)) and model[0].weight.dtype == np.float32
