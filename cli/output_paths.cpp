// Output paths: existence and write permission of each output's directory.
#include "output_paths.hpp"

#include <unistd.h>

#include <filesystem>

#include "axon/tensor/error.hpp"

namespace axon::cli {
namespace {

void check_output(const std::string& flag, const std::string& path) {
  if (path.empty()) return;
  namespace fs = std::filesystem;
  check(!fs::is_directory(path), "{} '{}' is a directory; give a file name", flag, path);
  const fs::path parent = fs::path(path).parent_path();
  const fs::path directory = parent.empty() ? fs::path(".") : parent;
  check(fs::is_directory(directory), "{} '{}': the directory '{}' does not exist", flag, path,
        directory.string());
  check(::access(directory.c_str(), W_OK) == 0, "{} '{}': the directory '{}' is not writable", flag,
        path, directory.string());
}

}  // namespace

void check_output_paths(const TrainOptions& o) {
  check_output("--save", o.save);
  check_output("--report", o.report);
  check_output("--checkpoint", o.checkpoint);
  check(o.save.empty() || o.save != o.checkpoint,
        "--save and --checkpoint name the same file '{}'; give them different names", o.save);
}

}  // namespace axon::cli
