// Element-wise work of a training step (the optimizer's update, zeroing the gradients) on the
// compute pool, in runs cut from the size alone: which thread runs a run changes nothing in its
// result, so the bits are the same on one thread and on many.
#pragma once

#include <algorithm>
#include <cstddef>

#include "axon/tensor/thread_pool.hpp"

namespace axon {

/// Elements per run of parallel_ranges: 16 Ki floats (64 KiB), a few microseconds of an update,
/// long enough to pay for a hand-off to another thread.
inline constexpr std::size_t kElementRun = std::size_t{16} << 10;

/// Calls body(begin, end) for the runs [0, kElementRun), [kElementRun, 2 kElementRun), ... of
/// [0, size), on the compute pool; one run (size <= kElementRun) stays on the caller.
template <typename Body>
void parallel_ranges(std::size_t size, Body&& body) {
  const std::size_t runs = (size + kElementRun - 1) / kElementRun;
  if (runs <= 1) {
    if (size > 0) body(std::size_t{0}, size);
    return;
  }
  compute_pool().run(runs, [&](std::size_t i) {
    const std::size_t begin = i * kElementRun;
    body(begin, std::min(size, begin + kElementRun));
  });
}

}  // namespace axon
