"""The exception every Farmhand failure a user should read derives from.

The CLI prints these as one clear line instead of a traceback; anything else
escaping is a bug.
"""


class FarmhandError(Exception):
    """A problem the user can act on: bad input, a missing file, a farm refusal."""
