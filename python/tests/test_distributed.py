"""axon.distributed and fit(data_parallel=True): two ranks under mpirun train the weights one
process trains at the same global batch (to float rounding: the gradient sums run in another
order), and Ctrl-C on one rank stops both after the same batch."""

import os
import shutil
import subprocess
import sys

import numpy as np
import pytest

import axon
from axon.layers import Dense

SCRIPT = """
import sys
import numpy as np
import axon
from axon.layers import Dense
axon.distributed.init()
{train}
weights = train(data_parallel=True)
if axon.distributed.rank() == 0:
    np.savez(sys.argv[1], size=axon.distributed.size(), *weights)
"""

TRAIN = """
def train(data_parallel):
    x, y = axon.datasets.spiral(samples_per_class=110, seed=3)
    model = axon.Sequential([Dense(16, activation="tanh"), Dense(3, activation="softmax")],
                            seed=7)
    model.compile(loss="cross_entropy", optimizer=axon.optimizers.SGD(lr=0.1, momentum=0.9))
    model.fit(x, y, epochs=5, batch_size=33, verbose=0, data_parallel=data_parallel)
    return model.get_weights()
"""


INTERRUPT = """
import os, signal, sys, threading
import numpy as np
import axon
from axon.layers import Dense
axon.distributed.init()
rank = axon.distributed.rank()
x, y = axon.datasets.spiral(samples_per_class=110, seed=3)
model = axon.Sequential([Dense(16, activation="tanh"), Dense(3, activation="softmax")], seed=7)
model.compile(loss="cross_entropy", optimizer="adam")
if rank == 1:  # Ctrl-C on rank 1 alone, a second into training
    threading.Timer(1.0, os.kill, (os.getpid(), signal.SIGINT)).start()
try:
    model.fit(x, y, epochs=10**7, batch_size=33, verbose=0, data_parallel=True)
    outcome = "returned"
except KeyboardInterrupt:
    outcome = "KeyboardInterrupt"
np.savez(f"{sys.argv[1]}.{rank}.npz", *model.get_weights())
print(f"rank {rank}: {outcome}", flush=True)
"""


def mpirun_or_skip():
    mpirun = shutil.which("mpirun")
    if mpirun is None or not axon.distributed.available():
        pytest.skip("needs mpirun and axon built with MPI")
    return mpirun


def run_two_ranks(mpirun, script, *args):
    env = dict(os.environ, OMPI_ALLOW_RUN_AS_ROOT="1", OMPI_ALLOW_RUN_AS_ROOT_CONFIRM="1",
               ASAN_OPTIONS="detect_leaks=0:alloc_dealloc_mismatch=0")
    return subprocess.run([mpirun, "--oversubscribe", "-np", "2", sys.executable, str(script)] +
                          [str(a) for a in args], capture_output=True, text=True, timeout=300,
                          env=env)


def test_one_process_has_one_rank():
    axon.distributed.init()  # not launched by mpirun: nothing starts
    assert axon.distributed.rank() == 0 and axon.distributed.size() == 1
    assert not axon.distributed.launched()


def test_two_ranks_train_the_weights_of_one_process(tmp_path):
    mpirun = mpirun_or_skip()
    script = tmp_path / "train.py"
    script.write_text(SCRIPT.format(train=TRAIN))
    out = tmp_path / "weights.npz"
    done = run_two_ranks(mpirun, script, out)
    assert done.returncode == 0, done.stdout + done.stderr
    namespace = {"axon": axon, "Dense": Dense}
    exec(TRAIN, namespace)
    alone = namespace["train"](False)
    with np.load(out) as saved:
        assert int(saved["size"]) == 2
        spread = [saved[f"arr_{i}"] for i in range(len(alone))]
    diff = np.sqrt(sum(np.sum((a.astype(np.float64) - b) ** 2) for a, b in zip(alone, spread)))
    norm = np.sqrt(sum(np.sum(a.astype(np.float64) ** 2) for a in alone))
    print(f"two ranks vs one process: relative difference {diff / norm:.3g}")
    assert diff / norm <= 1e-6


def test_ctrl_c_on_one_rank_stops_both_after_the_same_batch(tmp_path):
    mpirun = mpirun_or_skip()
    script = tmp_path / "interrupt.py"
    script.write_text(INTERRUPT)
    done = run_two_ranks(mpirun, script, tmp_path / "w")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "rank 0: returned" in done.stdout and "rank 1: KeyboardInterrupt" in done.stdout
    with np.load(tmp_path / "w.0.npz") as zero, np.load(tmp_path / "w.1.npz") as one:
        assert len(zero.files) == 4
        for name in zero.files:
            assert np.array_equal(zero[name], one[name]), name
