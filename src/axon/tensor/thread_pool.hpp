// The threads axon runs its matrix products on. A job is a fixed number of chunks, dealt out in
// contiguous shares, one per thread (the caller's is the first). Each thread claims the chunks of
// its own share first, from that share's atomic counter, then those left in the other shares, so
// a thread the OS deschedules holds up at most the chunk it is in, never its whole share. When
// every thread keeps up, chunk i runs on the same thread in every job of that size: the data a
// chunk writes (an optimizer's moments, a product's rows) stays in that core's cache from one
// step to the next instead of moving between cores.
// Chunks are cut by the caller from the job alone, never from the thread count: which thread runs
// a chunk changes nothing in its result, and results are the same on 1 thread and on many.
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <exception>
#include <mutex>
#include <thread>
#include <type_traits>
#include <vector>

namespace axon {

class ThreadPool {
 public:
  /// `threads` >= 1 threads run each job: the caller and threads - 1 workers.
  explicit ThreadPool(int threads);
  ~ThreadPool();
  ThreadPool(const ThreadPool&) = delete;
  ThreadPool& operator=(const ThreadPool&) = delete;

  int threads() const { return static_cast<int>(workers_.size()) + 1; }

  /// Runs body(i) for every chunk i in [0, chunks), on the caller and the workers; returns when
  /// all are done. The first exception a chunk throws is rethrown here (the other chunks still
  /// run). One job at a time: calls from several threads take turns.
  template <typename Body>
  void run(std::size_t chunks, Body&& body) {
    run_chunks(
        chunks,
        [](void* context, std::size_t i) {
          (*static_cast<std::remove_reference_t<Body>*>(context))(i);
        },
        &body);
  }

 private:
  using ChunkFunction = void (*)(void*, std::size_t);
  void run_chunks(std::size_t chunks, ChunkFunction function, void* context);
  bool claim(std::size_t share, std::uint64_t job, std::size_t& index);
  void work_on_job(std::uint64_t job, std::size_t home);
  void worker_loop(std::size_t home);

  // One share's counter, alone on its cache line.
  struct alignas(64) Share {
    // job number << 40 | end << 20 | next chunk to claim: one word, so that a claim can never
    // take a chunk of a job other than the one it looked at.
    std::atomic<std::uint64_t> ticket{0};
  };

  std::vector<std::thread> workers_;
  std::mutex run_mutex_;  // one job at a time
  // The current job: written by the caller before it publishes the ticket, read by a worker only
  // after it claimed a chunk of that job (the caller waits for every claimed chunk to be done).
  ChunkFunction function_ = nullptr;
  void* context_ = nullptr;
  std::vector<Share> shares_;  // one per thread, the caller's first
  std::atomic<std::size_t> done_{0};
  std::atomic<std::uint64_t> generation_{0};  // the last job number, what idle workers watch
  std::atomic<bool> stop_{false};
  std::exception_ptr error_;
  std::mutex error_mutex_;
  // Idle workers spin briefly on generation_, then sleep here.
  std::mutex sleep_mutex_;
  std::condition_variable wake_;
  std::atomic<int> sleepers_{0};
};

/// The process's pool, sized by set_num_threads (runtime.hpp); created on first use.
ThreadPool& compute_pool();
/// The threads compute_pool() has or will have.
int compute_pool_threads();
/// Makes compute_pool() have `threads` threads from its next use (set_num_threads calls it).
void resize_compute_pool(int threads);

}  // namespace axon
