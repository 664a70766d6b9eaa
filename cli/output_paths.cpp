// Output paths: existence and write permission of each output's directory.
#include "output_paths.hpp"

#include <unistd.h>

#include <filesystem>
#include <iterator>
#include <utility>

#include "axon/tensor/error.hpp"

namespace axon::cli {

void check_output_path(const std::string& flag, const std::string& path) {
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

// Whether two output paths name one file ("m.axon" and "./m.axon" do), existing or not.
bool same_file(const std::string& a, const std::string& b) {
  if (a.empty() || b.empty()) return false;
  namespace fs = std::filesystem;
  // weakly_canonical resolves the part that exists (links, ".."); lexically_normal the rest,
  // which it leaves as written when the file does not exist yet ("./m.axon").
  std::error_code error_a, error_b;
  const fs::path canonical_a = fs::weakly_canonical(fs::absolute(a), error_a).lexically_normal();
  const fs::path canonical_b = fs::weakly_canonical(fs::absolute(b), error_b).lexically_normal();
  return error_a || error_b ? a == b : canonical_a == canonical_b;
}

void check_output_paths(const TrainOptions& o) {
  // Checkpoints go to --checkpoint, or back to the --resume file.
  const std::string checkpoint = o.checkpoint.empty() ? o.resume : o.checkpoint;
  check_output_path("--save", o.save);
  check_output_path("--report", o.report);
  check_output_path(o.checkpoint.empty() ? "--resume" : "--checkpoint", checkpoint);
  const std::pair<const char*, const std::string*> outputs[] = {
      {"--save", &o.save},
      {"--report", &o.report},
      {o.checkpoint.empty() ? "--resume (where checkpoints go)" : "--checkpoint", &checkpoint}};
  for (std::size_t i = 0; i < std::size(outputs); ++i)
    for (std::size_t j = i + 1; j < std::size(outputs); ++j)
      check(!same_file(*outputs[i].second, *outputs[j].second),
            "{} and {} name the same file '{}'; give them different names", outputs[i].first,
            outputs[j].first, *outputs[i].second);
}

}  // namespace axon::cli
