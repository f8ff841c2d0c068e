"""The learner's session in a notebook: who the learner is, exercises bound to them, their progress."""
