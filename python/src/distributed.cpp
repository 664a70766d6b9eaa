// axon::distributed from Python: MPI started and ended, this process's rank and the number of
// ranks. fit's data_parallel setting (training.cpp) then sums the ranks' gradients every step.
#include "axon/train/distributed.hpp"
#include "bindings.hpp"

namespace axon::python {

namespace py = pybind11;

void bind_distributed(py::module_& m) {
  m.def("distributed_available", &distributed::available,
        "True when axon was built with MPI (the CMake option AXON_MPI).");
  m.def("distributed_launched", &distributed::launched,
        "True when mpirun or srun started this process as one of several ranks.");
  m.def(
      "distributed_init", [] { distributed::init(nullptr, nullptr); },
      "Starts MPI (MPI_Init) once; a no-op without MPI or when already started.");
  m.def("distributed_finalize", &distributed::finalize, "Ends MPI (MPI_Finalize) if it started.");
  m.def("distributed_rank", &distributed::rank, "This process's rank (0 without MPI).");
  m.def("distributed_size", &distributed::size, "The number of ranks (1 without MPI).");
}

}  // namespace axon::python
