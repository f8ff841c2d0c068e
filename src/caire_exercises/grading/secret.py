"""The course secret: how hidden cases are drawn from it, and which secrets are strong enough.

Hidden cases are drawn from a seed that only the grader can compute: an
HMAC-SHA256 keyed by the course secret over the assignment, the exercise and
the student (:func:`caire_exercises.authoring.Exercise.make_cases`). A student
who sees some of their hidden inputs learns nothing that helps to guess the
secret, as long as the secret is not guessable itself: one that is short, or
made of a few repeated characters, is refused. ``caire secret`` prints a new
256-bit one.
"""

from __future__ import annotations

import secrets

#: The fewest characters and different characters a course secret may have (about 128 bits
#: for a random string over letters and digits).
MIN_LENGTH = 22
MIN_DISTINCT = 14


class WeakSecretError(ValueError):
    """The course secret could be guessed; the message says how to make a strong one."""


def new_secret() -> str:
    """A new random course secret: 256 bits, as 43 URL-safe characters."""
    return secrets.token_urlsafe(32)


def check_secret(secret: str) -> str:
    """`secret` stripped of surrounding spaces, or :class:`WeakSecretError` if it is too weak.

    An empty secret is allowed (hidden cases are then drawn without one, as in a notebook,
    and ``caire grade`` says so); any other must have at least :data:`MIN_LENGTH`
    characters of which :data:`MIN_DISTINCT` different ones.
    """
    secret = secret.strip()
    if not secret:
        return secret
    if len(secret) < MIN_LENGTH or len(set(secret)) < MIN_DISTINCT:
        raise WeakSecretError(
            f"the course secret is too weak ({len(secret)} characters, {len(set(secret))} different; at "
            f"least {MIN_LENGTH} and {MIN_DISTINCT} are needed): hidden cases drawn from it could be "
            "guessed. Make one with `caire secret` and keep it in CAIRE_COURSE_SECRET (never in the "
            "assignment file or a notebook).")
    return secret
