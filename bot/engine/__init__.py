"""The pure engine: (knowledge, answers so far) -> next question or answer, as data.

Nothing here imports telegram or renders prose: notes and errors are codes with
parameters, worded by templates in ``templates/``.
"""
