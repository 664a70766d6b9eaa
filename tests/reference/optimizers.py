"""PyTorch 1.13 reference trajectories for tests/optimizers/reference_test.cpp.

Regenerate with Debian's interpreter (the one that has torch 1.13):
    /usr/bin/python3 tests/reference/optimizers.py
which rewrites tests/fixtures/optimizers.txt.

The problem: a weight (2, 3) and a bias (2) stored flat as p (8 values, weight first), and the
gradient of the quadratic 0.5 p^T A p - c^T p, that is g = A p - c, recomputed from the current
parameters before every step. A, c and p0 are float32; g is summed in double in index order and
rounded to float32, the same operations the C++ test performs, so both sides see bit-identical
gradients for identical parameters. Hyper-parameters are rounded to float32 before torch sees
them, so torch and axon start from the same values (axon's options are float).

Each case runs STEPS steps of torch.optim.<X> and records p after every step and, after the
last step, the optimizer state flattened in axon's state() order. Cases with decay_bias=0 give
the bias its own parameter group with weight_decay 0, which is what axon does by default.
Values are written as the shortest decimal that parses back to the same float32.
"""

import os

import numpy as np
import torch

STEPS = 6
WEIGHT_SHAPE = (2, 3)
BIAS_SIZE = 2
N = 6 + BIAS_SIZE
HERE = os.path.dirname(os.path.abspath(__file__))
FIXTURE = os.path.join(HERE, "..", "fixtures", "optimizers.txt")

# name, axon type, options (axon names). Defaults not listed are axon's, equal to PyTorch's.
CASES = [
    ("sgd", "sgd", dict(learning_rate=0.1)),
    ("sgd_momentum", "sgd", dict(learning_rate=0.1, momentum=0.9)),
    ("sgd_dampening", "sgd", dict(learning_rate=0.1, momentum=0.9, dampening=0.3)),
    ("sgd_nesterov", "sgd", dict(learning_rate=0.1, momentum=0.9, nesterov=1)),
    ("sgd_weight_decay", "sgd",
     dict(learning_rate=0.1, momentum=0.9, weight_decay=0.2, decay_bias=1)),
    ("sgd_weight_decay_no_bias", "sgd",
     dict(learning_rate=0.1, momentum=0.9, weight_decay=0.2, decay_bias=0)),
    ("rmsprop", "rmsprop", dict(learning_rate=0.01)),
    ("rmsprop_centered", "rmsprop", dict(learning_rate=0.01, alpha=0.9, centered=1)),
    ("rmsprop_momentum_centered_weight_decay", "rmsprop",
     dict(learning_rate=0.01, alpha=0.9, momentum=0.5, centered=1, weight_decay=0.2,
          decay_bias=1)),
    ("adam", "adam", dict(learning_rate=0.05)),
    ("adam_weight_decay", "adam", dict(learning_rate=0.05, weight_decay=0.2, decay_bias=1)),
    ("adam_weight_decay_no_bias", "adam",
     dict(learning_rate=0.05, weight_decay=0.2, decay_bias=0)),
    # beta2 0.5 lets the second moment fall as the gradient shrinks, so the running maximum
    # differs from it and amsgrad changes the trajectory.
    ("adam_amsgrad", "adam", dict(learning_rate=0.05, beta1=0.8, beta2=0.5, amsgrad=1)),
    ("adamw", "adamw", dict(learning_rate=0.05, weight_decay=0.2, decay_bias=1)),
    ("adamw_no_bias", "adamw", dict(learning_rate=0.05, weight_decay=0.2, decay_bias=0)),
    ("adamw_amsgrad", "adamw",
     dict(learning_rate=0.05, beta2=0.5, weight_decay=0.2, amsgrad=1, decay_bias=1)),
    ("adagrad", "adagrad", dict(learning_rate=0.1)),
    ("adagrad_lr_decay", "adagrad",
     dict(learning_rate=0.1, lr_decay=0.1, initial_accumulator_value=0.5, weight_decay=0.2,
          decay_bias=1)),
    ("adadelta", "adadelta", dict(learning_rate=1.0)),
    ("adadelta_weight_decay", "adadelta",
     dict(learning_rate=0.5, rho=0.8, eps=1e-4, weight_decay=0.2, decay_bias=1)),
]


def f32(x):
    """x rounded to float32, as a Python float."""
    return float(np.float32(x))


def fmt(x):
    if x == 0:
        return "0"
    return np.format_float_positional(np.float32(x), unique=True, trim="-") if abs(x) >= 1e-4 \
        else np.format_float_scientific(np.float32(x), unique=True, trim="-")


def problem():
    rng = np.random.RandomState(0)
    b = rng.standard_normal((N, N))
    a = (b @ b.T / N + np.diag(rng.uniform(0.5, 2.0, N))).astype(np.float32)
    c = rng.standard_normal(N).astype(np.float32)
    p0 = rng.standard_normal(N).astype(np.float32)
    return a, c, p0


def gradient(a, c, p):
    """g = A p - c summed in double in index order, then rounded to float32."""
    g = np.empty(N, dtype=np.float32)
    for i in range(N):
        s = 0.0
        for j in range(N):
            s += float(a[i, j]) * float(p[j])
        g[i] = np.float32(s - float(c[i]))
    return g


def build(kind, o, w, b):
    """torch.optim optimizer for axon type `kind` with axon options `o`."""
    lr = f32(o["learning_rate"])
    wd = f32(o.get("weight_decay", 0.01 if kind == "adamw" else 0.0))
    if wd != 0.0 and not o.get("decay_bias", 0):
        groups = [{"params": [w]}, {"params": [b], "weight_decay": 0.0}]
    else:
        groups = [w, b]
    if kind == "sgd":
        return torch.optim.SGD(groups, lr=lr, momentum=f32(o.get("momentum", 0.0)),
                               dampening=f32(o.get("dampening", 0.0)),
                               nesterov=bool(o.get("nesterov", 0)), weight_decay=wd, foreach=False)
    if kind == "rmsprop":
        return torch.optim.RMSprop(groups, lr=lr, alpha=f32(o.get("alpha", 0.99)),
                                   eps=f32(o.get("eps", 1e-8)),
                                   momentum=f32(o.get("momentum", 0.0)),
                                   centered=bool(o.get("centered", 0)), weight_decay=wd,
                                   foreach=False)
    if kind in ("adam", "adamw"):
        cls = torch.optim.Adam if kind == "adam" else torch.optim.AdamW
        return cls(groups, lr=lr, betas=(f32(o.get("beta1", 0.9)), f32(o.get("beta2", 0.999))),
                   eps=f32(o.get("eps", 1e-8)), weight_decay=wd,
                   amsgrad=bool(o.get("amsgrad", 0)), foreach=False)
    if kind == "adagrad":
        return torch.optim.Adagrad(groups, lr=lr, lr_decay=f32(o.get("lr_decay", 0.0)),
                                   weight_decay=wd,
                                   initial_accumulator_value=f32(
                                       o.get("initial_accumulator_value", 0.0)),
                                   eps=f32(o.get("eps", 1e-10)), foreach=False)
    if kind == "adadelta":
        return torch.optim.Adadelta(groups, lr=lr, rho=f32(o.get("rho", 0.9)),
                                    eps=f32(o.get("eps", 1e-6)), weight_decay=wd, foreach=False)
    raise ValueError(kind)


def state_keys(kind, o):
    """PyTorch's state entries in the order axon's state() returns them."""
    if kind == "sgd":
        return ["momentum_buffer"] if o.get("momentum", 0.0) != 0.0 else []
    if kind == "rmsprop":
        keys = ["square_avg"]
        if o.get("momentum", 0.0) > 0.0:
            keys.append("momentum_buffer")
        if o.get("centered", 0):
            keys.append("grad_avg")
        return keys
    if kind in ("adam", "adamw"):
        return ["exp_avg", "exp_avg_sq"] + (["max_exp_avg_sq"] if o.get("amsgrad", 0) else [])
    if kind == "adagrad":
        return ["sum"]
    return ["square_avg", "acc_delta"]


def flat(w, b):
    return np.concatenate([w.detach().numpy().ravel(), b.detach().numpy().ravel()])


def line(*items):
    return " ".join(str(i) for i in items) + "\n"


def main():
    torch.set_num_threads(1)
    a, c, p0 = problem()
    out = ["# PyTorch %s reference trajectories; written by tests/reference/optimizers.py.\n"
           % torch.__version__]
    out.append(line("sizes", 6, BIAS_SIZE))
    out.append(line("matrix", *[fmt(x) for x in a.ravel()]))
    out.append(line("target", *[fmt(x) for x in c]))
    out.append(line("initial", *[fmt(x) for x in p0]))
    for name, kind, o in CASES:
        w = torch.nn.Parameter(torch.tensor(p0[:6]).reshape(WEIGHT_SHAPE).clone())
        b = torch.nn.Parameter(torch.tensor(p0[6:]).clone())
        opt = build(kind, o, w, b)
        out.append(line("case", name, kind, *["%s=%s" % (k, fmt(v)) for k, v in o.items()]))
        for _ in range(STEPS):
            g = gradient(a, c, flat(w, b))
            w.grad = torch.tensor(g[:6]).reshape(WEIGHT_SHAPE)
            b.grad = torch.tensor(g[6:])
            opt.step()
            out.append(line("step", *[fmt(x) for x in flat(w, b)]))
        for key in state_keys(kind, o):
            values = np.concatenate([opt.state[p][key].numpy().ravel() for p in (w, b)])
            out.append(line("state", key, *[fmt(x) for x in values]))
    with open(FIXTURE, "w") as f:
        f.writelines(out)


if __name__ == "__main__":
    main()
