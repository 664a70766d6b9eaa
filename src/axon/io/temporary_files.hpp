// The temporary files being written right now, so that a process stopped by a signal can remove
// them from its handler: registration copies the path into a fixed table, and removal touches only
// that table with unlink(2), which is async-signal-safe.
#pragma once

#include <string>
#include <utility>

namespace axon {

/// Records `path` as a temporary file being written (at most 16 at once; a path too
/// long for the table is not recorded, and is then only removed by the writer's own error path).
void register_temporary(const std::string& path);

/// Forgets `path`: it was renamed into place or removed.
void forget_temporary(const std::string& path);

/// Removes every recorded temporary file. Async-signal-safe: callable from a signal handler.
void remove_temporaries_now() noexcept;

/// How many temporaries are recorded now (for tests).
int temporaries_in_progress();

/// Keeps a temporary file recorded for as long as it lives.
class TemporaryRegistration {
 public:
  explicit TemporaryRegistration(std::string path) : path_(std::move(path)) {
    register_temporary(path_);
  }
  ~TemporaryRegistration() { forget_temporary(path_); }
  TemporaryRegistration(const TemporaryRegistration&) = delete;
  TemporaryRegistration& operator=(const TemporaryRegistration&) = delete;

 private:
  std::string path_;
};

}  // namespace axon
