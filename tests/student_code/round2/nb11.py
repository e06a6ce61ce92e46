"""Blind student code for notebook 11 (round 2), written without reading the checks."""
import copy

import numpy as np

from nnlib import nn


# ----------------------------------------------------------------------- 11.count_trainable, RIGHT
def ct_right_sum(model):
    return sum(p.numel() for p in model.parameters() if p.requires_grad)


def ct_right_loop(model):
    total = 0
    for name, p in model.named_parameters():
        if p.requires_grad:
            total += int(np.prod(p.shape))
    return int(total)


def ct_right_data_size(model):
    sizes = [p.data.size for p in model.parameters() if p.requires_grad is True]
    return int(np.sum(sizes, dtype=np.int64)) if sizes else 0


# ----------------------------------------------------------------------- 11.count_trainable, WRONG
def ct_counts_all(model):
    return sum(p.numel() for p in model.parameters())


def ct_counts_frozen(model):
    return sum(p.numel() for p in model.parameters() if not p.requires_grad)


def ct_state_dict(model):
    # state_dict has everything in it
    return int(sum(np.size(v.data) for v in model.state_dict().values()))


def ct_number_of_tensors(model):
    return len([p for p in model.parameters() if p.requires_grad])


def ct_modules_twice(model):
    total = 0
    for m in model.modules():
        for p in m.parameters():
            if p.requires_grad:
                total += p.numel()
    return total


def ct_linear_only(model):
    total = 0
    for m in model.modules():
        if isinstance(m, nn.Linear) and m.weight.requires_grad:
            total += m.weight.data.size + (m.bias.data.size if m.bias is not None else 0)
    return total


def ct_float(model):
    return float(np.sum([np.prod(p.shape) for p in model.parameters() if p.requires_grad]))


def ct_hard_coded(model):
    return 512 * 5 + 5


def ct_last_layer(model):
    # the trainable part is the head
    head = list(model.parameters())[-2:]
    return sum(p.numel() for p in head)


# ----------------------------------------------------------------------- 11.transfer, RIGHT
def tr_right_list(pretrained, num_classes):
    body = list(pretrained)[:-1]
    for layer in body:
        layer.requires_grad_(False)
    head = nn.Linear(pretrained[-1].in_features, num_classes)
    return nn.Sequential(*body, head)


def tr_right_params(pretrained, num_classes):
    layers = [pretrained[i] for i in range(len(pretrained) - 1)]
    for layer in layers:
        for p in layer.parameters():
            p.requires_grad = False
    old_head = pretrained[len(pretrained) - 1]
    in_features = old_head.weight.shape[1]
    head = nn.Linear(in_features, num_classes).to(old_head.weight.dtype)
    return nn.Sequential(*layers, head)


def tr_right_append(pretrained, num_classes):
    new = nn.Sequential()
    for layer in pretrained.layers[:-1]:
        new.append(layer)
    new.requires_grad_(False)
    new.append(nn.Linear(pretrained.layers[-1].in_features, num_classes))
    return new


# ----------------------------------------------------------------------- 11.transfer, WRONG
def tr_freezes_head_too(pretrained, num_classes):
    model = nn.Sequential(*list(pretrained)[:-1], nn.Linear(pretrained[-1].in_features, num_classes))
    model.requires_grad_(False)
    return model


def tr_no_freeze(pretrained, num_classes):
    return nn.Sequential(*list(pretrained)[:-1], nn.Linear(pretrained[-1].in_features, num_classes))


def tr_nested(pretrained, num_classes):
    body = pretrained[:-1]                  # a Sequential of the body
    body.requires_grad_(False)
    return nn.Sequential(body, nn.Linear(pretrained[-1].in_features, num_classes))


def tr_deepcopy_body(pretrained, num_classes):
    body = copy.deepcopy(list(pretrained)[:-1])   # don't touch the original
    for layer in body:
        layer.requires_grad_(False)
    return nn.Sequential(*body, nn.Linear(pretrained[-1].in_features, num_classes))


def tr_keeps_old_head(pretrained, num_classes):
    layers = list(pretrained)
    for layer in layers:
        layer.requires_grad_(False)
    return nn.Sequential(*layers, nn.Linear(pretrained[-1].out_features, num_classes))


def tr_freeze_linear_only(pretrained, num_classes):
    body = list(pretrained)[:-1]
    for layer in body:
        if isinstance(layer, nn.Linear):
            layer.weight.requires_grad = False
            layer.bias.requires_grad = False
    return nn.Sequential(*body, nn.Linear(pretrained[-1].in_features, num_classes))


def tr_first_layer_only(pretrained, num_classes):
    # as in the notebook: for p in model[0].parameters()
    for p in pretrained[0].parameters():
        p.requires_grad = False
    return nn.Sequential(*list(pretrained)[:-1], nn.Linear(pretrained[-1].in_features, num_classes))


def tr_hidden_512(pretrained, num_classes):
    body = list(pretrained)[:-1]
    for layer in body:
        layer.requires_grad_(False)
    return nn.Sequential(*body, nn.Linear(512, num_classes))


def tr_drops_two(pretrained, num_classes):
    body = list(pretrained)[:-2]         # the body ends before the last Linear and its activation
    for layer in body:
        layer.requires_grad_(False)
    last_linear = [m for m in body if isinstance(m, nn.Linear)][-1]
    return nn.Sequential(*body, nn.Linear(last_linear.out_features, num_classes))


def tr_replace_in_place(pretrained, num_classes):
    # the notebook's way: swap the head of the model itself
    for layer in list(pretrained)[:-1]:
        layer.requires_grad_(False)
    pretrained[-1] = nn.Linear(pretrained[-1].in_features, num_classes)
    return pretrained


def tr_head_args_swapped(pretrained, num_classes):
    body = list(pretrained)[:-1]
    for layer in body:
        layer.requires_grad_(False)
    return nn.Sequential(*body, nn.Linear(num_classes, pretrained[-1].in_features))


RIGHT = {
    "11.count_trainable": [ct_right_sum, ct_right_loop, ct_right_data_size],
    "11.transfer": [tr_right_list, tr_right_params, tr_right_append],
}

WRONG = {
    "11.count_trainable": [
        (ct_counts_all, "forgot the requires_grad test, counted every parameter"),
        (ct_counts_frozen, "got the condition the wrong way round: counted the frozen ones"),
        (ct_state_dict, "summed the sizes in state_dict(), which includes the buffers"),
        (ct_number_of_tensors, "counted the parameter tensors, not the numbers in them"),
        (ct_modules_twice, "looped over model.modules(): each parameter counted once per module above it"),
        (ct_linear_only, "only looked at Linear layers (batch norm's gamma and beta missing)"),
        (ct_float, "np.sum of np.prod gives a float, not an int"),
        (ct_hard_coded, "hard-coded 512 * 5 + 5 from the notebook"),
        (ct_last_layer, "assumed the trainable ones are the last two parameter tensors"),
    ],
    "11.transfer": [
        (tr_freezes_head_too, "called requires_grad_(False) on the whole new model, head included"),
        (tr_no_freeze, "forgot to freeze the body"),
        (tr_nested, "put the body in as one nested Sequential instead of its layers"),
        (tr_deepcopy_body, "deep-copied the body so the original stays untouched: not the same layer objects"),
        (tr_keeps_old_head, "kept the old head and stacked the new one on top of it"),
        (tr_freeze_linear_only, "froze only the Linear layers: batch norm's weight and bias still train"),
        (tr_first_layer_only, "froze pretrained[0] like the notebook does, so deeper bodies are not frozen"),
        (tr_hidden_512, "new head takes 512 inputs, as in the notebook"),
        (tr_drops_two, "cut off the last two layers instead of one"),
        (tr_replace_in_place, "replaced the head inside pretrained and returned pretrained (it changes the argument)"),
        (tr_head_args_swapped, "nn.Linear(num_classes, in_features): arguments the wrong way round"),
    ],
}
