// Memory budget: /proc/meminfo, sysconf and the cgroup v2 limit.
#include "axon/io/memory_budget.hpp"

#include <unistd.h>

#include <algorithm>
#include <fstream>
#include <sstream>

#include <fmt/format.h>

#include "axon/tensor/error.hpp"

namespace axon {
namespace {

std::optional<std::uint64_t> meminfo_available() {
  std::ifstream in("/proc/meminfo");
  std::string key, unit;
  std::uint64_t kilobytes = 0;
  while (in >> key >> kilobytes) {
    std::getline(in, unit);
    if (key == "MemAvailable:") return kilobytes * 1024;
  }
  const long pages = sysconf(_SC_AVPHYS_PAGES), page_size = sysconf(_SC_PAGESIZE);
  if (pages <= 0 || page_size <= 0) return std::nullopt;
  return static_cast<std::uint64_t>(pages) * static_cast<std::uint64_t>(page_size);
}

std::optional<std::uint64_t> read_number(const std::string& path) {
  std::ifstream in(path);
  std::uint64_t value = 0;
  if (in >> value) return value;
  return std::nullopt;  // missing, or "max"
}

// cgroup v2: memory.max - memory.current of this process's group (containers, systemd units).
std::optional<std::uint64_t> cgroup_available() {
  std::ifstream in("/proc/self/cgroup");
  std::string line;
  while (std::getline(in, line)) {
    if (!line.starts_with("0::")) continue;
    const std::string dir = "/sys/fs/cgroup" + line.substr(3);
    const std::optional<std::uint64_t> limit = read_number(dir + "/memory.max");
    if (!limit) return std::nullopt;
    const std::uint64_t used = read_number(dir + "/memory.current").value_or(0);
    return *limit > used ? *limit - used : 0;
  }
  return std::nullopt;
}

}  // namespace

std::optional<std::uint64_t> available_memory() {
  std::optional<std::uint64_t> available = meminfo_available();
  if (const std::optional<std::uint64_t> group = cgroup_available())
    available = available ? std::min(*available, *group) : *group;
  return available;
}

std::string memory_text(std::uint64_t bytes) {
  const double b = static_cast<double>(bytes);
  if (b >= 1e12) return fmt::format("{:.3g} TB", b / 1e12);
  if (b >= 1e9) return fmt::format("{:.3g} GB", b / 1e9);
  if (b >= 1e6) return fmt::format("{:.3g} MB", b / 1e6);
  if (b >= 1e3) return fmt::format("{:.3g} kB", b / 1e3);
  return fmt::format("{} bytes", bytes);
}

void check_fits_in_memory(std::uint64_t bytes, const std::string& source, const std::string& what) {
  const std::optional<std::uint64_t> available = available_memory();
  check(!available || bytes <= *available, "'{}': {} needs {} of memory, but only {} is available",
        source, what, memory_text(bytes), memory_text(available.value_or(0)));
}

}  // namespace axon
