"""M5, neural networks with PyTorch on a laptop CPU: tensors, autograd, networks, training loops.

One file per exercise, read top to bottom (statement, reference, cases,
variant, facts or checks, mistakes, hints); the probes, which only observe,
are in :mod:`.probes`, and what the exercises share in :mod:`._common`.

Torch answers are checked by their behaviour: parameter counts and output
shapes, gradients compared with the reference's (which agrees with finite
differences), loss curves measured by calling the learner's training function
with a growing number of epochs, held-out accuracy after a fixed budget (the
held-out labels stay with the judge), and the weights of two seeded runs.
Importing this package does not import torch.
"""

from caire_exercises.authoring import Module, Text
from caire_exercises.exercises.torch.autograd import AUTOGRAD, grad_mse
from caire_exercises.exercises.torch.cnn import CNN, make_cnn
from caire_exercises.exercises.torch.early_stopping import EARLY_STOPPING, should_stop
from caire_exercises.exercises.torch.mlp import MLP, make_mlp
from caire_exercises.exercises.torch.reproducible import REPRODUCIBLE, train
from caire_exercises.exercises.torch.tensors import TENSORS, to_batch
from caire_exercises.exercises.torch.training_loop import TRAINING_LOOP, train_logreg

__all__ = ["AUTOGRAD", "CNN", "EARLY_STOPPING", "EXERCISES", "MLP", "MODULE", "REPRODUCIBLE",
           "TENSORS", "TRAINING_LOOP", "grad_mse", "make_cnn", "make_mlp", "should_stop", "to_batch",
           "train", "train_logreg"]

#: In teaching order: a network is built (mlp) before it is trained by hand (training_loop).
EXERCISES = (TENSORS, AUTOGRAD, MLP, TRAINING_LOOP, REPRODUCIBLE, CNN, EARLY_STOPPING)

#: The module, as the registry, the notebooks and the documentation read it.
MODULE = Module(
    id="torch", code="M5", audience=("engineering",),
    title=Text(en="Neural networks with PyTorch (CPU)", fr="Réseaux de neurones avec PyTorch (CPU)"),
    intro=Text(en="Tensors, automatic differentiation, training loops and small networks, on a "
                  "laptop's processor.",
               fr="Tenseurs, différentiation automatique, boucles d'apprentissage et petits réseaux, "
                  "sur le processeur d'un ordinateur portable."),
    exercises=EXERCISES,
    try_it=Text(
        en='# Try it: PyTorch computes gradients for you.\nimport torch\n\nx = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)\nloss = (x ** 2).sum()\nloss.backward()\nprint(x.grad)  # the gradient of the sum of squares is 2x',
        fr='# Essayez\u202f: PyTorch calcule les gradients pour vous.\nimport torch\n\nx = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)\nloss = (x ** 2).sum()\nloss.backward()\nprint(x.grad)  # le gradient de la somme des carrés vaut 2x'),
)
