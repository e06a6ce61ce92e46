"""Learning-rate schedules, as torch.optim.lr_scheduler: change each group's lr as epochs pass.

    scheduler = StepLR(optimizer, step_size=30, gamma=0.1)
    for epoch in range(100):
        train_one_epoch(...)        # optimizer.step() inside
        scheduler.step()            # lr = 0.1 * lr every 30 epochs
"""


class StepLR:
    """Multiply every group's learning rate by `gamma` every `step_size` calls of step().

    lr(epoch) = initial_lr * gamma ** (epoch // step_size)
    """

    def __init__(self, optimizer, step_size, gamma=0.1, last_epoch=-1):
        if not hasattr(optimizer, "param_groups"):
            raise TypeError(f"StepLR expected an optimizer, got {type(optimizer).__name__}")
        if isinstance(step_size, bool) or not isinstance(step_size, int) or step_size < 1:
            raise ValueError(f"StepLR: step_size must be a positive whole number of epochs, got {step_size!r}")
        if isinstance(gamma, bool) or not isinstance(gamma, (int, float)) or not 0 < gamma:
            raise ValueError(f"StepLR: gamma must be a number > 0, got {gamma!r}")
        self.optimizer, self.step_size, self.gamma = optimizer, step_size, gamma
        for group in optimizer.param_groups:
            group.setdefault("initial_lr", group["lr"])
        self.base_lrs = [group["initial_lr"] for group in optimizer.param_groups]
        self.last_epoch = last_epoch
        self.step()

    def get_last_lr(self):
        """The learning rate of each group after the last step()."""
        return list(self._last_lr)

    def step(self):
        self.last_epoch += 1
        for group, base in zip(self.optimizer.param_groups, self.base_lrs):
            group["lr"] = base * self.gamma ** (self.last_epoch // self.step_size)
        self._last_lr = [group["lr"] for group in self.optimizer.param_groups]

    def state_dict(self):
        return {k: v for k, v in vars(self).items() if k != "optimizer"}

    def load_state_dict(self, state_dict):
        vars(self).update(state_dict)
