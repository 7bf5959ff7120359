"""A separate uploader process for the kill -9 tests and benchmarks.

Prints one line per chunk event (``start <offset> <length>`` before a chunk is
sent, ``done <offset> <length>`` once the farm acknowledged it) and flushes, so
the parent knows exactly which bytes were in flight when it sent SIGKILL.
``--delay`` stands for a slow network: it sleeps after each acknowledged chunk.

Usage: upload_child.py URL ACCESS_ID ACCESS_KEY PLAN_JSON CHUNK_SIZE [--delay SECONDS]
(FARMHAND_HOME selects the hash cache.)
"""

from __future__ import annotations

import argparse
import json
import sys
import threading
import time

from farmhand.transfer import FarmConnection, HttpEngine, UploadPlan


def main() -> int:
    parser = argparse.ArgumentParser()
    for name in ("url", "access_id", "access_key", "plan"):
        parser.add_argument(name)
    parser.add_argument("chunk_size", type=int)
    parser.add_argument("--delay", type=float, default=0.0)
    parser.add_argument("--workers", type=int, default=1)
    args = parser.parse_args()

    printing = threading.Lock()

    def observe(event: str, digest: str, offset: int, length: int) -> None:
        with printing:  # one whole line per event, even with several upload threads
            sys.stdout.write(f"{event} {digest} {offset} {length}\n")
            sys.stdout.flush()
        if event == "done" and args.delay:
            time.sleep(args.delay)

    connection = FarmConnection(args.url, args.access_id, args.access_key)
    engine = HttpEngine(connection, workers=args.workers, chunk_size=args.chunk_size, chunk_observer=observe)
    report = engine.upload(UploadPlan.from_upload_json(args.plan))
    print("report " + json.dumps(report.__dict__), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
