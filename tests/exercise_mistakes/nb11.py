"""Wrong student code for notebook 11's exercises (a new head on a frozen body, counting parameters)."""

import copy

from nnlib import nn


def transfer_not_frozen(pretrained, num_classes):
    pretrained[-1] = nn.Linear(pretrained[-1].in_features, num_classes)
    pretrained.eval()                               # "eval() freezes the model": it does not
    return pretrained


def transfer_first_layer_frozen(pretrained, num_classes):
    pretrained[0].weight.requires_grad = False
    pretrained[0].bias.requires_grad = False
    pretrained[-1] = nn.Linear(pretrained[-1].in_features, num_classes)
    return pretrained


def transfer_everything_frozen(pretrained, num_classes):
    pretrained[-1] = nn.Linear(pretrained[-1].in_features, num_classes)
    for p in pretrained.parameters():               # the new head is frozen too
        p.requires_grad = False
    return pretrained


def transfer_two_layers_cut(pretrained, num_classes):
    body = list(pretrained)[:-2]                    # the last activation goes with the head
    for layer in body:
        layer.requires_grad_(False)
    return nn.Sequential(*body, nn.Linear(pretrained[-1].in_features, num_classes))


def transfer_old_head(pretrained, num_classes):
    for layer in list(pretrained)[:-1]:
        layer.requires_grad_(False)
    return pretrained                               # num_classes is never used


def transfer_new_body(pretrained, num_classes):
    layers = []
    for layer in list(pretrained)[:-1]:
        if isinstance(layer, nn.Linear):
            layer = nn.Linear(layer.in_features, layer.out_features)
        layer.requires_grad_(False)
        layers.append(layer)
    return nn.Sequential(*layers, nn.Linear(pretrained[-1].in_features, num_classes))


def transfer_copied_body(pretrained, num_classes):
    body = copy.deepcopy(list(pretrained)[:-1])
    for layer in body:
        layer.requires_grad_(False)
    return nn.Sequential(*body, nn.Linear(pretrained[-1].in_features, num_classes))


def count_everything(model):
    total = 0
    for p in model.parameters():
        total += p.data.size
    return total


def count_arrays(model):
    return len([p for p in model.parameters() if p.requires_grad])


def count_frozen(model):
    return sum(p.data.size for p in model.parameters() if p.requires_grad is False)


def count_state_dict(model):
    trainable_names = [name for name, p in model.named_parameters() if p.requires_grad]
    buffers = [name for name, _ in model.named_buffers()]
    return sum(w.numel() for name, w in model.state_dict().items() if name in trainable_names or name in buffers)


def count_weights(model):
    total = 0
    for layer in model.modules():
        weight = getattr(layer, "weight", None)
        if weight is not None and weight.requires_grad:
            total += weight.data.size
    return total


MISTAKES = {
    "11.transfer": {
        "a body that is not frozen (it trains with the head)": transfer_not_frozen,
        "only part of the body frozen": transfer_first_layer_frozen,
        "the new head frozen as well: nothing is left to train": transfer_everything_frozen,
        "the old head kept instead of a new one": transfer_old_head,
        "a body cut short: layers before the head left out": transfer_two_layers_cut,
        "a body with new weights instead of the pretrained ones": transfer_new_body,
        "a copy of the pretrained body (new layer objects with the same weights)": transfer_copied_body,
    },
    "11.count_trainable": {
        "frozen parameters counted too": count_everything,
        "parameter arrays counted instead of the numbers in them": count_arrays,
        "the frozen numbers counted instead of the trainable ones": count_frozen,
        "buffers (batch norm's running statistics) counted as parameters": count_state_dict,
        "only the weights counted, not the biases": count_weights,
    },
}
