"""The probes of M5: what a learner's tensors, gradients and networks do, as plain data.

A probe runs the learner's answer on a case's public inputs and returns what
it observed: values, shapes, dtypes, gradients, logits, predictions, training
losses, digests of weights. It takes no verdict: the facts and checks of each
exercise do, in the judge, from these observations and from what only the
judge knows (the labels of the held-out rows, in ``Case.private``).

Every probe runs torch on one thread, with seeded generators, and gives the
learner's thread count and random state back afterwards. This module imports
no exercise and no answer, so that a sandbox can import it without them.
"""

from __future__ import annotations

import copy
import hashlib
import math
from collections.abc import Iterator, Mapping
from typing import Any

import numpy as np

from caire_exercises.exercises.torch._common import quietly, torch_module, torch_session, type_name

# --------------------------------------------------------------------- tensors


def tensors_probe(answers: Mapping[str, Any], case: Any) -> dict[str, Any]:
    """The batch `to_batch` made: its values, type and dtype, and whether X changed."""
    torch = torch_module()
    (X,) = case.args
    given = X.copy()
    batch = answers["to_batch"](given)
    mutated = [] if np.array_equal(given, X) else [0]
    if isinstance(batch, torch.Tensor):
        value = batch.detach().cpu().numpy().copy()
        dtype = str(batch.dtype).replace("torch.", "")
    else:
        value = np.asarray(batch) if isinstance(batch, np.ndarray) else None
        dtype = str(getattr(batch, "dtype", ""))
    return {"value": value, "type": type_name(batch), "dtype": dtype, "mutated": mutated}


# -------------------------------------------------------------------- autograd


def _gradient_data(gradient: Any) -> tuple[str, np.ndarray | None]:
    torch = torch_module()
    if isinstance(gradient, torch.Tensor):
        # A copy now: a second call may write into the very same tensor (w.grad).
        return "Tensor", gradient.detach().cpu().numpy().copy()
    return type_name(gradient), None


def autograd_probe(answers: Mapping[str, Any], case: Any) -> dict[str, Any]:
    """The gradients of two calls with the same `w`, and which inputs changed."""
    X, y, w = case.args
    with torch_session(0) as torch:
        X_t, y_t = torch.tensor(X), torch.tensor(y)
        w_t = torch.tensor(w, requires_grad=True)
        first_type, first = _gradient_data(answers["grad_mse"](X_t, y_t, w_t))
        second_type, second = _gradient_data(answers["grad_mse"](X_t, y_t, w_t))
        mutated = [index for index, (tensor, array) in enumerate(((X_t, X), (y_t, y), (w_t, w)))
                   if not np.array_equal(tensor.detach().numpy(), array)]
    return {"value": first, "second_call": second,
            "type": first_type if first_type != "Tensor" else second_type, "mutated": mutated}


# ------------------------------------------------------------------------- mlp

#: How the two layers of a network may be combined, as the mlp probe names what it finds.
FORWARD_KINDS = ("linear-relu-linear", "linear-linear", "relu after the output",
                 "softmax after the output", "log-softmax after the output", "something else",
                 "not two layers")


def _layer_readings(shapes: Mapping[str, tuple[int, ...]], n_in: int, n_hidden: int, n_out: int
                    ) -> Iterator[tuple[tuple[str, bool, str], tuple[str, bool, str]]]:
    """Every way of reading four parameters as two layers ``(weight, transposed, bias)``.

    A layer may store its weight as nn.Linear does, (out, in), or as ``x @ W``
    wants it, (in, out); when sizes coincide several readings fit, and the
    probe tries them all.
    """
    matrices = [name for name, shape in shapes.items() if len(shape) == 2]
    vectors = [name for name, shape in shapes.items() if len(shape) == 1]
    for first, second in ((matrices[0], matrices[1]), (matrices[1], matrices[0])):
        for b1, b2 in ((vectors[0], vectors[1]), (vectors[1], vectors[0])):
            if shapes[b1] != (n_hidden,) or shapes[b2] != (n_out,):
                continue
            for t1 in (False, True):
                if shapes[first] != ((n_in, n_hidden) if t1 else (n_hidden, n_in)):
                    continue
                for t2 in (False, True):
                    if shapes[second] == ((n_hidden, n_out) if t2 else (n_out, n_hidden)):
                        yield (first, t1, b1), (second, t2, b2)


def _forward_kind(torch: Any, model: Any, n_in: int, n_hidden: int, n_out: int) -> str:
    """How the model computes its output from its two layers, one of :data:`FORWARD_KINDS`.

    The probe runs a copy of the model whose parameters it has set itself, with
    weights of both signs and inputs large enough that every activation shows
    (a ReLU6 or a leaky ReLU differs from a ReLU, a ReLU on the output clips
    some values), then compares the output with what each layout would give.
    Layers are found by the shapes of the parameters, so a network written with
    nn.Linear or with its own nn.Parameter weights is read the same way. What
    the network computes is a structural observation; the judge decides.
    """
    try:
        twin = copy.deepcopy(model)
    except Exception:  # noqa: BLE001 - the probe built this model itself: it may change it
        twin = model
    parameters = dict(twin.named_parameters())
    shapes = {name: tuple(p.shape) for name, p in parameters.items()}
    if sorted(len(shape) for shape in shapes.values()) != [1, 1, 2, 2]:
        return "not two layers"
    generator = torch.Generator().manual_seed(0)
    with torch.no_grad():
        for parameter in parameters.values():
            parameter.copy_(torch.randn(parameter.shape, generator=generator))
        x = 3 * torch.randn(64, n_in, generator=generator)
        out = twin(x)
        if not isinstance(out, torch.Tensor):
            return "something else"

        def layer(inputs: Any, name: str, transposed: bool, bias: str) -> Any:
            weight = parameters[name]
            return (inputs @ weight if transposed else inputs @ weight.T) + parameters[bias]

        found = []
        for first, second in _layer_readings(shapes, n_in, n_hidden, n_out):
            hidden = layer(x, *first)
            relu_between = layer(torch.relu(hidden), *second)
            candidates = {
                "linear-relu-linear": relu_between,
                "linear-linear": layer(hidden, *second),
                "relu after the output": torch.relu(relu_between),
                "softmax after the output": torch.softmax(relu_between, dim=1),
                "log-softmax after the output": torch.log_softmax(relu_between, dim=1),
            }
            found += [name for name, value in candidates.items()
                      if value.shape == out.shape and torch.allclose(value, out, rtol=1e-4,
                                                                      atol=1e-4)]
    if "linear-relu-linear" in found:
        return "linear-relu-linear"
    return found[0] if found else "something else"


def mlp_probe(answers: Mapping[str, Any], case: Any) -> dict[str, Any]:
    """What `make_mlp` built: parameter count and dtypes, output shape, what it computes."""
    n_in, n_hidden, n_out = case.args
    with torch_session(0) as torch:
        model = answers["make_mlp"](n_in, n_hidden, n_out)
        if not isinstance(model, torch.nn.Module):
            return {"type": type_name(model)}
        parameters = sum(int(p.numel()) for p in model.parameters())
        frozen = sum(int(p.numel()) for p in model.parameters() if not p.requires_grad)
        dtypes = {str(p.dtype).replace("torch.", "") for p in model.parameters()}
        if dtypes - {"float32"}:
            # Such a network cannot even read the float32 batch of the statement.
            return {"type": "Module", "parameter dtype": ", ".join(sorted(dtypes))}
        x = torch.randn(16, n_in)
        with torch.no_grad():
            out = model(x)
        return {"type": "Module", "parameters": parameters, "frozen": frozen,
                "output shape": list(out.shape), "output dtype": str(out.dtype).replace("torch.", ""),
                "forward": _forward_kind(torch, model, n_in, n_hidden, n_out)}


# -------------------------------------------------------------- training loop

#: The numbers of epochs at which the training loss is measured, besides the full budget.
LOGREG_CHECKPOINTS = (1, 2, 5, 10, 20, 50)


def _digest(tensor: Any) -> str:
    return hashlib.sha256(tensor.detach().cpu().contiguous().numpy().tobytes()).hexdigest()[:32]


def _bce(logits: np.ndarray, y: np.ndarray) -> float:
    """Binary cross-entropy of logits, in float64, without overflow."""
    z = logits.astype(np.float64)
    return float(np.mean(np.maximum(z, 0) - z * y + np.log1p(np.exp(-np.abs(z)))))


def _logits(torch: Any, model: Any, X: np.ndarray) -> tuple[np.ndarray | None, list[int] | str]:
    """One logit per row as a 1-D array (``None`` when the output is not that), and its shape."""
    with torch.no_grad():
        out = model(torch.tensor(X))
    if not isinstance(out, torch.Tensor):
        return None, type_name(out)
    shape = list(out.shape)
    if out.numel() != len(X) or (out.dim() == 2 and out.shape[1] != 1) or out.dim() > 2:
        return None, shape
    return out.detach().reshape(-1).double().numpy().copy(), shape


def training_loop_probe(answers: Mapping[str, Any], case: Any) -> dict[str, Any]:
    """What `train_logreg` trains, run after run.

    The observations: the model's parameter shapes, the logits of the full
    budget on the training rows (twice, from two random states), the training
    loss after fewer epochs, the logits of three short runs that each change
    one input (another seed, another learning rate, other labels on half of the
    rows) with digests of torch's random state, the logits of the held-out rows
    and of three rows chosen to see whether the model is affine. The held-out
    labels stay with the judge.
    """
    X_train, y_train, X_test = case.args
    epochs, lr, seed = case.kwargs["epochs"], case.kwargs["lr"], case.kwargs["seed"]
    train = answers["train_logreg"]
    schedule = [e for e in LOGREG_CHECKPOINTS if e < epochs] + [epochs]
    data: dict[str, Any] = {"value": None, "epochs": schedule, "losses": [], "mutated": []}

    with torch_session(seed) as torch:
        states: list[Any] = []

        def run(n_epochs: int, disturbance: int, *, with_seed: int = seed, with_lr: float = lr,
                labels: np.ndarray = y_train) -> Any:
            # Each call starts from another random state: only the learner's own seeding
            # can make two calls agree.
            torch.manual_seed(disturbance)
            X, y = torch.tensor(X_train), torch.tensor(labels)
            model = quietly(train, X, y, n_epochs, with_lr, with_seed)
            states.append(torch.random.get_rng_state())
            if not (np.array_equal(X.numpy(), X_train) and np.array_equal(y.numpy(), labels)):
                data["mutated"] = [0] if not np.array_equal(X.numpy(), X_train) else [1]
            return model

        model = run(epochs, 1_000)
        data["module"] = isinstance(model, torch.nn.Module)
        data["type"] = type_name(model)
        if not data["module"]:
            return data
        data["parameter dtypes"] = sorted({str(p.dtype).replace("torch.", "")
                                           for p in model.parameters()})
        data["parameter shapes"] = sorted(list(p.shape) for p in model.parameters())
        try:
            final, shape = _logits(torch, model, X_train)
        except RuntimeError:
            if set(data["parameter dtypes"]) - {"float32"}:
                data["forward failed"] = True
                return data
            raise  # the learner's own error, reported with the line of their code
        data["output shape"] = shape
        if final is None:
            return data
        data["logits"] = final
        again, _ = _logits(torch, run(epochs, 2_000), X_train)
        data["again"] = again
        losses, early = [], {}
        for index, n_epochs in enumerate(schedule[:-1]):
            logits, _ = _logits(torch, run(n_epochs, 3_000 + index), X_train)
            early[n_epochs] = (logits, _digest(states[-1]))
            losses.append(_bce(logits, y_train) if logits is not None else math.nan)
        losses.append(_bce(final, y_train))
        data["losses"] = losses
        data["value"] = {"training loss": round(losses[-1], 4)}
        test, test_shape = _logits(torch, model, X_test)
        data["test output shape"] = test_shape
        data["test logits"] = test
        corners = np.stack([X_train[0], X_train[1], (X_train[0] + X_train[1]) / 2]).astype(X_train.dtype)
        data["affine probe"], _ = _logits(torch, model, corners)
        # Three short runs that each change one input and must change the model: another
        # seed, another learning rate, and other labels on the second half of the rows.
        short = schedule[min(1, len(schedule) - 2)] if len(schedule) > 1 else epochs
        data["short"] = short
        data["short logits"], data["short state"] = early.get(short, (final, _digest(states[0])))
        data["other seed logits"], _ = _logits(torch, run(short, 4_000, with_seed=seed + 1), X_train)
        data["other seed state"] = _digest(states[-1])
        data["other lr logits"], _ = _logits(torch, run(short, 3_000 + schedule.index(short),
                                                        with_lr=lr / 2), X_train)
        flipped = y_train.copy()
        flipped[len(flipped) // 2:] = 1 - flipped[len(flipped) // 2:]
        data["other labels logits"], _ = _logits(torch, run(short, 3_000 + schedule.index(short),
                                                            labels=flipped), X_train)
    return data


# ---------------------------------------------------------------- reproducible


def _weights(model: Any) -> list[list[Any]]:
    """Each tensor of a model's state as ``[name, shape, digest]``."""
    return [[name, list(tensor.shape), _digest(tensor)] for name, tensor in model.state_dict().items()]


def _cross_entropy(torch: Any, logits: Any, labels: np.ndarray) -> float:
    return float(torch.nn.functional.cross_entropy(logits, torch.tensor(labels)))


def reproducible_probe(answers: Mapping[str, Any], case: Any) -> dict[str, Any]:
    """Three calls of `train` (the seed twice, then another seed) and what the first model predicts.

    The observations: digests of the three models' weights, the first model's
    logits on the held-out rows (twice, and for seven rows alone), and its loss
    on the training rows. The held-out labels stay with the judge.
    """
    X_train, y_train, X_test = case.args
    seed, other_seed = case.kwargs["seed"], case.kwargs["other_seed"]
    data: dict[str, Any] = {"value": None}

    with torch_session(seed) as torch:
        def run(with_seed: int, disturbance: int) -> Any:
            # Other code may have drawn random numbers between two calls: only the
            # learner's own seeding can make the calls agree.
            torch.manual_seed(disturbance)
            return quietly(answers["train"], with_seed)

        first = run(seed, 11)
        data["module"] = isinstance(first, torch.nn.Module)
        data["type"] = type_name(first)
        if not data["module"]:
            return data
        second, third = run(seed, 22), run(other_seed, 33)
        X = torch.tensor(X_test / 16, dtype=torch.float32)
        with torch.no_grad():
            logits = first(X)
            again = first(X)
            alone = first(X[:7])
        data["output shape"] = list(getattr(logits, "shape", ())) if isinstance(
            logits, torch.Tensor) else type_name(logits)
        if not isinstance(logits, torch.Tensor) or tuple(logits.shape) != (len(X), 10):
            return data
        data["weights"] = [_weights(model) for model in (first, second, third)]
        data["logits"] = logits.detach().double().numpy().copy()
        data["again"] = again.detach().double().numpy().copy()
        data["alone"] = alone.detach().double().numpy().copy() if isinstance(
            alone, torch.Tensor) else None
        with torch.no_grad():
            data["training loss"] = _cross_entropy(
                torch, first(torch.tensor(X_train / 16, dtype=torch.float32)), y_train)
    data["value"] = {"training loss": round(data["training loss"], 4)}
    return data


# ------------------------------------------------------------------------- cnn

CNN_EPOCHS = 15
CNN_LR = 0.015
CNN_BATCH = 64
CNN_MAX_PARAMETERS = 20_000


def cnn_probe(answers: Mapping[str, Any], case: Any) -> dict[str, Any]:
    """The learner's network, as built, then after the library trained it the same way for all.

    The observations: its parameter count and whether it has a convolution, the
    outputs of the untrained network (four images, then 64), its predictions on
    the held-out images before and after training, and the training loss of
    each epoch. A network over the stated parameter limit, without a
    convolution, or of the wrong output is not trained: what the judge needs
    to fail it is already observed.
    """
    X_train, X_test, y_train = case.args
    seed = case.kwargs["seed"]
    data: dict[str, Any] = {"value": None, "losses": []}

    with torch_session(seed) as torch:
        answer = answers["make_cnn"]
        is_module = isinstance(answer, torch.nn.Module)
        model = copy.deepcopy(answer) if is_module else quietly(answer)
        data["module"] = isinstance(model, torch.nn.Module)
        data["type"] = type_name(model)
        if not data["module"]:
            return data
        parameters = sum(int(p.numel()) for p in model.parameters())
        data["parameters"] = parameters
        data["value"] = {"parameters": parameters}
        # A convolution is an nn.Conv* module, or a weight of 3 axes or more used by F.conv2d.
        data["convolution"] = (any(isinstance(module, torch.nn.modules.conv._ConvNd)
                                   for module in model.modules())
                               or any(p.dim() >= 3 for p in model.parameters()))
        if parameters > CNN_MAX_PARAMETERS or not data["convolution"]:
            return data

        def images(X: np.ndarray) -> Any:
            return torch.tensor(X / 16, dtype=torch.float32).reshape(-1, 1, 8, 8)

        X_tr, X_te = images(X_train), images(X_test)
        y_tr = torch.tensor(y_train, dtype=torch.long)
        model.eval()
        dims: list[int] = []
        hooks = [module.register_forward_pre_hook(lambda module, args: dims.append(args[0].dim()))
                 for module in model.modules() if isinstance(module, torch.nn.Linear)]
        try:
            with torch.no_grad():
                out = model(X_tr[:4])
        except RuntimeError:
            if any(dim > 2 for dim in dims):
                data["linear input axes"] = max(dims)
                return data
            raise  # the learner's own error, reported with the line of their code
        finally:
            for hook in hooks:
                hook.remove()
        if not isinstance(out, torch.Tensor):
            data["output shape"] = type_name(out)
            return data
        data["output shape"] = list(out.shape)
        if tuple(out.shape) != (4, 10):
            return data
        with torch.no_grad():
            data["first outputs"] = model(X_tr[:64]).double().numpy().copy()
            data["untrained predictions"] = model(X_te).argmax(dim=1).numpy().copy()
        first = data["first outputs"]
        if (first >= 0).all():
            # Probabilities, or outputs that cannot be negative: training changes nothing
            # the judge reads, and is not worth its seconds.
            return data

        optimizer = torch.optim.Adam(model.parameters(), lr=CNN_LR)
        # The rate decays to zero along a cosine: the last steps are small, so the test
        # accuracy does not hang on the noise of the very last mini-batch.
        steps = CNN_EPOCHS * math.ceil(len(X_tr) / CNN_BATCH)
        schedule = torch.optim.lr_scheduler.CosineAnnealingLR(optimizer, T_max=steps)
        order = torch.Generator().manual_seed(seed)
        losses = []
        for _ in range(CNN_EPOCHS):
            model.train()
            # Read once an epoch: turning each step's loss into a number costs a fifth of a step.
            seen, sizes = [], []
            for batch in torch.randperm(len(X_tr), generator=order).split(CNN_BATCH):
                optimizer.zero_grad()
                loss = torch.nn.functional.cross_entropy(model(X_tr[batch]), y_tr[batch])
                loss.backward()
                optimizer.step()
                schedule.step()
                seen.append(loss.detach())
                sizes.append(len(batch))
            losses.append(float(np.dot(torch.stack(seen).double().numpy(), sizes)) / len(X_tr))
        model.eval()
        with torch.no_grad():
            data["predictions"] = model(X_te).argmax(dim=1).numpy().copy()
    data["losses"] = losses
    data["epochs"] = list(range(1, CNN_EPOCHS + 1))
    return data

