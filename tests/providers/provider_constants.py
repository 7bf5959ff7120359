"""Constants the provider tests and their fixtures share.

They live here, not in conftest.py: with several test folders each holding a
conftest.py, ``from conftest import ...`` picks whichever was imported last.
"""

from pathlib import Path

HERE = Path(__file__).resolve().parent
SAMPLES = HERE.parents[1].parent / "shared" / "samples" / "blender" / "bat-blendfiles"
RENTAFLOP_KEY = "rf-test-key-7c1e9a"
SRP_KEY = "srp-test-bearer-5f0a1d"
COLLECTION = "5b0f7c0e-2f3a-4c53-9d7e-7a1f4a0c3b11"
