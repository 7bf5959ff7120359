"""Kill the uploader with SIGKILL at random moments, N times: it must always resume.

An uploader process (tests/transfer/upload_child.py, 3 files in parallel,
1 MiB chunks, a short pause per chunk standing in for a slow network) is
started and SIGKILLed a random 0.05-0.5 s after its first chunk went out,
``--kills`` times, then allowed to finish.  (Timing from process start instead
makes most kills land while the first run is still hashing on a busy machine;
a file's hash is cached only once it is complete, so those runs prove little.)
From the chunk events each run printed, the script checks that
every run continued where the farm stood (its first chunk of a file starts at
or after the last chunk an earlier run saw acknowledged), counts chunks sent
again per file and run (must be <= 1), and verifies the placed files.

    .venv/bin/python bench/transfer_kill.py [--kills 20] [--file-mib 256] [--delay 0.02] [--seed 1]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import signal
import subprocess
import sys
import threading
import time
from collections import defaultdict
from pathlib import Path

from transfer_common import ACCESS_ID, ACCESS_KEY, machine, running_farm, scratch, write_random_file

from farmhand.transfer.hashing import hash_file

CHILD = Path(__file__).resolve().parent.parent / "tests" / "transfer" / "upload_child.py"
CHUNK = 1024 * 1024
USER_ID = "100001"  # the farm's first user (farmhand_farm.users.FIRST_USER_ID)


def run_child(farm, plan: Path, env, kill_after: float, delay: float):
    """One uploader run, SIGKILLed ``kill_after`` seconds after its first chunk went out (0: never).

    Returns (events, finished); events are (kind, digest, offset, length).
    """
    command = [sys.executable, str(CHILD), farm.url, ACCESS_ID, ACCESS_KEY, str(plan), str(CHUNK)]
    command += ["--workers", "3", "--delay", str(delay)]
    child = subprocess.Popen(command, stdout=subprocess.PIPE, text=True, env=env)
    events, finished = [], []
    sending = threading.Event()

    def read() -> None:
        for line in child.stdout:
            parts = line.split()
            if parts[0] == "report":
                finished.append(True)
            else:
                events.append((parts[0], parts[1], int(parts[2]), int(parts[3])))
                sending.set()
        sending.set()

    reader = threading.Thread(target=read)
    reader.start()
    if kill_after > 0:
        sending.wait(300)
        time.sleep(kill_after)
        child.send_signal(signal.SIGKILL)
    child.wait()
    reader.join()
    return events, bool(finished)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--kills", type=int, default=20)
    parser.add_argument("--file-mib", type=int, default=256)
    parser.add_argument(
        "--delay", type=float, default=0.05, help="pause per acknowledged chunk (slow network)"
    )
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    with scratch() as root:
        files = [
            write_random_file(root / "data" / f"shot file {i}.bin", (args.file_mib << 20) + 12345 * i)
            for i in range(3)
        ]
        digests = {hash_file(str(f)): f for f in files}
        plan = root / "upload.json"
        plan.write_text(
            json.dumps({"asset": [{"local": str(f), "server": f"/D/kill/{f.name}"} for f in files]})
        )
        env = dict(os.environ, FARMHAND_HOME=str(root / "home"))
        started_before = defaultdict(set)  # digest -> offsets some earlier run started
        acked_end = defaultdict(int)  # digest -> end of the last acknowledged chunk so far
        runs, violations, resent_total, killed_mid_file, chunks_in_flight_at_kill = [], [], 0, 0, 0
        with running_farm(root) as farm:
            for attempt in range(args.kills + 1):
                kill_after = rng.uniform(0.05, 0.5) if attempt < args.kills else 0
                events, finished = run_child(farm, plan, env, kill_after, args.delay)
                per_file = defaultdict(list)
                for kind, digest, offset, length in events:
                    per_file[digest].append((kind, offset, length))
                resent_this_run = {}
                in_flight = sum(1 for chunk_events in per_file.values() if chunk_events[-1][0] == "start")
                for digest, chunk_events in per_file.items():
                    starts = [offset for kind, offset, _ in chunk_events if kind == "start"]
                    if starts and starts[0] < acked_end[digest]:
                        violations.append(
                            f"run {attempt}: {digest[:8]} restarted at {starts[0]} < {acked_end[digest]}"
                        )
                    resent = len(set(starts) & started_before[digest])
                    resent_this_run[digest[:8]] = resent
                    resent_total += resent
                    if resent > 1:
                        violations.append(f"run {attempt}: {digest[:8]} re-sent {resent} chunks")
                    started_before[digest].update(starts)
                    for kind, offset, length in chunk_events:
                        if kind == "done":
                            acked_end[digest] = max(acked_end[digest], offset + length)
                if not finished and any(0 < acked_end[d] < digests[d].stat().st_size for d in digests):
                    killed_mid_file += 1
                if not finished:
                    chunks_in_flight_at_kill += in_flight
                runs.append(
                    {
                        "kill_after_first_chunk_s": round(kill_after, 2),
                        "finished": finished,
                        "files_with_a_chunk_in_flight": 0 if finished else in_flight,
                        "resent": resent_this_run,
                    }
                )
                if finished:
                    break
            placed = {f.name: farm.data_dir / "input" / USER_ID / "D" / "kill" / f.name for f in files}
            verified = all(hash_file(str(placed[f.name])) == d for d, f in digests.items())
        print(
            json.dumps(
                {
                    "kills": sum(1 for r in runs if not r["finished"]),
                    "killed_with_a_file_part_way": killed_mid_file,
                    "runs": len(runs),
                    "chunks_in_flight_at_kill": chunks_in_flight_at_kill,
                    "max_resent_chunks_per_file_per_run": max(
                        max(r["resent"].values(), default=0) for r in runs
                    ),
                    "resent_chunks_total": resent_total,
                    "resent_bytes_total_max": resent_total * CHUNK,
                    "violations": violations,
                    "final_files_verified": verified,
                    "machine": machine(),
                    "run_log": runs,
                },
                indent=2,
            )
        )


if __name__ == "__main__":
    main()
