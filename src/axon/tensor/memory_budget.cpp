// Memory budget: /proc/meminfo, sysconf, cgroup v1 and v2 limits and RLIMIT_AS.
#include "axon/tensor/memory_budget.hpp"

#include <sys/resource.h>
#include <unistd.h>

#include <fstream>
#include <sstream>
#include <vector>

#include <fmt/format.h>

#include "axon/tensor/error.hpp"

namespace axon {
namespace {

// cgroup v1 reports "no limit" as a huge page-rounded number; anything above this is no limit.
constexpr std::uint64_t kNoLimit = std::uint64_t{1} << 60;

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

// limit - usage in the first of `dirs` that has the limit file; nullopt without a limit.
std::optional<std::uint64_t> group_headroom(const std::vector<std::string>& dirs,
                                            const char* limit_file, const char* usage_file) {
  for (const std::string& dir : dirs) {
    if (!std::ifstream(dir + "/" + limit_file)) continue;
    const std::optional<std::uint64_t> limit = read_number(dir + "/" + limit_file);
    if (!limit || *limit >= kNoLimit) return std::nullopt;
    const std::uint64_t used = read_number(dir + "/" + usage_file).value_or(0);
    return *limit > used ? *limit - used : 0;
  }
  return std::nullopt;
}

// The process's group from /proc/self/cgroup, under its mount point; a container often mounts
// its own group as the root, so the root is tried after it.
std::optional<std::uint64_t> cgroup_headroom() {
  std::ifstream in("/proc/self/cgroup");
  std::string line;
  std::optional<std::uint64_t> v1, v2;
  while (std::getline(in, line)) {
    const std::size_t colon = line.find(':'), second = line.find(':', colon + 1);
    if (colon == std::string::npos || second == std::string::npos) continue;
    const std::string controllers = line.substr(colon + 1, second - colon - 1);
    const std::string path = line.substr(second + 1);
    if (line.starts_with("0::")) {
      v2 = group_headroom({"/sys/fs/cgroup" + path, "/sys/fs/cgroup"}, "memory.max",
                          "memory.current");
    } else if (controllers == "memory" || controllers.find("memory,") != std::string::npos ||
               controllers.ends_with(",memory")) {
      v1 = group_headroom({"/sys/fs/cgroup/memory" + path, "/sys/fs/cgroup/memory"},
                          "memory.limit_in_bytes", "memory.usage_in_bytes");
    }
  }
  if (v1 && v2) return std::min(*v1, *v2);
  return v1 ? v1 : v2;
}

void lower(std::optional<MemoryBudget>& budget, std::optional<std::uint64_t> bytes,
           const char* limit) {
  if (bytes && (!budget || *bytes < budget->bytes)) budget = MemoryBudget{*bytes, limit};
}

}  // namespace

std::optional<std::uint64_t> address_space_headroom() {
  rlimit limit{};
  if (getrlimit(RLIMIT_AS, &limit) != 0 || limit.rlim_cur == RLIM_INFINITY) return std::nullopt;
  std::ifstream in("/proc/self/statm");
  std::uint64_t pages = 0;
  const long page_size = sysconf(_SC_PAGESIZE);
  if (!(in >> pages) || page_size <= 0) return std::nullopt;
  const std::uint64_t used = pages * static_cast<std::uint64_t>(page_size);
  return limit.rlim_cur > used ? limit.rlim_cur - used : 0;
}

std::optional<MemoryBudget> memory_budget() {
  std::optional<MemoryBudget> budget;
  lower(budget, meminfo_available(), "MemAvailable");
  lower(budget, cgroup_headroom(), "the cgroup memory limit");
  lower(budget, address_space_headroom(), "the address-space limit, ulimit -v");
  return budget;
}

std::optional<std::uint64_t> available_memory() {
  const std::optional<MemoryBudget> budget = memory_budget();
  if (!budget) return std::nullopt;
  return budget->bytes;
}

std::string memory_text(std::uint64_t bytes) {
  const double b = static_cast<double>(bytes);
  if (b >= 1e18) return fmt::format("{:.3g} EB", b / 1e18);
  if (b >= 1e15) return fmt::format("{:.3g} PB", b / 1e15);
  if (b >= 1e12) return fmt::format("{:.3g} TB", b / 1e12);
  if (b >= 1e9) return fmt::format("{:.3g} GB", b / 1e9);
  if (b >= 1e6) return fmt::format("{:.3g} MB", b / 1e6);
  if (b >= 1e3) return fmt::format("{:.3g} kB", b / 1e3);
  return fmt::format("{} bytes", bytes);
}

void check_fits_in_memory(std::uint64_t bytes, const std::string& source, const std::string& what) {
  const std::optional<MemoryBudget> budget = memory_budget();
  if (!budget || bytes <= budget->bytes) return;
  throw Error(fmt::format("{}{} needs {} of memory, but only {} is available ({})",
                          source.empty() ? "" : "'" + source + "': ", what, memory_text(bytes),
                          memory_text(budget->bytes), budget->limit));
}

}  // namespace axon
