// OpenBLAS work buffers: the thread count that fits the address space, and mapping them at once.
#include "axon/tensor/blas_buffers.hpp"

#include <cblas.h>
#include <fcntl.h>
#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <cstring>

#include <atomic>
#include <mutex>
#include <optional>
#include <vector>

#include "axon/tensor/error.hpp"
#include "axon/tensor/memory_budget.hpp"

namespace axon {
namespace {

// Room kept beside the buffer for the product's own small allocations, and for what another
// thread may map meanwhile (a new thread's malloc arena reserves 64 MB): a buffer that does not
// fit after all would spin, so the margin errs on the safe side.
constexpr std::uint64_t kMargin = std::uint64_t{80} << 20;
// A product large enough that OpenBLAS splits it over every thread (above its threshold of
// 65536 x 4 multiply-adds), small enough to cost well under a millisecond.
constexpr int kWarmUpSize = 128;

std::atomic<bool> g_ready{false};
std::mutex g_mutex;

void warm_up() {
  const std::vector<float> a(kWarmUpSize * kWarmUpSize, 0.0f);
  std::vector<float> c(kWarmUpSize * kWarmUpSize);
  cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, kWarmUpSize, kWarmUpSize, kWarmUpSize,
              1.0f, a.data(), kWarmUpSize, a.data(), kWarmUpSize, 0.0f, c.data(), kWarmUpSize);
}

// What a thread costs besides its buffer: its stack (8 MB by default) and a guard page.
constexpr std::uint64_t kThreadStack = std::uint64_t{8} << 20;

// Threads whose buffers fit in `room` bytes of address space, at least 1.
int threads_for(std::uint64_t room, int wanted) {
  const std::uint64_t fit = room / (kBlasBufferBytes + kThreadStack);
  return static_cast<int>(std::clamp<std::uint64_t>(fit, 1, std::max(wanted, 1)));
}

// RLIMIT_AS minus the current size, read with system calls only.
std::optional<std::uint64_t> raw_headroom() {
  rlimit limit{};
  if (getrlimit(RLIMIT_AS, &limit) != 0 || limit.rlim_cur == RLIM_INFINITY) return std::nullopt;
  const int fd = ::open("/proc/self/statm", O_RDONLY | O_CLOEXEC);
  if (fd < 0) return std::nullopt;
  char text[64] = {};
  const ssize_t got = ::read(fd, text, sizeof(text) - 1);
  ::close(fd);
  if (got <= 0) return std::nullopt;
  std::uint64_t pages = 0;
  for (const char* p = text; *p >= '0' && *p <= '9'; ++p) pages = pages * 10 + (*p - '0');
  const std::uint64_t used = pages * static_cast<std::uint64_t>(sysconf(_SC_PAGESIZE));
  return limit.rlim_cur > used ? limit.rlim_cur - used : 0;
}

// The value of `name` ("NAME=") in `envp`, or null.
const char* environment_value(char** envp, const char* name) {
  const std::size_t length = std::strlen(name);
  for (char** entry = envp; *entry != nullptr; ++entry)
    if (std::strncmp(*entry, name, length) == 0) return *entry + length;
  return nullptr;
}

}  // namespace

int blas_threads_that_fit(int wanted) {
  const std::optional<std::uint64_t> headroom = address_space_headroom();
  return headroom ? threads_for(*headroom / 2, wanted) : wanted;
}

void limit_blas_threads_before_start(char** argv, char** envp) {
  if (argv == nullptr || envp == nullptr) return;
  // getenv does not work yet: the C library has not set `environ`.
  if (environment_value(envp, "AXON_BLAS_THREADS_FITTED=") != nullptr) return;  // started again
  const std::optional<std::uint64_t> headroom = raw_headroom();
  if (!headroom) return;
  long wanted = sysconf(_SC_NPROCESSORS_ONLN);
  if (const char* set = environment_value(envp, "OPENBLAS_NUM_THREADS="); set && atol(set) > 0)
    wanted = atol(set);
  wanted = std::clamp(wanted, 1L, 4096L);
  const int threads = threads_for(*headroom / 2, static_cast<int>(wanted));
  if (threads >= wanted) return;
  // setenv here would be undone when the C library starts: the program starts again instead,
  // with the variable in its environment, before OpenBLAS has started a thread.
  static char count[48] = "OPENBLAS_NUM_THREADS=";
  char* digits = count + 21;
  int length = 0;
  for (int t = threads; t > 0; t /= 10) ++length;
  for (int i = length - 1, t = threads; i >= 0; --i, t /= 10)
    digits[i] = static_cast<char>('0' + t % 10);
  static char marker[] = "AXON_BLAS_THREADS_FITTED=1";
  std::size_t n = 0;
  while (envp[n] != nullptr) ++n;
  char** environment = static_cast<char**>(std::calloc(n + 3, sizeof(char*)));
  if (environment == nullptr) return;
  std::size_t kept = 0;
  for (std::size_t i = 0; i < n; ++i)
    if (std::strncmp(envp[i], "OPENBLAS_NUM_THREADS=", 21) != 0) environment[kept++] = envp[i];
  environment[kept++] = count;
  environment[kept++] = marker;
  ::execve("/proc/self/exe", argv, environment);
  std::free(environment);  // exec failed: go on with OpenBLAS's own count
}

bool blas_buffers_ready() {
  return g_ready.load(std::memory_order_acquire) || !address_space_headroom();
}

std::uint64_t blas_buffers_pending() {
  if (blas_buffers_ready()) return 0;
  return kBlasBufferBytes + kMargin;
}

void prepare_blas_buffers() {
  if (g_ready.load(std::memory_order_acquire)) return;
  const std::lock_guard<std::mutex> lock(g_mutex);
  if (g_ready.load(std::memory_order_relaxed)) return;
  const std::optional<std::uint64_t> headroom = address_space_headroom();
  if (headroom) {
    // Buffers some threads may have mapped already are counted again: erring on the safe side.
    const std::uint64_t room = *headroom > kMargin ? *headroom - kMargin : 0;
    const std::uint64_t fit = room / kBlasBufferBytes;
    check(fit >= 1,
          "the address-space limit (ulimit -v, prlimit --as) leaves {} free, but the matrix "
          "products need {} for OpenBLAS's work buffer: raise the limit by at least {}, or use "
          "less data or a smaller model",
          memory_text(*headroom), memory_text(kBlasBufferBytes + kMargin),
          memory_text(kBlasBufferBytes + kMargin - *headroom));
    const int threads = openblas_get_num_threads();
    if (fit < static_cast<std::uint64_t>(threads)) openblas_set_num_threads(static_cast<int>(fit));
    warm_up();
  }
  g_ready.store(true, std::memory_order_release);
}

void reset_blas_buffers() { g_ready.store(false, std::memory_order_release); }

}  // namespace axon
