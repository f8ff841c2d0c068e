"""M5, neural networks with PyTorch: other answers right and wrong, edge cases, forged observations.

Every exercise is proven by tests/test_registry_proof.py. The tests that need torch skip
cleanly without it; the test of a missing torch runs anywhere, by hiding torch from a fresh
interpreter.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from typing import Any

import numpy as np
import pytest

import caire_exercises as cx
from caire_exercises.testing import check_answers

M5 = ("torch.tensors", "torch.autograd", "torch.mlp", "torch.training_loop", "torch.reproducible",
      "torch.cnn", "torch.early_stopping")


@pytest.fixture(scope="module")
def torch() -> Any:
    return pytest.importorskip("torch")


def registry() -> Any:
    from caire_exercises.engine.registry import registry as the_registry

    return the_registry()


def _check(exercise_id: str, answer: Any, *, student: str | None = None, secret: str = "") -> Any:
    exercise = registry().get(exercise_id).for_student(student)
    return check_answers(exercise, {exercise.answer_names[0]: answer}, secret=secret)


def _mistake(exercise_id: str, mistake_id: str) -> Any:
    """A declared mistake's answer, as a learner would hand it in."""
    return next(m.answer for m in registry().get(exercise_id).mistakes if m.id == mistake_id)


def _run(code: str) -> subprocess.CompletedProcess[str]:
    env = {key: value for key, value in os.environ.items() if not key.startswith("CAIRE_")}
    return subprocess.run([sys.executable, "-c", textwrap.dedent(code)], capture_output=True,
                          text=True, env=env, timeout=300, check=False)


# ------------------------------------------------------------------------ registry


def test_the_module_is_registered_in_catalogue_order() -> None:
    ids = [exercise.id for exercise in registry().exercises() if exercise.module == "torch"]
    assert ids == list(M5)
    # early_stopping is pure Python: it asks for no extra.
    assert all(registry().get(i).requires == ("torch",) for i in M5 if i != "torch.early_stopping")
    assert registry().get("torch.early_stopping").requires == ()


# ---------------------------------------------------------------- without torch


_HIDE_TORCH = {
    # What the brief of the project asks for. scikit-learn cannot run in such a process
    # (scipy's array-API helpers take any entry of sys.modules for a module), so only the
    # torch exercises are tried there.
    "none in sys.modules": 'sys.modules["torch"] = None',
    # What a machine without torch looks like to every library: the import fails.
    "import refused": """
import importlib.abc
class NoTorch(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] == "torch":
            raise ModuleNotFoundError(f"No module named {name!r}", name=name)
sys.meta_path.insert(0, NoTorch())
""",
}


@pytest.mark.parametrize("how", sorted(_HIDE_TORCH))
def test_without_torch_the_exercises_name_the_extra_and_the_rest_works(how: str) -> None:
    completed = _run("import sys\n" + _HIDE_TORCH[how] + textwrap.dedent(f"""
        import json
        import caire_exercises as cx
        from caire_exercises.model.errors import MissingExtraError
        from caire_exercises.engine.registry import registry

        seen = {{}}
        ids = [e.id for e in registry().exercises() if e.module == "torch"]
        for exercise_id in ids:
            try:
                cx.get(exercise_id).check(lambda *args: None, quiet=True)
            except MissingExtraError as error:
                seen[exercise_id] = [error.extra, error.package, str(error)]
        from caire_exercises.testing import check_answers

        def proven(exercise_id):
            exercise = registry().get(exercise_id)
            return check_answers(exercise, {{exercise.answer_names[0]: exercise.reference}}).passed

        pure = proven("torch.early_stopping")
        others = None
        if {how!r} == "import refused":
            others = proven("numpy.zscore")
        print(json.dumps({{"ids": ids, "seen": seen, "others": others, "pure": pure,
                          "torch": sys.modules.get("torch") is not None}}))
    """))
    assert completed.returncode == 0, completed.stderr
    report = json.loads(completed.stdout.strip().splitlines()[-1])
    assert report["ids"] == list(M5)
    assert sorted(report["seen"]) == sorted(set(M5) - {"torch.early_stopping"})
    assert report["pure"] is True
    for extra, package, text in report["seen"].values():
        assert (extra, package) == ("torch", "torch")
        assert 'pip install "caire-exercises[torch]"' in text
    assert report["torch"] is False
    if how == "import refused":
        assert report["others"] is True


def test_importing_the_module_does_not_import_torch() -> None:
    completed = _run("""
        import sys
        import caire_exercises.exercises.torch as module
        module.EXERCISES[0].statement_in("fr"), module.EXERCISES[0].solution_source()
        print("torch" in sys.modules)
    """)
    assert completed.returncode == 0, completed.stderr
    assert completed.stdout.strip().splitlines()[-1] == "False"


# ----------------------------------------------------------------- verification


def _alternatives(exercise_id: str) -> list[Any]:
    """Correct answers written differently from the references."""
    import torch
    from torch import nn

    def to_batch_from_numpy(X):
        return torch.from_numpy(X).float().div(16).view(-1, 8, 8).unsqueeze(1)

    def to_batch_as_tensor(X):
        return (torch.as_tensor(X, dtype=torch.float32) / 16).view(len(X), 1, 8, 8)

    def to_batch_stacked(X):
        return torch.stack([torch.tensor(row.reshape(1, 8, 8) / 16).float() for row in X])

    def grad_mse_float32(X, y, w):
        # float32 throughout: about seven digits, which the tolerance of the check allows.
        leaf = w.detach().float().requires_grad_()
        ((X.float() @ leaf - y.float()) ** 2).mean().backward()
        return leaf.grad

    def grad_mse_loop(X, y, w):
        leaf = w.detach().clone().requires_grad_(True)
        loss = sum((torch.dot(X[i], leaf) - y[i]) ** 2 for i in range(len(y)))
        (loss / len(y)).backward()
        return leaf.grad

    def train_logreg_by_hand(X, y, epochs, lr, seed):
        torch.manual_seed(seed)
        model = nn.Linear(30, 1)
        for _ in range(epochs):
            model.zero_grad()
            nn.functional.binary_cross_entropy_with_logits(model(X)[:, 0], y).backward()
            with torch.no_grad():
                for parameter in model.parameters():
                    parameter -= lr * parameter.grad
        return model

    def train_logreg_zero_start(X, y, epochs, lr, seed):
        # Zero weights: every seed gives the same model, and that is right here.
        torch.manual_seed(seed)
        model = nn.Linear(30, 1)
        nn.init.zeros_(model.weight)
        nn.init.zeros_(model.bias)
        optimizer = torch.optim.SGD(model.parameters(), lr=lr, momentum=0.5)
        for _ in range(epochs):
            optimizer.zero_grad()
            nn.BCELoss()(torch.sigmoid(model(X)).squeeze(), y).backward()
            optimizer.step()
        return model

    class HandmadeMLP(nn.Module):
        """Weights as bare parameters stored (in, out), no nn.Linear, no nn.ReLU."""

        def __init__(self, n_in, n_hidden, n_out):
            super().__init__()
            self.W1 = nn.Parameter(torch.randn(n_in, n_hidden) * 0.1)
            self.b1 = nn.Parameter(torch.zeros(n_hidden))
            self.W2 = nn.Parameter(torch.randn(n_hidden, n_out) * 0.1)
            self.b2 = nn.Parameter(torch.zeros(n_out))

        def forward(self, x):
            return torch.clamp(x @ self.W1 + self.b1, min=0) @ self.W2 + self.b2

    class ListMLP(nn.Module):
        def __init__(self, n_in, n_hidden, n_out):
            super().__init__()
            self.layers = nn.ModuleList([nn.Linear(n_in, n_hidden), nn.Linear(n_hidden, n_out)])

        def forward(self, x):
            return self.layers[1](self.layers[0](x).clamp_min(0))

    def grad_mse_functional(X, y, w):
        w.grad = None
        nn.functional.mse_loss(X @ w, y).backward()
        gradient = w.grad.clone()
        w.grad = None
        return gradient

    def grad_mse_autograd_grad(X, y, w):
        leaf = w.detach().requires_grad_()
        (gradient,) = torch.autograd.grad(((y - X @ leaf) ** 2).sum() / len(y), leaf)
        return gradient

    class LogisticRegression(nn.Module):
        def __init__(self, n_features):
            super().__init__()
            self.linear = nn.Linear(n_features, 1)

        def forward(self, X):
            return self.linear(X).squeeze(-1)

    def train_logreg_adam(X, y, epochs, lr, seed):
        torch.manual_seed(seed)
        model = LogisticRegression(X.shape[1])
        optimizer = torch.optim.Adam(model.parameters(), lr=lr)
        loss_fn = nn.BCEWithLogitsLoss()
        for _ in range(epochs):
            optimizer.zero_grad()
            loss_fn(model(X), y).backward()
            optimizer.step()
        return model

    def train_logreg_minibatch(X, y, epochs, lr, seed):
        torch.manual_seed(seed)
        model = nn.Sequential(nn.Linear(X.shape[1], 1))
        optimizer = torch.optim.SGD(model.parameters(), lr=lr)
        batches = torch.utils.data.DataLoader(torch.utils.data.TensorDataset(X, y.unsqueeze(1)),
                                              batch_size=64, shuffle=True)
        for _ in range(epochs):
            for X_batch, y_batch in batches:
                optimizer.zero_grad()
                nn.functional.binary_cross_entropy_with_logits(model(X_batch), y_batch).backward()
                optimizer.step()
        return model

    class MLP(nn.Module):
        def __init__(self, n_in, n_hidden, n_out):
            super().__init__()
            self.output = nn.Linear(n_hidden, n_out)   # registered first on purpose
            self.hidden = nn.Linear(n_in, n_hidden)

        def forward(self, x):
            return self.output(nn.functional.relu(self.hidden(x)))

    def make_mlp_ordered(n_in, n_hidden, n_out):
        from collections import OrderedDict

        return nn.Sequential(OrderedDict(hidden=nn.Linear(n_in, n_hidden), act=nn.ReLU(),
                                         out=nn.Linear(n_hidden, n_out)))

    def train_full_batch(seed):
        from sklearn.model_selection import train_test_split

        from caire_exercises.data import load

        X, y = load("digits", as_="numpy")
        X_train, _, y_train, _ = train_test_split(X, y, test_size=0.25, random_state=0, stratify=y)
        X_train = torch.tensor(X_train / 16, dtype=torch.float32)
        y_train = torch.tensor(y_train, dtype=torch.long)
        torch.manual_seed(seed)
        model = nn.Sequential(nn.Linear(64, 48), nn.ReLU(), nn.Dropout(0.1), nn.Linear(48, 10))
        optimizer = torch.optim.Adam(model.parameters(), lr=0.01)
        for _ in range(150):
            optimizer.zero_grad()
            nn.functional.cross_entropy(model(X_train), y_train).backward()
            optimizer.step()
        return model.eval()

    class SmallCNN(nn.Module):
        def __init__(self):
            super().__init__()
            self.features = nn.Sequential(
                nn.Conv2d(1, 24, 3, padding=1), nn.BatchNorm2d(24), nn.ReLU(), nn.MaxPool2d(2),
                nn.Conv2d(24, 32, 3, padding=1), nn.ReLU(), nn.Dropout(0.1))
            self.classifier = nn.Linear(32 * 4 * 4, 10)

        def forward(self, x):
            return self.classifier(torch.flatten(self.features(x), 1))

    def make_cnn_average_pooling():
        return nn.Sequential(nn.Conv2d(1, 16, 3, padding=1), nn.GELU(), nn.AvgPool2d(2),
                             nn.Conv2d(16, 32, 3, padding=1), nn.GELU(), nn.AvgPool2d(2),
                             nn.Flatten(), nn.Linear(128, 64), nn.GELU(), nn.Linear(64, 10))

    def should_stop_float32(history, patience, min_delta):
        losses = np.asarray(history, dtype=np.float32)
        if len(losses) <= patience:
            return False
        return losses[-patience:].min() >= losses[:-patience].min() - np.float32(min_delta)

    def should_stop_loop(history, patience, min_delta):
        if len(history) <= patience:
            return False
        best = float("inf")
        for loss in history[:-patience]:
            best = min(best, loss)
        return not any(loss < best - min_delta for loss in history[-patience:])

    def should_stop_numpy(history, patience, min_delta):
        losses = np.asarray(history, dtype=float)
        if losses.size <= patience:
            return False
        return bool(losses[:-patience].min() - losses[-patience:].min() <= min_delta)

    return {
        "torch.tensors": [to_batch_from_numpy, to_batch_as_tensor, to_batch_stacked],
        "torch.autograd": [grad_mse_functional, grad_mse_autograd_grad, grad_mse_float32,
                           grad_mse_loop],
        "torch.training_loop": [train_logreg_adam, train_logreg_minibatch, train_logreg_by_hand,
                                train_logreg_zero_start],
        "torch.mlp": [MLP, make_mlp_ordered, HandmadeMLP, ListMLP],
        "torch.reproducible": [train_full_batch],
        "torch.cnn": [SmallCNN, SmallCNN(), make_cnn_average_pooling],
        "torch.early_stopping": [should_stop_loop, should_stop_numpy, should_stop_float32],
    }[exercise_id]


@pytest.mark.torch
@pytest.mark.parametrize("exercise_id", M5)
def test_answers_written_otherwise_pass(torch: Any, exercise_id: str) -> None:
    # tests/test_registry_proof.py proves every exercise; here, other right answers.
    for answer in _alternatives(exercise_id):
        result = _check(exercise_id, answer, student="alice@example.org")
        assert result.passed, (getattr(answer, "__name__", answer),
                               [c.message_in("en") for c in result.cases if not c.passed])


@pytest.mark.torch
@pytest.mark.parametrize("exercise_id", ["torch.training_loop", "torch.cnn"])
@pytest.mark.parametrize("secret", ["course-2025", "course-2026"])
def test_the_reference_clears_the_bar_on_hidden_cases(torch: Any, exercise_id: str, secret: str) -> None:
    # An answer as good as the reference passes where the reference itself misses the bar:
    # the reference must clear the bar on other hidden draws too, or weak answers get through.
    exercise = registry().get(exercise_id)
    facts = {fact.name: fact for fact in exercise.facts}
    result = _check(exercise_id, exercise.reference, secret=secret)
    assert result.passed, [c.message_in("en") for c in result.cases]
    from caire_exercises.engine.checking import probe_answer

    cases = exercise.make_cases(secret)
    for case, outcome in zip(cases, probe_answer(exercise, {exercise.answer_names[0]: exercise.reference},
                                                 cases, guarded=False)):
        # Judged against a reference that scored nothing, it must clear the bar on its own.
        assert facts["accurate"].evaluate(outcome["data"], {}, case), case.name


# ------------------------------------------------------------ other wrong answers


def _wrong_answers() -> dict[str, list[Any]]:
    import torch
    from torch import nn

    def to_batch_per_image(X):
        low, high = X.min(axis=1, keepdims=True), X.max(axis=1, keepdims=True)
        return torch.tensor((X - low) / (high - low), dtype=torch.float32).reshape(-1, 1, 8, 8)

    def to_batch_flat(X):
        return torch.tensor(X / 16, dtype=torch.float32)

    def grad_returns_loss(X, y, w):
        w = w.detach().clone().requires_grad_(True)
        loss = ((X @ w - y) ** 2).mean()
        loss.backward()
        return loss

    def grad_negated(X, y, w):
        w = w.detach().clone().requires_grad_(True)
        ((X @ w - y) ** 2).mean().backward()
        return -w.grad

    def train_logreg_tiny_lr(X, y, epochs, lr, seed):
        torch.manual_seed(seed)
        model = nn.Linear(X.shape[1], 1)
        optimizer = torch.optim.SGD(model.parameters(), lr=1e-5)
        for _ in range(epochs):
            optimizer.zero_grad()
            nn.functional.binary_cross_entropy_with_logits(model(X).squeeze(1), y).backward()
            optimizer.step()
        return model

    def train_logreg_returns_weights(X, y, epochs, lr, seed):
        torch.manual_seed(seed)
        return nn.Linear(X.shape[1], 1).weight.detach()

    def make_mlp_float64(n_in, n_hidden, n_out):
        return nn.Sequential(nn.Linear(n_in, n_hidden), nn.ReLU(), nn.Linear(n_hidden, n_out)).double()

    def make_mlp_sigmoid(n_in, n_hidden, n_out):
        return nn.Sequential(nn.Linear(n_in, n_hidden), nn.Sigmoid(), nn.Linear(n_hidden, n_out))

    def train_numpy_seed_only(seed):
        np.random.seed(seed)
        model = nn.Sequential(nn.Linear(64, 10))
        return model.eval()

    def make_cnn_too_small():
        return nn.Sequential(nn.Conv2d(1, 2, kernel_size=8), nn.Flatten(), nn.Linear(2, 10))

    def should_stop_off_by_one(history, patience, min_delta):
        if len(history) <= patience + 1:
            return False
        return min(history[-patience - 1:]) >= min(history[:-patience - 1]) - min_delta

    def should_stop_first_loss(history, patience, min_delta):
        if len(history) <= patience:
            return False
        return min(history[-patience:]) >= history[0] - min_delta

    def should_stop_int(history, patience, min_delta):
        if len(history) <= patience:
            return 0
        return int(min(history[-patience:]) >= min(history[:-patience]) - min_delta)

    return {
        "torch.tensors": [to_batch_per_image, to_batch_flat],
        "torch.autograd": [grad_returns_loss, grad_negated],
        "torch.training_loop": [train_logreg_tiny_lr, train_logreg_returns_weights],
        "torch.mlp": [make_mlp_float64, make_mlp_sigmoid],
        "torch.reproducible": [train_numpy_seed_only],
        "torch.cnn": [make_cnn_too_small],
        "torch.early_stopping": [should_stop_off_by_one, should_stop_first_loss, should_stop_int],
    }


@pytest.mark.torch
@pytest.mark.parametrize("exercise_id", M5)
def test_other_wrong_answers_fail(torch: Any, exercise_id: str) -> None:
    for answer in _wrong_answers()[exercise_id]:
        result = _check(exercise_id, answer)
        assert not result.passed, getattr(answer, "__name__", answer)


# ----------------------------------------------------------------- what learners read


@pytest.mark.torch
def test_the_reference_gradient_agrees_with_finite_differences(torch: Any) -> None:
    from caire_exercises.exercises.torch import grad_mse

    rng = np.random.default_rng(3)
    X, y, w = rng.normal(size=(15, 4)), rng.normal(size=15), rng.normal(size=4)

    def loss(weights: np.ndarray) -> float:
        return float(np.mean((X @ weights - y) ** 2))

    step = 1e-6
    numeric = np.array([(loss(w + step * e) - loss(w - step * e)) / (2 * step) for e in np.eye(4)])
    analytic = grad_mse(torch.tensor(X), torch.tensor(y), torch.tensor(w, requires_grad=True))
    np.testing.assert_allclose(analytic.numpy(), numeric, rtol=1e-6, atol=1e-8)


@pytest.mark.torch
def test_a_wrong_gradient_names_the_component_that_differs(torch: Any) -> None:
    result = _check("torch.autograd", _mistake("torch.autograd", "sum"))
    first = next(case for case in result.cases if case.name == "your data")
    assert "dL/dw[0]" in first.message_in("en") and "ratio" in first.message_in("en")
    assert "rapport" in first.message_in("fr")
    result = _check("torch.autograd", _mistake("torch.autograd", "accumulated"))
    assert result.mistakes == ["accumulated"]
    assert "second call" in next(c for c in result.cases if not c.passed).message_in("en")


@pytest.mark.torch
def test_the_loss_curves_are_drawn_side_by_side(torch: Any) -> None:
    result = _check("torch.training_loop", _mistake("torch.training_loop", "no_zero_grad"))
    assert result.mistakes == ["no_zero_grad"]
    shown = next(case for case in result.cases if not case.hidden)
    assert shown.figure is not None and shown.figure.startswith("<svg")
    assert shown.figure.count("<polyline") == 2 and "reference" in shown.figure
    assert all(case.figure is None for case in result.cases if case.hidden)
    assert "climbs back" in shown.message_in("en")


@pytest.mark.torch
def test_checks_give_back_the_thread_count_and_the_random_state(torch: Any) -> None:
    from caire_exercises.exercises.torch import make_mlp

    threads = torch.get_num_threads()
    torch.set_num_threads(2)
    torch.manual_seed(1234)
    state = torch.random.get_rng_state()
    try:
        assert _check("torch.mlp", make_mlp).passed
        assert torch.get_num_threads() == 2
        assert torch.equal(torch.random.get_rng_state(), state)
    finally:
        torch.set_num_threads(threads)


@pytest.mark.torch
def test_a_cnn_module_instance_is_accepted_and_a_big_one_is_refused_before_training(torch: Any) -> None:
    from torch import nn

    result = _check("torch.cnn", _mistake("torch.cnn", "no_pooling")())
    assert not result.passed and result.mistakes == ["no_pooling"]
    assert "20,810" in result.cases[0].message_in("en")
    assert "20\u202f810" in result.cases[0].message_in("fr")
    assert _check("torch.cnn", nn.Linear(64, 10)).passed is False


@pytest.mark.torch
def test_a_linear_layer_of_the_wrong_size_is_reported_as_the_learners_error(torch: Any) -> None:
    from torch import nn

    def make_cnn_wrong_size():
        return nn.Sequential(nn.Conv2d(1, 8, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
                             nn.Flatten(), nn.Linear(100, 10))

    result = _check("torch.cnn", make_cnn_wrong_size)
    assert result.cases[0].status == "error" and result.mistakes == []
    assert "RuntimeError" in result.cases[0].message_in("en")


@pytest.mark.torch
def test_an_answer_that_changes_its_input_fails(torch: Any) -> None:
    def to_batch_in_place(X):
        X /= 16
        return torch.tensor(X, dtype=torch.float32).reshape(-1, 1, 8, 8)

    def train_logreg_in_place(X, y, epochs, lr, seed):
        from caire_exercises.exercises.torch import train_logreg

        X.clamp_(-3, 3)  # clipping outliers, on the caller's tensor
        return train_logreg(X, y, epochs, lr, seed)

    for exercise_id, answer in (("torch.tensors", to_batch_in_place),
                                ("torch.training_loop", train_logreg_in_place)):
        result = _check(exercise_id, answer)
        assert not result.passed
        assert "in place" in next(c for c in result.cases if not c.passed).message_in("en")


# ------------------------------------------- undeclared wrong answers, and what they read


def _wrong_answers_with_feedback(exercise_id: str) -> list[tuple[Any, str, str, list[str]]]:
    """Wrong answers no declared mistake covers: (answer, a failing case, words of its
    feedback, the mistakes named)."""
    import torch
    from torch import nn

    def to_batch_shifted(X):
        low = X.min()
        return torch.tensor((X - low) / (16 - low), dtype=torch.float32).reshape(-1, 1, 8, 8)

    def to_batch_transposed(X):
        return torch.tensor(X / 16, dtype=torch.float32).reshape(-1, 1, 8, 8).transpose(2, 3)

    def grad_sample_mean(X, y, w):
        leaf = w.detach().clone().requires_grad_(True)
        (((X @ leaf - y) ** 2).sum() / (len(y) - 1)).backward()
        return leaf.grad

    def grad_centred_target(X, y, w):
        leaf = w.detach().clone().requires_grad_(True)
        ((X @ leaf - (y - y.mean())) ** 2).mean().backward()
        return leaf.grad

    def logreg(X, y, epochs, lr, seed, *, rows=None, loss=None, dtype=torch.float32):
        model = nn.Linear(30, 1).to(dtype)
        optimizer = torch.optim.SGD(model.parameters(), lr=lr)
        rows = slice(None) if rows is None else rows
        loss = loss or nn.functional.binary_cross_entropy_with_logits
        for _ in range(epochs):
            optimizer.zero_grad()
            loss(model(X[rows].to(dtype)).squeeze(1), y[rows].to(dtype)).backward()
            optimizer.step()
        return model

    def train_logreg_seed_42(X, y, epochs, lr, seed):
        torch.manual_seed(42)
        return logreg(X, y, epochs, lr, seed)

    def train_logreg_own_lr(X, y, epochs, lr, seed):
        torch.manual_seed(seed)
        return logreg(X, y, epochs, 0.1, seed)

    def train_logreg_first_rows(X, y, epochs, lr, seed):
        torch.manual_seed(seed)
        return logreg(X, y, epochs, lr, seed, rows=slice(0, 32))

    def train_logreg_squared_error(X, y, epochs, lr, seed):
        torch.manual_seed(seed)
        return logreg(X, y, epochs, lr, seed, loss=nn.functional.mse_loss)

    def train_logreg_float64(X, y, epochs, lr, seed):
        torch.manual_seed(seed)
        return logreg(X, y, epochs, lr, seed, dtype=torch.float64)

    def make_mlp_relu6(n_in, n_hidden, n_out):
        return nn.Sequential(nn.Linear(n_in, n_hidden), nn.ReLU6(), nn.Linear(n_hidden, n_out))

    def make_mlp_log_softmax(n_in, n_hidden, n_out):
        return nn.Sequential(nn.Linear(n_in, n_hidden), nn.ReLU(), nn.Linear(n_hidden, n_out),
                             nn.LogSoftmax(dim=1))

    def make_mlp_double(n_in, n_hidden, n_out):
        return nn.Sequential(nn.Linear(n_in, n_hidden), nn.ReLU(), nn.Linear(n_hidden, n_out)).double()

    def make_mlp_frozen(n_in, n_hidden, n_out):
        model = nn.Sequential(nn.Linear(n_in, n_hidden), nn.ReLU(), nn.Linear(n_hidden, n_out))
        model[0].requires_grad_(False)
        return model

    def digits_mlp(seed, X, y, epochs):
        torch.manual_seed(seed)
        model = nn.Sequential(nn.Linear(64, 64), nn.ReLU(), nn.Linear(64, 10))
        optimizer = torch.optim.Adam(model.parameters(), lr=0.01)
        X, y = torch.tensor(X / 16, dtype=torch.float32), torch.tensor(y)
        for _ in range(epochs):
            optimizer.zero_grad()
            nn.functional.cross_entropy(model(X), y).backward()
            optimizer.step()
        return model.eval()

    def train_on_all_rows(seed):
        from caire_exercises.data import load

        X, y = load("digits", as_="numpy")
        return digits_mlp(seed, X, y, 300)

    def train_returns_probabilities(seed):
        from sklearn.model_selection import train_test_split

        from caire_exercises.data import load

        X, y = load("digits", as_="numpy")
        X_train, _, y_train, _ = train_test_split(X, y, test_size=0.25, random_state=0, stratify=y)
        return nn.Sequential(digits_mlp(seed, X_train, y_train, 150), nn.Softmax(dim=1)).eval()

    def conv_stack(*tail):
        return nn.Sequential(nn.Conv2d(1, 16, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
                             nn.Flatten(), nn.Linear(256, 10), *tail)

    def make_cnn_relu_output():
        return conv_stack(nn.ReLU())

    def make_cnn_without_convolution():
        return nn.Sequential(nn.Flatten(), nn.Linear(64, 128), nn.ReLU(), nn.Linear(128, 10))

    def make_cnn_pretrained():
        from caire_exercises.data import load

        X, y = load("digits", as_="numpy")
        torch.manual_seed(0)
        model = conv_stack()
        optimizer = torch.optim.Adam(model.parameters(), lr=0.01)
        images = torch.tensor(X / 16, dtype=torch.float32).reshape(-1, 1, 8, 8)
        for _ in range(40):
            optimizer.zero_grad()
            nn.functional.cross_entropy(model(images), torch.tensor(y)).backward()
            optimizer.step()
        return model

    def make_cnn_eleven_outputs():
        return nn.Sequential(nn.Conv2d(1, 16, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
                             nn.Flatten(), nn.Linear(256, 11))

    def should_stop_previous_epoch(history, patience, min_delta):
        if len(history) <= patience:
            return False
        return min(history[-patience:]) >= history[-patience - 1] - min_delta

    def should_stop_keras(history, patience, min_delta):
        best, waited = float("inf"), 0
        for loss in history:
            if loss < best - min_delta:
                best, waited = loss, 0
            else:
                waited += 1
        return waited >= patience

    own_patience = registry().get("torch.early_stopping").for_student(None).params["patience"]

    def should_stop_own_patience(history, patience, min_delta):
        if len(history) <= own_patience:
            return False
        return min(history[-own_patience:]) >= min(history[:-own_patience]) - min_delta

    return {
        "torch.tensors": [
            (to_batch_shifted, "grey background", "smallest value", []),
            (to_batch_transposed, "20 digits", "transposed", []),
        ],
        "torch.autograd": [
            (grad_sample_mean, "your data", "ratio 1.0", []),
            (grad_centred_target, "exact fit", "expected 0 (", []),
        ],
        "torch.training_loop": [
            (train_logreg_seed_42, "breast cancer", "the seed argument is not used",
             ["fixed_seed"]),
            (train_logreg_own_lr, "breast cancer", "the lr argument is not used", []),
            (train_logreg_first_rows, "breast cancer", "second half of the rows", []),
            (train_logreg_squared_error, "breast cancer", "becomes nan", []),
            (train_logreg_float64, "breast cancer", "float64 parameters", []),
        ],
        "torch.mlp": [
            (make_mlp_relu6, "your sizes", "something else (another activation", []),
            (make_mlp_log_softmax, "one output", "log-softmax", []),
            (make_mlp_frozen, "other sizes", "requires_grad=False", []),
            (make_mlp_double, "your sizes", "parameters are float64", []),
        ],
        "torch.reproducible": [
            (train_on_all_rows, "seed 7", "trained on them", []),
            (train_returns_probabilities, "seed 7", "sums to 1", []),
        ],
        "torch.cnn": [
            (make_cnn_relu_output, "digits", "positive or zero", []),
            (make_cnn_without_convolution, "digits", "no convolution", []),
            (make_cnn_pretrained, "digits", "already scores", []),
            (make_cnn_eleven_outputs, "digits", "(4, 11)", []),
        ],
        "torch.early_stopping": [
            (should_stop_previous_epoch, "best long ago", "expected True, got False", []),
            # "running best" and "ignores min_delta" give this answer's outputs on every case: both fit.
            (should_stop_keras, "small steps", "expected True, got False", ["running_best", "ignores_min_delta"]),
            (should_stop_own_patience, "longer patience", "expected False, got True", []),
        ],
    }[exercise_id]


@pytest.mark.torch
@pytest.mark.parametrize("exercise_id", M5)
def test_undeclared_wrong_answers_fail_with_feedback_that_names_the_problem(
        torch: Any, exercise_id: str) -> None:
    for answer, case_name, words, mistakes in _wrong_answers_with_feedback(exercise_id):
        result = _check(exercise_id, answer)
        name = answer.__name__
        assert not result.passed, name
        case = next(case for case in result.cases if case.name == case_name)
        assert not case.passed and case.status == "failed", (name, case.status)
        assert words in case.message_in("en"), (name, case.message_in("en"))
        assert case.message_in("fr") != case.message_in("en"), name
        assert result.mistakes == mistakes, (name, result.mistakes)


@pytest.mark.torch
def test_a_cnn_near_the_bar_is_not_failed_by_the_luck_of_a_hidden_split(torch: Any) -> None:
    from torch import nn

    def make_cnn_strided():
        return nn.Sequential(nn.Conv2d(1, 16, 3, padding=1), nn.ReLU(),
                             nn.Conv2d(16, 32, 3, stride=2, padding=1), nn.ReLU(),
                             nn.Flatten(), nn.Linear(32 * 16, 10))

    # About 0.97 on the visible split and on this hidden one: a margin of 0.01 keeps it either way.
    from caire_exercises.engine.checking import probe_answer

    exercise = registry().get("torch.cnn")
    cases = exercise.make_cases("sec1")
    outcomes = probe_answer(exercise, {"make_cnn": make_cnn_strided}, cases, guarded=False)
    accuracies = [float(np.mean(np.asarray(outcome["data"]["predictions"]) == case.private["y_test"]))
                  for case, outcome in zip(cases, outcomes)]
    assert min(accuracies) >= 0.96 and max(accuracies) >= 0.97
    assert _check("torch.cnn", make_cnn_strided, secret="sec1").passed


# ------------------------------------------------------------------ black-box answers (outside team)


def test_blackbox_autograd_statement_keeps_its_latex_braces() -> None:
    """The variant's {n} must not eat the braces of \\frac{1}{n}: it rendered as \\frac{1}24."""
    for language in ("en", "fr"):
        text = registry().get("torch.autograd").for_student("alice@example.org").statement_in(language)
        assert r"\frac{1}{ n }" in text and r"\sum_{i=1}^{ n }" in text, text


def test_blackbox_autograd_answers(torch: Any) -> None:
    def by_grad(X, y, w):
        return torch.autograd.grad(((X @ w - y) ** 2).sum() / len(y), w)[0]

    def grad_reset(X, y, w):
        w.grad = None
        torch.mean((X.matmul(w) - y).pow(2)).backward()
        return w.grad

    for answer in (by_grad, grad_reset):
        result = _check("torch.autograd", answer, student="alice@example.org")
        assert result.passed, [c.message_in("en") for c in result.cases]

    def returns_w(X, y, w):
        w = w.detach().clone().requires_grad_(True)
        ((X @ w - y) ** 2).mean().backward()
        return w

    result = _check("torch.autograd", returns_w, student="alice@example.org")
    assert not result.passed
    shown = next(c for c in result.cases if not c.passed)
    assert "the weights w themselves" in shown.message_in("en")
    assert "les poids w eux-mêmes" in shown.message_in("fr")


def test_blackbox_tensors_and_mlp_answers(torch: Any) -> None:
    import collections

    from torch import nn

    def from_numpy(X):
        return torch.from_numpy(np.asarray(X)).float().div(16).view(len(X), 1, 8, 8)

    assert _check("torch.tensors", from_numpy).passed

    def by_255(X):
        return torch.tensor(X / 255, dtype=torch.float32).reshape(-1, 1, 8, 8)

    wrong = _check("torch.tensors", by_255)
    assert not wrong.passed and "divide by 16" in wrong.cases[0].message_in("en")

    def named(n_in, n_hidden, n_out):
        return nn.Sequential(collections.OrderedDict(hidden=nn.Linear(n_in, n_hidden),
                                                     act=nn.ReLU(inplace=True),
                                                     out=nn.Linear(n_hidden, n_out)))

    assert _check("torch.mlp", named, student="alice@example.org").passed

    def sigmoid_hidden(n_in, n_hidden, n_out):
        return nn.Sequential(nn.Linear(n_in, n_hidden), nn.Sigmoid(), nn.Linear(n_hidden, n_out))

    wrong = _check("torch.mlp", sigmoid_hidden, student="alice@example.org")
    assert not wrong.passed and "linear → ReLU → linear" in wrong.cases[0].message_in("en")


def test_blackbox_early_stopping_answers() -> None:
    def with_numpy(history, patience, min_delta):
        losses = np.asarray(history, dtype=float)
        if losses.size <= patience:
            return False
        return bool(np.all(losses[-patience:] >= losses[:-patience].min() - min_delta))

    assert _check("torch.early_stopping", with_numpy, student="alice@example.org").passed

    def best_over_all(history, patience, min_delta):
        if len(history) <= patience:
            return False
        return min(history[-patience:]) >= min(history) - min_delta

    def sorts(history, patience, min_delta):
        history.sort()
        return False

    for wrong in (best_over_all, sorts):
        assert not _check("torch.early_stopping", wrong, student="alice@example.org").passed


def test_blackbox_reproducible_trained_on_all_rows_fails(torch: Any) -> None:
    """Trained on all of X, held-out rows included: 0.998, not 1.0, but its held-out loss
    is no higher than its training loss."""
    from torch import nn

    from caire_exercises.data import load

    X, y = load("digits", as_="numpy")
    X_all, y_all = torch.tensor(X / 16, dtype=torch.float32), torch.tensor(y)

    def train(seed):
        torch.manual_seed(seed)
        model = nn.Sequential(nn.Linear(64, 64), nn.ReLU(), nn.Linear(64, 10))
        optimizer = torch.optim.Adam(model.parameters(), 1e-2)
        for _ in range(100):
            optimizer.zero_grad()
            nn.functional.cross_entropy(model(X_all), y_all).backward()
            optimizer.step()
        return model.eval()

    result = _check("torch.reproducible", train)
    assert not result.passed
    shown = result.cases[0]
    assert "trained on them" in shown.message_in("en")
    assert "entraîné sur ces lignes" in shown.message_in("fr")


def test_blackbox_reproducible_honest_full_batch_passes(torch: Any) -> None:
    from sklearn.model_selection import train_test_split
    from torch import nn

    from caire_exercises.data import load

    X, y = load("digits", as_="numpy")
    X_train, _, y_train, _ = train_test_split(X, y, test_size=0.25, random_state=0, stratify=y)
    X_t, y_t = torch.tensor(X_train / 16, dtype=torch.float32), torch.tensor(y_train)

    def train(seed):
        torch.manual_seed(seed)
        model = nn.Sequential(nn.Linear(64, 64), nn.ReLU(), nn.Linear(64, 10))
        optimizer = torch.optim.Adam(model.parameters(), 1e-2)
        for _ in range(100):
            optimizer.zero_grad()
            nn.functional.cross_entropy(model(X_t), y_t).backward()
            optimizer.step()
        return model.eval()

    result = _check("torch.reproducible", train)
    assert result.passed, [c.message_in("en") for c in result.cases]


# ------------------------------------------------------------------ forged observations


def _mangled(data: Any, change: Any) -> Any:
    """`data` with every array and list of numbers passed through `change`."""
    if isinstance(data, dict):
        return {key: _mangled(value, change) for key, value in data.items()}
    if isinstance(data, np.ndarray) and data.dtype.kind in "biuf" and data.size:
        return change(data)
    if isinstance(data, list) and data and all(isinstance(v, (int, float)) and not isinstance(v, bool)
                                               for v in data):
        return change(np.asarray(data, dtype=float)).tolist()
    return data


def _same_data(one: Any, other: Any) -> bool:
    if isinstance(one, dict) and isinstance(other, dict):
        return one.keys() == other.keys() and all(_same_data(one[k], other[k]) for k in one)
    if isinstance(one, (np.ndarray, list)) or isinstance(other, (np.ndarray, list)):
        try:
            return bool(np.array_equal(np.asarray(one), np.asarray(other), equal_nan=True))
        except TypeError:
            return one == other
    return bool(one == other)


@pytest.mark.torch
@pytest.mark.parametrize("exercise_id", M5)
def test_forged_observations_earn_nothing(torch: Any, exercise_id: str) -> None:
    """What a notebook that patched the probe could send: old-style verdicts, metrics claiming
    success, predictions of the wrong length, NaN. The judge gives it nothing; the honest
    observations of the reference still pass."""
    from caire_exercises.engine.attempt import conclude
    from caire_exercises.engine.checking import probe_answer

    exercise = registry().get(exercise_id)
    cases = exercise.make_cases()
    honest = probe_answer(exercise, {exercise.answer_names[0]: exercise.reference}, cases, guarded=False)
    assert conclude(exercise, {"state": "ok"}, cases, honest).passed

    claims = {"diagnosis": "ok", "facts": {"accurate": True, "stage": "done"}, "accuracy": 1.0,
              "passed": True, "score": 1.0, "value": {"held-out accuracy": 1.0}}
    forgeries = [[{"status": "ok", "data": claims} for _ in cases]]
    if exercise.compare_values:
        forgeries.append([{"status": "ok", "data": {**outcome["data"], **claims, "value": float("nan")}}
                          for outcome in honest])
    for change in (lambda a: a[:-1], lambda a: np.full(a.shape, np.nan), lambda a: np.zeros_like(a)):
        forged = [{"status": "ok", "data": _mangled(outcome["data"], change)} for outcome in honest]
        if not all(_same_data(f["data"], h["data"]) for f, h in zip(forged, honest)):
            forgeries.append(forged)
    assert len(forgeries) >= 2 + (exercise_id != "torch.early_stopping")
    for forged in forgeries:
        result = conclude(exercise, {"state": "ok"}, cases, forged)
        assert not result.passed and result.score < 1.0, exercise_id


@pytest.mark.torch
@pytest.mark.parametrize("exercise_id", ["torch.training_loop", "torch.reproducible", "torch.cnn"])
def test_the_held_out_labels_never_reach_the_probe(torch: Any, exercise_id: str) -> None:
    exercise = registry().get(exercise_id)
    for case in exercise.make_cases("course-2026"):
        labels = case.private["y_test"]
        public = case.public()
        assert public.private == {}
        inputs = [value for value in (*public.args, *public.kwargs.values()) if isinstance(value, np.ndarray)]
        assert not any(value.shape == labels.shape and np.array_equal(value, labels) for value in inputs)


@pytest.mark.torch
def test_training_loop_a_model_of_another_architecture_fails(torch: Any) -> None:
    """The statement fixes nn.Linear(30, 1): a small MLP reaches the accuracy but is not the answer."""
    from torch import nn

    def train_logreg_mlp(X, y, epochs, lr, seed):
        torch.manual_seed(seed)
        model = nn.Sequential(nn.Linear(30, 8), nn.ReLU(), nn.Linear(8, 1))
        optimizer = torch.optim.SGD(model.parameters(), lr=lr)
        for _ in range(epochs):
            optimizer.zero_grad()
            nn.functional.binary_cross_entropy_with_logits(model(X).squeeze(1), y).backward()
            optimizer.step()
        return model

    def train_logreg_clipped(X, y, epochs, lr, seed):
        torch.manual_seed(seed)
        model = nn.Sequential(nn.Linear(30, 1), nn.Tanh())
        optimizer = torch.optim.SGD(model.parameters(), lr=lr)
        for _ in range(epochs):
            optimizer.zero_grad()
            nn.functional.binary_cross_entropy_with_logits(model(X).squeeze(1), y).backward()
            optimizer.step()
        return model

    for answer, words, mots in ((train_logreg_mlp, "has 257 parameters", "a 257 paramètres"),
                                (train_logreg_clipped, "not a linear function", "pas une fonction linéaire")):
        result = _check("torch.training_loop", answer)
        assert not result.passed, answer.__name__
        shown = result.cases[0]
        assert "The statement fixes the model" in shown.message_in("en"), shown.message_in("en")
        assert words in shown.message_in("en") and mots in shown.message_in("fr")
        assert result.mistakes == []
