"""The built-in exercises, one module per teaching module of the catalogue.

Each module defines ``EXERCISES``, a tuple of :class:`~caire_exercises.Exercise`,
and is registered as an entry point of the group ``caire_exercises.exercises``
(see :mod:`caire_exercises.engine.registry`).
"""
