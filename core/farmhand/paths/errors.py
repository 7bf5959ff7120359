"""The one exception the path layer raises."""

from __future__ import annotations

from farmhand.errors import FarmhandError


class PathError(FarmhandError, ValueError):
    """A path cannot be used as given; the message names the path and what is wrong with it.

    It is a ``ValueError`` too, so code that validates input generically still
    catches it, and a ``FarmhandError`` so the CLI prints it as one line.
    """
