"""axon.distributed and fit(data_parallel=True): two ranks under mpirun train the weights one
process trains at the same global batch (to float rounding: the gradient sums run in another
order)."""

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


def test_one_process_has_one_rank():
    axon.distributed.init()  # not launched by mpirun: nothing starts
    assert axon.distributed.rank() == 0 and axon.distributed.size() == 1
    assert not axon.distributed.launched()


def test_two_ranks_train_the_weights_of_one_process(tmp_path):
    mpirun = shutil.which("mpirun")
    if mpirun is None or not axon.distributed.available():
        pytest.skip("needs mpirun and axon built with MPI")
    script = tmp_path / "train.py"
    script.write_text(SCRIPT.format(train=TRAIN))
    out = tmp_path / "weights.npz"
    env = dict(os.environ, OMPI_ALLOW_RUN_AS_ROOT="1", OMPI_ALLOW_RUN_AS_ROOT_CONFIRM="1",
               ASAN_OPTIONS="detect_leaks=0:alloc_dealloc_mismatch=0")
    done = subprocess.run([mpirun, "--oversubscribe", "-np", "2", sys.executable, str(script),
                           str(out)], capture_output=True, text=True, timeout=300, env=env)
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
