"""PyTorch's "Learn the Basics" tutorials, ported as a test: the same code runs with nnlib and torch.

Each tutorial function below takes the library as its `torch` argument and holds the tutorial's
own code (tensors, autograd, building a model, the optimisation loop, saving and loading), with
three changes only: no GPU, the shipped 8x8 digits instead of FashionMNIST from torchvision, and
values returned instead of only printed. The test runs each function with nnlib and with torch
and compares the numbers. Random draws come from one NumPy generator for both libraries (through
`SameRandom`), and the models start from the same weights, so every number must agree.
"""

import contextlib
import io
import re

import numpy as np
import pytest

real_torch = pytest.importorskip("torch", reason="torch is the oracle for these tests (pip install torch==2.13.0)")

import nnlib
from nnlib.data import load_digits


class SameRandom:
    """The library `lib`, except that rand/randn/rand_like draw from a shared NumPy generator."""

    def __init__(self, lib, seed=0):
        self._lib, self._rng = lib, np.random.default_rng(seed)

    def __getattr__(self, name):
        return getattr(self._lib, name)

    def _make(self, values, dtype=None, requires_grad=False, device=None):
        dtype = dtype or self._lib.float32
        return self._lib.tensor(values, dtype=dtype, requires_grad=requires_grad)

    def rand(self, *size, **kwargs):
        size = size[0] if len(size) == 1 and isinstance(size[0], tuple) else size
        return self._make(self._rng.random(size), **kwargs)

    def randn(self, *size, **kwargs):
        size = size[0] if len(size) == 1 and isinstance(size[0], tuple) else size
        return self._make(self._rng.standard_normal(size), **kwargs)

    def rand_like(self, t, dtype=None, **kwargs):
        return self._make(self._rng.random(tuple(t.shape)), dtype=dtype or t.dtype, **kwargs)


def as_plain(value):
    """Tensors of either library as nested lists of floats, for comparison."""
    if hasattr(value, "detach"):
        value = value.detach()
    if hasattr(value, "numpy"):
        return np.asarray(value.numpy(), dtype=np.float64)
    if isinstance(value, dict):
        return {k: as_plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [as_plain(v) for v in value]
    return value


def assert_same(ours, theirs, path="", rtol=1e-5, atol=1e-6):
    if isinstance(ours, dict):
        assert ours.keys() == theirs.keys(), path
        for key in ours:
            assert_same(ours[key], theirs[key], f"{path}.{key}", rtol, atol)
    elif isinstance(ours, list):
        assert len(ours) == len(theirs), path
        for i, (a, b) in enumerate(zip(ours, theirs)):
            assert_same(a, b, f"{path}[{i}]", rtol, atol)
    elif isinstance(ours, np.ndarray):
        np.testing.assert_allclose(ours, theirs, rtol=rtol, atol=atol, err_msg=path)
    elif isinstance(ours, float):
        assert ours == pytest.approx(theirs, rel=rtol, abs=atol), path
    else:
        assert ours == theirs, path


# ------------------------------------------------------------------ Tensors
def tensors_tutorial(torch):
    out = {}
    data = [[1, 2], [3, 4]]
    x_data = torch.tensor(data)
    np_array = np.array(data)
    x_np = torch.from_numpy(np_array)
    x_ones = torch.ones_like(x_data)  # retains the properties of x_data
    x_rand = torch.rand_like(x_data, dtype=torch.float)  # overrides the datatype of x_data
    out.update(x_data=x_data, x_np=x_np, x_ones=x_ones, x_rand=x_rand, x_rand_dtype=str(x_rand.dtype))

    shape = (2, 3,)
    rand_tensor = torch.rand(shape)
    ones_tensor = torch.ones(shape)
    zeros_tensor = torch.zeros(shape)
    out.update(rand_tensor=rand_tensor, ones_tensor=ones_tensor, zeros_tensor=zeros_tensor)

    tensor = torch.rand(3, 4)
    out.update(shape=list(tensor.shape), dtype=str(tensor.dtype), device=str(tensor.device))
    if torch.accelerator.is_available():
        tensor = tensor.to(torch.accelerator.current_accelerator())

    tensor = torch.ones(4, 4)
    out.update(first_row=tensor[0], first_column=tensor[:, 0], last_column=tensor[..., -1])
    tensor[:, 1] = 0
    out["assigned"] = tensor.clone()

    t1 = torch.cat([tensor, tensor, tensor], dim=1)
    y1 = tensor @ tensor.T
    y2 = tensor.matmul(tensor.T)
    y3 = torch.rand_like(y1)
    torch.matmul(tensor, tensor.T, out=y3)
    z1 = tensor * tensor
    z2 = tensor.mul(tensor)
    z3 = torch.rand_like(tensor)
    torch.mul(tensor, tensor, out=z3)
    out.update(t1=t1, y1=y1, y2=y2, y3=y3, z1=z1, z2=z2, z3=z3)

    agg = tensor.sum()
    agg_item = agg.item()
    out.update(agg_item=agg_item, agg_type=type(agg_item).__name__)
    tensor.add_(5)
    out["added"] = tensor

    t = torch.ones(5)
    n = t.numpy()
    t.add_(1)
    out.update(t_shared=t, n_shared=n.copy())
    n = np.ones(5)
    t = torch.from_numpy(n)
    np.add(n, 1, out=n)
    out.update(t_from_numpy=t)
    return out


def dtype_name(text):
    return text.replace("torch.", "")


def test_tensors_tutorial():
    ours, theirs = tensors_tutorial(SameRandom(nnlib)), tensors_tutorial(SameRandom(real_torch))
    for key in ("x_rand_dtype", "dtype"):
        ours[key], theirs[key] = dtype_name(ours[key]), dtype_name(theirs[key])
    assert_same(as_plain(ours), as_plain(theirs))
    assert ours["t_shared"].tolist() == [2.0] * 5 and ours["n_shared"].tolist() == [2.0] * 5  # shared memory


# ----------------------------------------------------------------- Autograd
def autograd_tutorial(torch):
    out = {}
    x = torch.ones(5)  # input tensor
    y = torch.zeros(3)  # expected output
    w = torch.randn(5, 3, requires_grad=True)
    b = torch.randn(3, requires_grad=True)
    z = torch.matmul(x, w) + b
    loss = torch.nn.functional.binary_cross_entropy_with_logits(z, y)
    out.update(grad_fn_z=z.grad_fn is not None, grad_fn_loss=loss.grad_fn is not None, loss=loss.item())
    loss.backward()
    out.update(w_grad=w.grad, b_grad=b.grad)

    z = torch.matmul(x, w) + b
    out["requires_grad"] = z.requires_grad
    with torch.no_grad():
        z = torch.matmul(x, w) + b
    out["requires_grad_no_grad"] = z.requires_grad
    z = torch.matmul(x, w) + b
    z_det = z.detach()
    out["requires_grad_detached"] = z_det.requires_grad

    inp = torch.eye(4, 5, requires_grad=True)
    out_ = (inp + 1).pow(2).t()
    out_.backward(torch.ones_like(out_), retain_graph=True)
    out["first_call"] = inp.grad.clone()
    out_.backward(torch.ones_like(out_), retain_graph=True)
    out["second_call"] = inp.grad.clone()
    inp.grad.zero_()
    out_.backward(torch.ones_like(out_), retain_graph=True)
    out["after_zeroing"] = inp.grad
    return out


def test_autograd_tutorial():
    assert_same(as_plain(autograd_tutorial(SameRandom(nnlib))), as_plain(autograd_tutorial(SameRandom(real_torch))))


# ------------------------------------------------------ Build the network
def build_model_tutorial(torch, nn, sync=None):
    out = {}
    device = torch.accelerator.current_accelerator().type if torch.accelerator.is_available() else "cpu"
    out["device"] = device

    class NeuralNetwork(nn.Module):
        def __init__(self):
            super().__init__()
            self.flatten = nn.Flatten()
            self.linear_relu_stack = nn.Sequential(
                nn.Linear(28 * 28, 512),
                nn.ReLU(),
                nn.Linear(512, 512),
                nn.ReLU(),
                nn.Linear(512, 10),
            )

        def forward(self, x):
            x = self.flatten(x)
            logits = self.linear_relu_stack(x)
            return logits

    model = NeuralNetwork().to(device)
    sync(model)  # (the test's addition: the same initial weights in both libraries)
    out["structure"] = [type(m).__name__ for m in model.modules()]

    X = torch.rand(1, 28, 28, device=device)
    logits = model(X)
    pred_probab = nn.Softmax(dim=1)(logits)
    y_pred = pred_probab.argmax(1)
    out.update(logits=logits, pred_probab=pred_probab, y_pred=y_pred)

    input_image = torch.rand(3, 28, 28)
    out["input_size"] = list(input_image.size())
    flatten = nn.Flatten()
    flat_image = flatten(input_image)
    out["flat_size"] = list(flat_image.size())
    layer1 = nn.Linear(in_features=28 * 28, out_features=20)
    sync(layer1)
    hidden1 = layer1(flat_image)
    out.update(hidden1_size=list(hidden1.size()), before_relu=hidden1)
    hidden1 = nn.ReLU()(hidden1)
    out["after_relu"] = hidden1

    linear2 = nn.Linear(20, 10)
    sync(linear2)
    seq_modules = nn.Sequential(flatten, layer1, nn.ReLU(), linear2)
    input_image = torch.rand(3, 28, 28)
    logits = seq_modules(input_image)
    softmax = nn.Softmax(dim=1)
    pred_probab = softmax(logits)
    out["seq_probab"] = pred_probab

    out["params"] = [(name, list(param.size()), param[:2]) for name, param in model.named_parameters()]
    return out


class WeightSync:
    """Hands nnlib's freshly initialised weights to the torch model built next (in the same order)."""

    def __init__(self):
        self.states = []

    def record(self, module):
        self.states.append({k: v.numpy().copy() for k, v in module.state_dict().items()})

    def replay(self, module):
        module.load_state_dict({k: real_torch.from_numpy(v) for k, v in self.states.pop(0).items()})


def test_build_model_tutorial():
    weights = WeightSync()
    ours = build_model_tutorial(SameRandom(nnlib), nnlib.nn, sync=weights.record)
    theirs = build_model_tutorial(SameRandom(real_torch), real_torch.nn, sync=weights.replay)
    assert_same(as_plain(ours), as_plain(theirs))


# ------------------------------------------------- Optimising model parameters
def optimization_tutorial(torch, nn, DataLoader, TensorDataset, X, y, sync, path):
    training_data = TensorDataset(torch.from_numpy(X[:1200]), torch.from_numpy(y[:1200]))
    test_data = TensorDataset(torch.from_numpy(X[1200:]), torch.from_numpy(y[1200:]))
    train_dataloader = DataLoader(training_data, batch_size=64)
    test_dataloader = DataLoader(test_data, batch_size=64)

    class NeuralNetwork(nn.Module):
        def __init__(self):
            super().__init__()
            self.flatten = nn.Flatten()
            self.linear_relu_stack = nn.Sequential(
                nn.Linear(8 * 8, 512),
                nn.ReLU(),
                nn.Linear(512, 512),
                nn.ReLU(),
                nn.Linear(512, 10),
            )

        def forward(self, x):
            x = self.flatten(x)
            logits = self.linear_relu_stack(x)
            return logits

    model = NeuralNetwork()
    sync(model)
    learning_rate = 1e-3
    batch_size = 64
    epochs = 3

    def train_loop(dataloader, model, loss_fn, optimizer):
        size = len(dataloader.dataset)
        # Set the model to training mode - important for batch normalization and dropout layers
        model.train()
        for batch, (X, y) in enumerate(dataloader):
            # Compute prediction and loss
            pred = model(X)
            loss = loss_fn(pred, y)

            # Backpropagation
            loss.backward()
            optimizer.step()
            optimizer.zero_grad()

            if batch % 5 == 0:
                loss, current = loss.item(), batch * batch_size + len(X)
                print(f"loss: {loss:>7f}  [{current:>5d}/{size:>5d}]")

    def test_loop(dataloader, model, loss_fn):
        # Set the model to evaluation mode - important for batch normalization and dropout layers
        model.eval()
        size = len(dataloader.dataset)
        num_batches = len(dataloader)
        test_loss, correct = 0, 0

        # Evaluating the model with torch.no_grad() ensures that no gradients are computed during test mode
        with torch.no_grad():
            for X, y in dataloader:
                pred = model(X)
                test_loss += loss_fn(pred, y).item()
                correct += (pred.argmax(1) == y).type(torch.float).sum().item()

        test_loss /= num_batches
        correct /= size
        print(f"Test Error: \n Accuracy: {(100*correct):>0.1f}%, Avg loss: {test_loss:>8f} \n")

    loss_fn = nn.CrossEntropyLoss()
    optimizer = torch.optim.SGD(model.parameters(), lr=learning_rate)
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        for t in range(epochs):
            print(f"Epoch {t+1}\n-------------------------------")
            train_loop(train_dataloader, model, loss_fn, optimizer)
            test_loop(test_dataloader, model, loss_fn)
        print("Done!")

    # Save and load the model (the "Save and Load the Model" tutorial)
    torch.save(model.state_dict(), path)
    model2 = NeuralNetwork()
    model2.load_state_dict(torch.load(path, weights_only=True))
    model2.eval()
    with torch.no_grad():
        reloaded = model2(test_data[0:5][0])
    return printed.getvalue(), reloaded


def numbers(text):
    return [float(v) for v in re.findall(r"-?\d+\.\d+|-?\d+", text)]


def test_optimization_tutorial(tmp_path):
    images, labels = load_digits(images=True)
    X, y = images.astype(np.float32), labels.astype(np.int64)
    weights = WeightSync()
    ours, ours_reloaded = optimization_tutorial(nnlib, nnlib.nn, nnlib.utils.data.DataLoader,
                                                nnlib.utils.data.TensorDataset, X, y, weights.record,
                                                tmp_path / "ours.pth")
    theirs, theirs_reloaded = optimization_tutorial(real_torch, real_torch.nn, real_torch.utils.data.DataLoader,
                                                    real_torch.utils.data.TensorDataset, X, y, weights.replay,
                                                    tmp_path / "theirs.pth")
    assert ours.count("]") == theirs.count("]") == 3 * 4 and ours.count("Accuracy") == 3  # 19 batches an epoch
    assert re.sub(r"[\d.]+", "#", ours) == re.sub(r"[\d.]+", "#", theirs)  # the same printout...
    np.testing.assert_allclose(numbers(ours), numbers(theirs), rtol=2e-5, atol=1e-6)  # ...and the same numbers
    np.testing.assert_allclose(as_plain(ours_reloaded), as_plain(theirs_reloaded), rtol=1e-5, atol=1e-5)
