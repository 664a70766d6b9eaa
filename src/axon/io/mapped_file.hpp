// A file mapped read-only into memory (POSIX mmap): its pages are read when first touched, so a
// reader of one block of a large file holds only that block's pages.
#pragma once

#include <cstddef>
#include <span>
#include <string>

namespace axon {

class MappedFile {
 public:
  /// Maps `path`; throws axon::Error naming the file when it cannot be opened or mapped.
  explicit MappedFile(const std::string& path);
  ~MappedFile();
  MappedFile(const MappedFile&) = delete;
  MappedFile& operator=(const MappedFile&) = delete;

  std::span<const unsigned char> bytes() const { return {data_, size_}; }
  /// Gives back the pages wholly inside bytes [begin, end) (madvise MADV_DONTNEED): a reader done
  /// with them keeps its resident memory small; touched again, they are read again.
  void release(std::size_t begin, std::size_t end) const;

 private:
  const unsigned char* data_ = nullptr;
  std::size_t size_ = 0;
};

}  // namespace axon
