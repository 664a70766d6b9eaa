// Before OpenBLAS starts its threads, fits their count to an address-space limit (ulimit -v,
// prlimit --as): each maps a 128 MB buffer as it starts and spins forever when it cannot.
// .preinit_array runs before the shared libraries' initializers; the program starts again with
// OPENBLAS_NUM_THREADS set when fewer threads fit (see axon/tensor/blas_buffers.hpp).
#include "axon/tensor/blas_buffers.hpp"

namespace {

void fit_blas_threads(int /*argc*/, char** argv, char** envp) {
  axon::limit_blas_threads_before_start(argv, envp);
}

[[gnu::section(".preinit_array"),
  gnu::used]] void (*const fit_blas_threads_entry)(int, char**, char**) = fit_blas_threads;

}  // namespace
