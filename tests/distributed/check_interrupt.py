#!/usr/bin/env python3
"""Ctrl-C during `mpirun -np 2 axon train`: SIGINT to mpirun (which sends SIGTERM to every rank),
and SIGTERM to rank 1 alone. Either way every rank must stop after the same batch within seconds,
rank 0 must say where and keep a complete checkpoint (one that --resume finishes), and no
temporary file may be left. Every wait is bounded, so a hang fails the test instead of CI.

Usage: check_interrupt.py AXON MPIRUN [MPIRUN FLAGS...]   (MPIRUN FLAGS without -np)
Exits 77 (skipped) when MPIRUN is not found."""
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time

from cli_checks import Checks


def rank_pids(parent):
    """The ranks mpirun started on this machine, by rank, from their environment."""
    pids = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as f:
                ppid = int(f.read().rsplit(")", 1)[1].split()[1])
            if ppid != parent:
                continue
            with open(f"/proc/{entry}/environ", "rb") as f:
                env = dict(v.split(b"=", 1) for v in f.read().split(b"\0") if b"=" in v)
            pids[int(env[b"OMPI_COMM_WORLD_RANK"])] = int(entry)
        except (OSError, KeyError, ValueError, IndexError):
            continue
    return pids


def wait_for(condition, seconds):
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        if condition():
            return True
        time.sleep(0.1)
    return False


def main():
    axon, mpirun = sys.argv[1], sys.argv[2:]
    if shutil.which(mpirun[0]) is None:
        print(f"SKIP: {mpirun[0]} not found")
        return 77
    checks = Checks()
    expect = checks.expect

    for target in ("mpirun", "rank 1"):
        with tempfile.TemporaryDirectory() as tmp:
            ckpt = os.path.join(tmp, "run.ckpt")
            flags = ["train", "--data", "blobs:samples=60000", "--epochs", "400", "--threads", "1",
                     "--batch_size", "64", "--checkpoint", ckpt]
            job = subprocess.Popen(mpirun + ["-np", "2", axon] + flags, stdout=subprocess.PIPE,
                                   stderr=subprocess.PIPE, text=True)
            try:
                expect(wait_for(lambda: os.path.exists(ckpt), 120),
                       f"{target}: no checkpoint after 120 s")
                time.sleep(0.5)  # into the next epoch
                if target == "mpirun":
                    job.send_signal(signal.SIGINT)
                else:
                    pids = rank_pids(job.pid)
                    expect(1 in pids, f"rank 1 not found among mpirun's children {pids}")
                    if 1 in pids:
                        os.kill(pids[1], signal.SIGTERM)
                sent = time.monotonic()
                out, err = job.communicate(timeout=60)
                seconds = time.monotonic() - sent
            except subprocess.TimeoutExpired:
                job.kill()
                out, err = job.communicate()
                expect(False, f"{target}: the job did not stop within 60 s", err)
                continue
            print(f"{target}: the job stopped {seconds:.2f} s after the signal, exit {job.returncode}")
            expect(seconds < 20, f"{target}: stopping took {seconds:.1f} s", err)
            expect(job.returncode != 0, f"{target}: the job exited 0", err)
            stopped = re.search(r"axon: stopped by SIGTERM in epoch (\d+) after batch (\d+)", err)
            expect(stopped is not None and err.count("axon: stopped by") == 1,
                   f"{target}: rank 0 alone must say where the run stopped", out + err)
            expect("kept the checkpoint" in err, f"{target}: the checkpoint is not named", err)
            left = [name for name in os.listdir(tmp) if name.endswith(".tmp")]
            expect(not left, f"{target}: temporary files left: {left}")
            if stopped is None:
                continue
            # The checkpoint is whole: two ranks resume it and finish the interrupted epoch.
            epoch = stopped.group(1)
            resume = flags[:flags.index("--checkpoint")] + ["--resume", ckpt]
            resume[resume.index("--epochs") + 1] = epoch
            try:
                done = subprocess.run(mpirun + ["-np", "2", axon] + resume, capture_output=True,
                                      text=True, timeout=120)
                expect(done.returncode == 0 and f"Epoch {epoch}/{epoch}" in done.stdout,
                       f"{target}: resuming the kept checkpoint failed", done.stdout + done.stderr)
            except subprocess.TimeoutExpired:
                expect(False, f"{target}: resuming the kept checkpoint did not end in 120 s")

    return checks.exit_code()


if __name__ == "__main__":
    sys.exit(main())
