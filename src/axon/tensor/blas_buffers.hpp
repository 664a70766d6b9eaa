// OpenBLAS work buffers under an address-space limit.
//
// OpenBLAS maps one work buffer per thread that runs a product (BUFFER_SIZE, 128 MB on x86-64)
// the first time that thread needs it, and keeps it. When the mapping fails — RLIMIT_AS set by
// `ulimit -v` or `prlimit --as` — its allocator retries forever at 100% CPU instead of failing.
// Before the first product, and again when the thread count grows, axon therefore compares the
// buffers the threads will map with the address space left: it lowers the thread count to what
// fits, maps the buffers at once with one small product (so later products reuse them), and
// throws axon::Error with the numbers when even one thread's buffer does not fit.
#pragma once

#include <cstdint>

namespace axon {

/// Address space one OpenBLAS thread's work buffer takes (BUFFER_SIZE plus a guard page).
inline constexpr std::uint64_t kBlasBufferBytes = (std::uint64_t{128} << 20) + 4096;

/// Makes sure OpenBLAS's buffers fit (see above); does nothing without an address-space limit or
/// once done for the current thread count. gemm calls it before its first product.
void prepare_blas_buffers();

/// Whether prepare_blas_buffers has nothing left to do: no address-space limit, or the buffers of
/// the current thread count are mapped.
bool blas_buffers_ready();

/// The address space the matrix products still need at the least (one thread's buffer and a
/// margin; 0 when ready), for memory estimates: prepare_blas_buffers lowers the thread count to
/// what fits above that.
std::uint64_t blas_buffers_pending();

/// `wanted` threads lowered to what the address space can hold buffers for (at least 1);
/// `wanted` itself without an address-space limit. set_num_threads applies it: OpenBLAS threads
/// it starts map their buffer as they start.
int blas_threads_that_fit(int wanted);

/// For a program's .preinit_array, before OpenBLAS starts its threads (each maps its buffer as it
/// starts, and would spin at once under a tight limit): under an address-space limit that holds
/// buffers for fewer threads than OpenBLAS would start (in half the address space left, at least
/// 1), starts the program again (execve of /proc/self/exe) with OPENBLAS_NUM_THREADS set to that
/// count. Uses only the C library, as C++'s runtime is not started yet. The `axon` command
/// installs it.
void limit_blas_threads_before_start(char** argv, char** envp);

/// Forgets what was prepared, so that the next product checks again (set_num_threads calls it).
void reset_blas_buffers();

}  // namespace axon
