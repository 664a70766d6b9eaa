// flock(2) on a lock file beside the output. The lock file is removed on release, so a run that
// takes the lock checks afterwards that the file it locked is still the one at that path; if an
// earlier owner removed it in between, it tries again on the new file.
#include "axon/io/file_lock.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <string>

#include "axon/tensor/error.hpp"

namespace axon {
namespace {

std::string owner_of(int fd) {
  char text[32] = {};
  const ssize_t n = ::pread(fd, text, sizeof(text) - 1, 0);
  std::string owner(text, n > 0 ? static_cast<std::size_t>(n) : 0);
  while (!owner.empty() && (owner.back() == '\n' || owner.back() == ' ')) owner.pop_back();
  return owner.empty() ? "unknown" : owner;
}

bool same_inode(int fd, const std::string& path) {
  struct stat opened {};
  struct stat named {};
  return ::fstat(fd, &opened) == 0 && ::stat(path.c_str(), &named) == 0 &&
         opened.st_dev == named.st_dev && opened.st_ino == named.st_ino;
}

}  // namespace

std::string lock_path_for(const std::string& path) {
  const std::filesystem::path target(path);
  std::string name = ".";
  name.append(target.filename().string()).append(".lock");
  return (target.parent_path() / name).string();
}

FileLock::FileLock(const std::string& path, const std::string& what)
    : lock_path_(lock_path_for(path)) {
  for (int attempt = 0; attempt < 100; ++attempt) {
    const int fd = ::open(lock_path_.c_str(), O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0644);
    check(fd >= 0, "{} '{}': cannot create the lock file '{}': {}", what, path, lock_path_,
          std::strerror(errno));
    if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
      const int error = errno;
      const std::string owner = owner_of(fd);
      ::close(fd);
      check(error != EWOULDBLOCK,
            "{} '{}' is in use by another run (process {}); give this run "
            "another file, or wait for that one to end",
            what, path, owner);
      throw Error(fmt::format("{} '{}': cannot lock '{}': {}", what, path, lock_path_,
                              std::strerror(error)));
    }
    if (!same_inode(fd, lock_path_)) {  // the previous owner removed it as we took it: again
      ::close(fd);
      continue;
    }
    const std::string pid = std::to_string(::getpid()) + "\n";
    if (::ftruncate(fd, 0) != 0 || ::pwrite(fd, pid.data(), pid.size(), 0) < 0) {
      // The lock holds without the process id; only the message to a second run loses it.
    }
    fd_ = fd;
    return;
  }
  throw Error(
      fmt::format("{} '{}': the lock file '{}' keeps being replaced", what, path, lock_path_));
}

FileLock::~FileLock() {
  if (fd_ < 0) return;
  ::unlink(lock_path_.c_str());  // while still holding the lock: the next owner sees a new file
  ::close(fd_);
}

}  // namespace axon
