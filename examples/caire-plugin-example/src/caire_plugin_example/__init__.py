"""An example plug-in for caire-exercises: the exercises live in :mod:`.exercises`."""

__version__ = "0.1.0"
