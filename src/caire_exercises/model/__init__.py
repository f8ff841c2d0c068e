"""The model: what a course designer declares, as pure data (exercises, modules, texts, errors).

Nothing here runs an answer, shows anything or knows about notebooks or the grader.
"""
