"""Blind student code for notebook 11 (round 1), written without reading the checks."""
import copy

import numpy as np

from nnlib import nn


# ----------------------------------------------------------------------------- 11.count_trainable: right

def count_trainable_sum(model):
    """The number of trainable numbers in a model."""
    return sum(p.data.size for p in model.parameters() if p.requires_grad)


def count_trainable_named_prod(model):
    """The number of trainable numbers in a model."""
    total = 0
    for name, p in model.named_parameters():
        if p.requires_grad:
            total += int(np.prod(p.shape))
    return int(total)


def count_trainable_unique(model):
    """The number of trainable numbers in a model."""
    seen = set()
    total = 0
    for p in model.parameters():
        if id(p) in seen or not p.requires_grad:
            continue
        seen.add(id(p))
        total += p.numel()
    return int(total)


# ----------------------------------------------------------------------------- 11.count_trainable: wrong

def count_trainable_all(model):
    """The number of trainable numbers in a model."""
    return sum(p.data.size for p in model.parameters())


def count_trainable_frozen(model):
    """The number of trainable numbers in a model."""
    return sum(p.data.size for p in model.parameters() if not p.requires_grad)


def count_trainable_state_dict(model):
    """The number of trainable numbers in a model."""
    return sum(t.numel() for t in model.state_dict().values())


def count_trainable_tensors(model):
    """The number of trainable numbers in a model."""
    return len([p for p in model.parameters() if p.requires_grad])


def count_trainable_len(model):
    """The number of trainable numbers in a model."""
    return sum(len(p.data) for p in model.parameters() if p.requires_grad)


def count_trainable_float(model):
    """The number of trainable numbers in a model."""
    total = 0.0
    for p in model.parameters():
        if p.requires_grad:
            total += np.prod(p.shape)
    return total


def count_trainable_weights_only(model):
    """The number of trainable numbers in a model."""
    return sum(p.data.size for name, p in model.named_parameters() if name.endswith("weight") and p.requires_grad)


def count_trainable_top_level(model):
    """The number of trainable numbers in a model."""
    total = 0
    for layer in model:
        for attr in ("weight", "bias"):
            p = getattr(layer, attr, None)
            if p is not None and p.requires_grad:
                total += p.data.size
    return total


# ----------------------------------------------------------------------------- 11.transfer: right

def transfer_list(pretrained, num_classes):
    """Reuse a trained network for a new task: keep and freeze its body, attach a new head."""
    layers = list(pretrained)[:-1]
    for layer in layers:
        for p in layer.parameters():
            p.requires_grad = False
    head = nn.Linear(pretrained[-1].in_features, num_classes)
    return nn.Sequential(*layers, head)


def transfer_slice(pretrained, num_classes):
    """Reuse a trained network for a new task: keep and freeze its body, attach a new head."""
    body = pretrained[:-1]                      # a new Sequential holding the same layer objects
    body.requires_grad_(False)
    n_features = pretrained[-1].weight.shape[1]  # weight: (out_features, in_features)
    return nn.Sequential(*body, nn.Linear(n_features, num_classes))


def transfer_append(pretrained, num_classes):
    """Reuse a trained network for a new task: keep and freeze its body, attach a new head."""
    model = nn.Sequential()
    for i in range(len(pretrained) - 1):
        layer = pretrained[i]
        layer.requires_grad_(False)
        model.append(layer)
    old_head = pretrained[len(pretrained) - 1]
    model.append(nn.Linear(old_head.in_features, num_classes))
    return model


# ----------------------------------------------------------------------------- 11.transfer: wrong

def transfer_nested(pretrained, num_classes):
    """Reuse a trained network for a new task: keep and freeze its body, attach a new head."""
    body = pretrained[:-1]
    body.requires_grad_(False)
    return nn.Sequential(body, nn.Linear(pretrained[-1].in_features, num_classes))


def transfer_deepcopy(pretrained, num_classes):
    """Reuse a trained network for a new task: keep and freeze its body, attach a new head."""
    model = copy.deepcopy(pretrained)            # don't touch the original network
    layers = list(model)[:-1]
    for layer in layers:
        layer.requires_grad_(False)
    return nn.Sequential(*layers, nn.Linear(model[-1].in_features, num_classes))


def transfer_not_frozen(pretrained, num_classes):
    """Reuse a trained network for a new task: keep and freeze its body, attach a new head."""
    layers = list(pretrained)[:-1]
    return nn.Sequential(*layers, nn.Linear(pretrained[-1].in_features, num_classes))


def transfer_freezes_head(pretrained, num_classes):
    """Reuse a trained network for a new task: keep and freeze its body, attach a new head."""
    model = nn.Sequential(*list(pretrained)[:-1], nn.Linear(pretrained[-1].in_features, num_classes))
    model.requires_grad_(False)
    return model


def transfer_first_width(pretrained, num_classes):
    """Reuse a trained network for a new task: keep and freeze its body, attach a new head."""
    layers = list(pretrained)[:-1]
    for layer in layers:
        layer.requires_grad_(False)
    hidden = pretrained[0].out_features           # the width of the hidden layer
    return nn.Sequential(*layers, nn.Linear(hidden, num_classes))


def transfer_in_place(pretrained, num_classes):
    """Reuse a trained network for a new task: keep and freeze its body, attach a new head."""
    for p in pretrained.parameters():
        p.requires_grad = False
    pretrained[-1] = nn.Linear(pretrained[-1].in_features, num_classes)   # as in the notebook
    return pretrained


def transfer_keeps_old_head(pretrained, num_classes):
    """Reuse a trained network for a new task: keep and freeze its body, attach a new head."""
    layers = list(pretrained)
    for layer in layers:
        layer.requires_grad_(False)
    return nn.Sequential(*layers, nn.Linear(pretrained[-1].out_features, num_classes))


def transfer_weights_only(pretrained, num_classes):
    """Reuse a trained network for a new task: keep and freeze its body, attach a new head."""
    layers = list(pretrained)[:-1]
    for layer in layers:
        if hasattr(layer, "weight"):
            layer.weight.requires_grad = False
    return nn.Sequential(*layers, nn.Linear(pretrained[-1].in_features, num_classes))


def transfer_eval(pretrained, num_classes):
    """Reuse a trained network for a new task: keep and freeze its body, attach a new head."""
    layers = list(pretrained)[:-1]
    for layer in layers:
        layer.eval()                              # freeze the body
    return nn.Sequential(*layers, nn.Linear(pretrained[-1].in_features, num_classes))


def transfer_first_layer_only(pretrained, num_classes):
    """Reuse a trained network for a new task: keep and freeze its body, attach a new head."""
    for p in pretrained[0].parameters():          # freeze the body, as in section 3
        p.requires_grad = False
    layers = list(pretrained)[:-1]
    return nn.Sequential(*layers, nn.Linear(pretrained[-1].in_features, num_classes))


RIGHT = {
    "11.count_trainable": [count_trainable_sum, count_trainable_named_prod, count_trainable_unique],
    "11.transfer": [transfer_list, transfer_slice, transfer_append],
}

WRONG = {
    "11.count_trainable": [
        (count_trainable_all, "counts every parameter, frozen ones too"),
        (count_trainable_frozen, "condition inverted: counts the frozen parameters"),
        (count_trainable_state_dict, "sums over state_dict(), so buffers (running statistics) and frozen weights count"),
        (count_trainable_tensors, "counts parameter tensors instead of the numbers in them"),
        (count_trainable_len, "uses len(p.data), the first dimension, instead of its size"),
        (count_trainable_float, "starts the total at 0.0, so it returns a float"),
        (count_trainable_weights_only, "only counts parameters named ...weight, forgetting the biases"),
        (count_trainable_top_level, "only looks at .weight/.bias of the top-level layers (misses nested modules)"),
    ],
    "11.transfer": [
        (transfer_nested, "returns Sequential(body, head): the body is nested, not flat"),
        (transfer_deepcopy, "deep-copies the pretrained network, so the body is not the same layer objects"),
        (transfer_not_frozen, "forgets to freeze the body"),
        (transfer_freezes_head, "calls requires_grad_(False) on the whole new model, freezing the new head too"),
        (transfer_first_width, "takes the head's input size from the first layer's out_features"),
        (transfer_in_place, "replaces the head inside the caller's model and returns it"),
        (transfer_keeps_old_head, "keeps the old head and adds the new one after it"),
        (transfer_weights_only, "freezes only .weight of each layer; the biases stay trainable"),
        (transfer_eval, "uses eval() to freeze the body instead of requires_grad = False"),
        (transfer_first_layer_only, "freezes only the first layer's parameters, as in the notebook's one-layer body"),
    ],
}
