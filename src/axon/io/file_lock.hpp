// An exclusive lock on an output that one run owns for its whole length (a checkpoint): a second
// run naming the same file is refused at its start instead of overwriting the first one's saves.
#pragma once

#include <string>

namespace axon {

/// Holds an exclusive flock(2) on ".NAME.lock" beside `path` while it lives and removes that file
/// when released. The lock file holds the owner's process id, quoted in the error a second
/// owner gets. A process that dies loses its lock with it (the kernel releases it), so a stale lock
/// file never blocks a later run.
class FileLock {
 public:
  /// Takes the lock or throws axon::Error: "WHAT 'PATH' is in use by another run (process N)".
  FileLock(const std::string& path, const std::string& what);
  ~FileLock();
  FileLock(const FileLock&) = delete;
  FileLock& operator=(const FileLock&) = delete;

  /// The lock file's path.
  const std::string& lock_path() const { return lock_path_; }

 private:
  std::string lock_path_;
  int fd_ = -1;
};

/// The lock file that guards `path`: ".NAME.lock" in the same directory.
std::string lock_path_for(const std::string& path);

}  // namespace axon
