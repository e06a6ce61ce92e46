"""Exercises of notebook 11: a new head on a frozen body, and counting the trainable parameters."""

import numpy as np

from .. import nn, optim
from .compare import Problem
from .exercise import Case, Exercise, Mistake

# ---------------------------------------------------------------- 11.transfer


def transfer(pretrained, num_classes):
    """Reuse a trained network for a new task: keep and freeze its body, attach a new head.

    pretrained: an nn.Sequential whose last layer is an nn.Linear (the head); everything before it
    is the body. num_classes: the number of classes of the new task.
    Returns a flat nn.Sequential: the body's layers (the same layer objects, every parameter
    frozen with requires_grad = False), then a new nn.Linear with num_classes outputs (trainable).
    """
    body = list(pretrained)[:-1]                                  # every layer but the old head
    for layer in body:
        for p in layer.parameters():
            p.requires_grad = False                               # frozen: no gradient, no update
    head = nn.Linear(pretrained[-1].in_features, num_classes)     # new, randomly initialised
    return nn.Sequential(*body, head)


def _pretrained(sizes, seed, batch_norm=False):
    """A 'pretrained' network with the given layer sizes (seeded weights, as if trained)."""
    rng = np.random.default_rng(seed)
    layers = []
    for i, (d_in, d_out) in enumerate(zip(sizes[:-1], sizes[1:])):
        layers.append(nn.Linear(d_in, d_out, generator=rng))
        if i < len(sizes) - 2:
            layers += [nn.BatchNorm1d(d_out)] if batch_norm else []
            layers.append(nn.ReLU())
    model = nn.Sequential(*layers)
    # The old head's weights, to tell a new head from the old one even when it has the same shape.
    model.old_head_weight = model[-1].weight.data.copy()
    return model


class _Batch:
    """The fixed batch the returned model is run and trained on: (N, in_features) inputs and labels."""

    def __init__(self, d_in, num_classes, seed):
        rng = np.random.default_rng(seed)
        self.x = rng.normal(size=(6, d_in)).astype(np.float32)
        self.y = np.arange(6) % num_classes


def _transfer_observe(result, arguments):
    """What the checks look at: shapes, what is frozen, and what three training steps change."""
    if result is None:
        return None
    if not isinstance(result, nn.Sequential):
        raise TypeError(f"expected an nn.Sequential, got {type(result).__name__}")
    if any(isinstance(layer, nn.Sequential) for layer in result):
        raise Problem("returned a Sequential with a Sequential inside; the task asks for a flat one: "
                      "nn.Sequential(*body_layers, head)")
    pretrained, num_classes = arguments["pretrained"], arguments["num_classes"]
    own = [id(layer) for layer in pretrained]
    body_is_pretrained = all(id(layer) in own for layer in list(result)[:-1])
    batch = _Batch(pretrained[0].in_features, num_classes, seed=num_classes)
    # parameters are named by position and shape, not by name
    names = [f"parameter {i} {tuple(p.shape)}" for i, p in enumerate(result.parameters())]
    frozen = [name for name, p in zip(names, result.parameters()) if not p.requires_grad]
    trainable = [name for name in names if name not in frozen]
    layers = list(result)
    head_is_new = not (isinstance(layers[-1], nn.Linear) and layers[-1].weight.shape == pretrained.old_head_weight.shape
                       and np.array_equal(layers[-1].weight.data, pretrained.old_head_weight))
    out_shape = np.array(result(batch.x).shape)
    trainable_params = [p for p in result.parameters() if p.requires_grad]
    head_before = [p.data.copy() for p in layers[-1].parameters()]
    if trainable_params:
        optimizer = optim.SGD(trainable_params, lr=0.5)
        for _ in range(3):
            loss = nn.CrossEntropyLoss()(result(batch.x), batch.y)
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
    body = [p.data.ravel() for layer in layers[:-1] for p in layer.parameters()]
    body_after = np.concatenate(body) if body else np.zeros(0)
    head_learned = any(not np.array_equal(b, p.data) for b, p in zip(head_before, layers[-1].parameters()))
    body_layers = [type(layer).__name__ for layer in layers[:-1]]
    return (out_shape, frozen, trainable, body_after, bool(head_is_new), bool(head_learned), body_is_pretrained,
            body_layers)


def _transfer_cases():
    return [
        Case("64 -> 32 -> 5 pretrained, a new task with 3 classes", (_pretrained([64, 32, 5], seed=1), 3)),
        Case("the same number of classes as before (5)", (_pretrained([64, 32, 5], seed=2), 5)),
        Case("a deeper body: 10 -> 16 -> 8 -> 4, new task with 2 classes", (_pretrained([10, 16, 8, 4], seed=3), 2)),
        Case("a body with batch norm, new task with 6 classes",
             (_pretrained([12, 8, 3], seed=4, batch_norm=True), 6)),
    ]


def _body_trainable(got, expected, case):
    return len(got[2]) > len(expected[2]) and set(expected[2]) <= set(got[2]) and len(got[1]) == 0


def _body_partly_trainable(got, expected, case):
    return len(got[1]) > 0 and set(got[1]) < set(expected[1]) and not set(got[2]) & set(got[1])


def _head_frozen(got, expected, case):
    return len(got[2]) == 0


def _old_head(got, expected, case):
    return not got[4]


def _body_copied(got, expected, case):
    return not got[6] and list(got[1]) == list(expected[1]) and np.allclose(got[3], expected[3])


def _body_cut_short(got, expected, case):
    return len(got[7]) < len(expected[7]) and list(got[7]) == list(expected[7])[:len(got[7])]


def _body_replaced(got, expected, case):
    return list(got[1]) == list(expected[1]) and np.shape(got[3]) == np.shape(expected[3]) and \
        not np.allclose(got[3], expected[3])


TRANSFER = Exercise(
    id="11.transfer",
    task="a new head on a frozen body",
    reference=transfer,
    cases=_transfer_cases,
    returns=("output shape", "frozen parameters", "trainable parameters", "body weights after 3 training steps",
             "head is a new layer", "head learned in 3 training steps", "body made of the pretrained layers",
             "body layers"),
    observe=_transfer_observe,
    mutable=("pretrained",),
    time_limit=3.0,
    mistakes=(
        Mistake("a body that is not frozen (it trains with the head)",
                "Set p.requires_grad = False for every parameter of every body layer. (model.eval() does not "
                "freeze anything: it only switches dropout and batch norm to evaluation mode.)",
                when=_body_trainable),
        Mistake("only part of the body frozen",
                "Freeze every layer before the head, not just the first one: loop over all body layers.",
                when=_body_partly_trainable),
        Mistake("the new head frozen as well: nothing is left to train",
                "Freeze the body's parameters only; a newly created nn.Linear has requires_grad = True.",
                when=_head_frozen),
        Mistake("the old head kept instead of a new one",
                "Replace the last layer with a new nn.Linear(in_features of the old head, num_classes).",
                when=_old_head),
        Mistake("a body cut short: layers before the head left out",
                "Only the last layer is the head: the body is every layer before it, list(pretrained)[:-1], "
                "activations included.", when=_body_cut_short),
        Mistake("a body with new weights instead of the pretrained ones",
                "Reuse the pretrained layers themselves (list(pretrained)[:-1]); new layers forget what was learned.",
                when=_body_replaced),
        Mistake("a copy of the pretrained body (new layer objects with the same weights)",
                "Reuse the pretrained layers themselves, list(pretrained)[:-1]: a copy doubles the memory and no "
                "longer shares what the pretrained network learns or is given.", when=_body_copied),
    ),
    hint="list(pretrained)[:-1] is the body: every parameter of every body layer needs requires_grad = False. "
         "How many inputs does the new head take? The old head's in_features tells you.",
    explanation="Frozen parameters get no gradient, so the optimiser skips them and the body stays bit for bit the "
                "same; only the new head learns. The head must be new because the old one's outputs meant the old "
                "classes. The check trains the returned model for three steps and looks at what moved.",
)

# ---------------------------------------------------------------- 11.count_trainable


def count_trainable(model):
    """The number of trainable numbers in a model.

    model: an nnlib model. Returns an int: the total size of the parameters with
    requires_grad = True (frozen parameters and buffers such as running_mean do not count).
    """
    return sum(p.data.size for p in model.parameters() if p.requires_grad)


def _count_all(model):
    return sum(p.data.size for p in model.parameters())


def _count_tensors(model):
    return sum(1 for p in model.parameters() if p.requires_grad)


def _count_frozen(model):
    return sum(p.data.size for p in model.parameters() if not p.requires_grad)


def _count_state_dict(model):
    frozen = {name for name, p in model.named_parameters() if not p.requires_grad}
    return sum(w.numel() for name, w in model.state_dict().items() if name not in frozen)


def _count_weights_only(model):
    return sum(p.data.size for name, p in model.named_parameters() if p.requires_grad and name.endswith("weight"))


def _count_cases():
    rng = np.random.default_rng(11)
    plain = nn.Sequential(nn.Linear(64, 32, generator=rng), nn.ReLU(), nn.Linear(32, 10, generator=rng))
    half = nn.Sequential(nn.Linear(64, 32, generator=rng), nn.ReLU(), nn.Linear(32, 10, generator=rng))
    half[0].requires_grad_(False)
    norm = nn.Sequential(nn.Linear(8, 6, generator=rng), nn.BatchNorm1d(6), nn.ReLU(), nn.Linear(6, 3, generator=rng))
    norm[0].requires_grad_(False)
    frozen = nn.Sequential(nn.Linear(5, 4, generator=rng), nn.Tanh(), nn.Linear(4, 2, generator=rng))
    frozen.requires_grad_(False)
    no_bias = nn.Sequential(nn.Linear(7, 3, bias=False, generator=rng))
    inner = nn.Sequential(nn.Linear(6, 5, generator=rng), nn.ReLU(), nn.Linear(5, 4, generator=rng))
    inner.requires_grad_(False)
    nested = nn.Sequential(inner, nn.ReLU(), nn.Linear(4, 2, generator=rng),
                           nn.Sequential(nn.Linear(2, 3, generator=rng)))
    return [
        Case("64 -> 32 -> 10, everything trainable", (plain,)),
        Case("the same with the first layer frozen", (half,)),
        Case("with batch norm (its running statistics are buffers), first layer frozen", (norm,)),
        Case("everything frozen", (frozen,)),
        Case("one Linear without bias", (no_bias,)),
        Case("a Sequential inside a Sequential, the inner one frozen", (nested,)),
    ]


COUNT_TRAINABLE = Exercise(
    id="11.count_trainable",
    task="counting the trainable parameters",
    reference=count_trainable,
    cases=_count_cases,
    returns=("count",),
    mistakes=(
        Mistake("frozen parameters counted too",
                "Count only the parameters with p.requires_grad True.", like=_count_all),
        Mistake("parameter arrays counted instead of the numbers in them",
                "Add up p.data.size (the number of entries of each array), not 1 per array.", like=_count_tensors),
        Mistake("the frozen numbers counted instead of the trainable ones",
                "requires_grad True means trainable: count those.", like=_count_frozen),
        Mistake("buffers (batch norm's running statistics) counted as parameters",
                "Loop over model.parameters(), not model.state_dict(): the state dict holds buffers too.",
                like=_count_state_dict),
        Mistake("only the weights counted, not the biases",
                "Biases are parameters too: count every array from model.parameters().", like=_count_weights_only),
    ),
    hint="model.parameters() yields every parameter; keep those with requires_grad, and count the numbers "
         "inside each array (its .size), not the arrays.",
    explanation="model.parameters() yields every Parameter of every layer (weights, biases, batch norm's weight and "
                "bias) but no buffers; p.data.size is the number of entries of one array. A frozen body "
                "contributes nothing, which is why training only the head is cheap.",
)

EXERCISES = (TRANSFER, COUNT_TRAINABLE)
