// A fixed table of paths with one atomic "in use" flag per slot: no allocation and no lock, so a
// signal handler may walk it while the main thread writes.
#include "axon/io/temporary_files.hpp"

#include <unistd.h>

#include <array>
#include <atomic>
#include <cstring>

namespace axon {
namespace {

constexpr int kMaxTemporaries = 16;
constexpr std::size_t kMaxPath = 4096;

// `claimed` reserves a slot for one writer; `ready` says its path is complete and may be removed.
struct Slot {
  std::atomic<bool> claimed{false};
  std::atomic<bool> ready{false};
  char path[kMaxPath] = {};
};

std::array<Slot, kMaxTemporaries>& slots() {
  static std::array<Slot, kMaxTemporaries> table;
  return table;
}

}  // namespace

void register_temporary(const std::string& path) {
  if (path.size() >= kMaxPath) return;
  for (Slot& slot : slots()) {
    bool free = false;
    if (!slot.claimed.compare_exchange_strong(free, true)) continue;
    std::memcpy(slot.path, path.c_str(), path.size() + 1);
    slot.ready.store(true);
    return;
  }
}

void forget_temporary(const std::string& path) {
  for (Slot& slot : slots())
    if (slot.ready.load() && path == slot.path) {
      slot.ready.store(false);
      slot.claimed.store(false);
      return;
    }
}

void remove_temporaries_now() noexcept {
  for (Slot& slot : slots())
    if (slot.ready.load()) ::unlink(slot.path);
}

int temporaries_in_progress() {
  int count = 0;
  for (Slot& slot : slots()) count += slot.ready.load() ? 1 : 0;
  return count;
}

}  // namespace axon
