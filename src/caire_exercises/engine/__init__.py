"""The engine: probes observe answers, the judge decides, one attempt serves the notebook and the grader.

Also the tolerance convention (``compare``), the wire format (``plain``), results and their
display (``report``) and the registry of exercises and modules.
"""
