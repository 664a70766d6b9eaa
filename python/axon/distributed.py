"""Data-parallel training over MPI, from Python (docs/distributed.md, docs/python.md).

    # mpirun -np 2 python3 train.py
    import axon
    axon.distributed.init()                      # MPI_Init when launched by mpirun or srun
    model.fit(x, y, batch_size=64, data_parallel=True, verbose=int(axon.distributed.rank() == 0))

Every rank passes the same data and seed; each takes its share of every global batch of
``batch_size`` rows, and the ranks sum their gradients before each update, so they all hold the
same weights. Without MPI (or outside mpirun) there is one rank and nothing changes. MPI ends when
the interpreter exits (or at finalize()).
"""

import atexit

from . import _core

__all__ = ["available", "launched", "init", "finalize", "rank", "size"]


def available() -> bool:
    """True when axon was built with MPI (the CMake option AXON_MPI)."""
    return _core.distributed_available()


def launched() -> bool:
    """True when mpirun or srun started this process as one of several ranks."""
    return _core.distributed_launched()


def init() -> None:
    """Starts MPI when launched by mpirun or srun (a no-op otherwise, or when already started);
    MPI is ended at interpreter exit."""
    if launched():
        _core.distributed_init()
        atexit.register(_core.distributed_finalize)


def finalize() -> None:
    """Ends MPI if init() started it; no rank may train after."""
    _core.distributed_finalize()


def rank() -> int:
    """This process's rank: 0 without MPI."""
    return _core.distributed_rank()


def size() -> int:
    """The number of ranks: 1 without MPI."""
    return _core.distributed_size()
