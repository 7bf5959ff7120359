"""``python run_inhost.py TEST_FILE [pytest args]``: run in-process ``bpy`` add-on tests in this child.

Once the add-on has talked to a farm, ``bpy``'s native teardown can hang after Python has finished
(it reports leaked blocks, then spins), which would hang the whole test session.  So the add-on
tests run under pytest in a child that leaves with ``os._exit`` once pytest has reported.
"""

from __future__ import annotations

import os
import sys

import pytest

if __name__ == "__main__":
    code = pytest.main(["-o", "python_files=inhost_*.py", "-p", "no:cacheprovider", *sys.argv[1:]])
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(int(code))
