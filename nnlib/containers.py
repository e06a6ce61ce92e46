"""Containers of layers: `Sequential` runs them in order, `ModuleList` just holds them."""

from .module import Module


def _check_layer(layer, where):
    if isinstance(layer, type) and issubclass(layer, Module):
        raise TypeError(f"{where} is the class {layer.__name__}, not a layer: create one with {layer.__name__}(...)")
    if not isinstance(layer, Module):
        name = type(layer).__name__
        raise TypeError(f"{where} must be a Module, got {name} {layer!r:.40} ({name} is not a Module subclass; "
                        f"a layer is e.g. nn.ReLU())")


class Sequential(Module):
    """Layers applied one after another. Indexable: model[0] is the first layer."""

    def __init__(self, *layers):
        for i, layer in enumerate(layers):
            _check_layer(layer, f"Sequential: argument {i}")
        self.layers = list(layers)

    def named_children(self):
        return ((str(i), m) for i, m in enumerate(self.layers))

    def forward(self, x):
        for layer in self.layers:
            x = layer(x)
        return x

    def __getitem__(self, index):
        if isinstance(index, slice):
            return Sequential(*self.layers[index])
        return self.layers[index]

    def __setitem__(self, index, layer):
        _check_layer(layer, "Sequential: the new layer")
        self.layers[index] = layer

    def __len__(self):
        return len(self.layers)

    def __iter__(self):
        return iter(self.layers)

    def append(self, layer):
        _check_layer(layer, "Sequential.append")
        self.layers.append(layer)
        return self


class ModuleList(Module):
    """A list of layers whose parameters the parent module finds (a plain Python list hides them)."""

    def __init__(self, modules=()):
        self._modules = []
        for module in modules:
            self.append(module)

    def named_children(self):
        return ((str(i), m) for i, m in enumerate(self._modules))

    def append(self, module):
        _check_layer(module, "ModuleList.append")
        self._modules.append(module)
        return self

    def extend(self, modules):
        for module in modules:
            self.append(module)
        return self

    def __getitem__(self, index):
        if isinstance(index, slice):
            return ModuleList(self._modules[index])
        return self._modules[index]

    def __setitem__(self, index, module):
        _check_layer(module, "ModuleList: the new module")
        self._modules[index] = module

    def __len__(self):
        return len(self._modules)

    def __iter__(self):
        return iter(self._modules)

    def forward(self, *args):
        raise NotImplementedError("a ModuleList has no forward(): loop over its layers in your own forward()")
