// The compute pool: chunk claiming with an atomic counter, idle workers spinning for a short
// while (the products of one training step follow each other within microseconds) and then
// sleeping on a condition variable, so that a pool on a machine shared with other work does not
// burn a core between steps.
#include "axon/tensor/thread_pool.hpp"

#include <algorithm>
#include <memory>

#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>
#endif

#include "axon/tensor/blas_buffers.hpp"
#include "axon/tensor/runtime.hpp"

namespace axon {
namespace {

// About 50 us of spinning on current x86 (PAUSE takes 10-140 cycles).
constexpr int kSpinRounds = 4000;

inline void cpu_relax() {
#if defined(__x86_64__) || defined(__i386__)
  _mm_pause();
#else
  std::this_thread::yield();
#endif
}

}  // namespace

ThreadPool::ThreadPool(int threads) : shares_(static_cast<std::size_t>(std::max(threads, 1))) {
  for (std::size_t t = 1; t < shares_.size(); ++t)
    workers_.emplace_back([this, t] { worker_loop(t); });
}

ThreadPool::~ThreadPool() {
  {
    const std::lock_guard<std::mutex> lock(sleep_mutex_);
    stop_.store(true);
    generation_.fetch_add(1);  // wakes the spinning and the sleeping workers
  }
  wake_.notify_all();
  for (std::thread& worker : workers_) worker.join();
}

constexpr int kJobShift = 40, kChunkShift = 20;
constexpr std::uint64_t kField = (std::uint64_t{1} << kChunkShift) - 1;
constexpr std::uint64_t kJobMask = (std::uint64_t{1} << (64 - kJobShift)) - 1;

bool ThreadPool::claim(std::size_t share, std::uint64_t job, std::size_t& index) {
  std::atomic<std::uint64_t>& counter = shares_[share].ticket;
  std::uint64_t ticket = counter.load(std::memory_order_acquire);
  for (;;) {
    const std::uint64_t end = (ticket >> kChunkShift) & kField, next = ticket & kField;
    if ((ticket >> kJobShift) != (job & kJobMask) || next >= end) return false;
    if (counter.compare_exchange_weak(ticket, ticket + 1, std::memory_order_acq_rel,
                                      std::memory_order_acquire)) {
      index = static_cast<std::size_t>(next);
      return true;
    }
  }
}

void ThreadPool::work_on_job(std::uint64_t job, std::size_t home) {
  // The own share first, then the others' leftovers, starting with the next thread's.
  for (std::size_t s = 0; s < shares_.size(); ++s) {
    const std::size_t share = (home + s) % shares_.size();
    std::size_t i = 0;
    while (claim(share, job, i)) {
      try {
        function_(context_, i);
      } catch (...) {
        const std::lock_guard<std::mutex> lock(error_mutex_);
        if (!error_) error_ = std::current_exception();
      }
      done_.fetch_add(1, std::memory_order_release);
    }
  }
}

void ThreadPool::worker_loop(std::size_t home) {
  // Flush-to-zero as the training thread has it (runtime.hpp): the same arithmetic on every
  // thread keeps the results independent of the thread a chunk runs on.
  enable_flush_to_zero();
  std::uint64_t seen = 0;
  for (;;) {
    std::uint64_t now = generation_.load(std::memory_order_acquire);
    for (int spin = 0; now == seen && spin < kSpinRounds; ++spin) {
      cpu_relax();
      now = generation_.load(std::memory_order_acquire);
    }
    if (now == seen) {
      std::unique_lock<std::mutex> lock(sleep_mutex_);
      sleepers_.fetch_add(1);
      wake_.wait(lock, [&] { return generation_.load(std::memory_order_acquire) != seen; });
      sleepers_.fetch_sub(1);
      now = generation_.load(std::memory_order_acquire);
    }
    seen = now;
    if (stop_.load()) return;
    work_on_job(now, home);
  }
}

void ThreadPool::run_chunks(std::size_t chunks, ChunkFunction function, void* context) {
  if (chunks == 0) return;
  if (workers_.empty() || chunks == 1) {
    for (std::size_t i = 0; i < chunks; ++i) function(context, i);
    return;
  }
  const std::lock_guard<std::mutex> run_lock(run_mutex_);
  const std::uint64_t job = generation_.load(std::memory_order_relaxed) + 1;
  function_ = function;
  context_ = context;
  error_ = nullptr;
  done_.store(0, std::memory_order_relaxed);
  const std::uint64_t count = std::min<std::uint64_t>(chunks, kField);
  // Share t is chunks [count t / T, count (t + 1) / T): contiguous, sizes differing by one at most.
  const std::uint64_t threads = shares_.size();
  for (std::uint64_t t = 0; t < threads; ++t) {
    const std::uint64_t begin = count * t / threads, end = count * (t + 1) / threads;
    shares_[t].ticket.store((job & kJobMask) << kJobShift | end << kChunkShift | begin,
                            std::memory_order_release);
  }
  {
    // Under the sleep mutex, so that a worker between its check and its wait cannot miss it.
    const std::lock_guard<std::mutex> lock(sleep_mutex_);
    generation_.store(job, std::memory_order_release);
  }
  if (sleepers_.load() > 0) wake_.notify_all();
  work_on_job(job, 0);
  while (done_.load(std::memory_order_acquire) != count) cpu_relax();
  if (error_) std::rethrow_exception(error_);
  // Chunks beyond kField (never cut that fine by axon) run here.
  for (std::size_t i = count; i < chunks; ++i) function(context, i);
}

namespace {
std::mutex g_pool_mutex;
std::unique_ptr<ThreadPool> g_pool;
int g_pool_threads = 0;  // 0: not set, one per core that the address space has buffers for

int default_threads() {
  const int cores = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  return blas_threads_that_fit(cores);  // each thread maps an OpenBLAS buffer (blas_buffers.hpp)
}
}  // namespace

int compute_pool_threads() {
  const std::lock_guard<std::mutex> lock(g_pool_mutex);
  if (g_pool_threads == 0) g_pool_threads = default_threads();
  return g_pool_threads;
}

void resize_compute_pool(int threads) {
  const std::lock_guard<std::mutex> lock(g_pool_mutex);
  if (g_pool_threads == threads) return;
  g_pool.reset();
  g_pool_threads = threads;
}

ThreadPool& compute_pool() {
  const std::lock_guard<std::mutex> lock(g_pool_mutex);
  if (g_pool_threads == 0) g_pool_threads = default_threads();
  if (!g_pool) g_pool = std::make_unique<ThreadPool>(g_pool_threads);
  return *g_pool;
}

}  // namespace axon
