// Running the built `axon` from tests: start it with its output sent to files, wait for it or kill
// it, and tell an exit code from a crash signal.
#pragma once

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fstream>
#include <sstream>
#include <string>
#include <vector>

extern char** environ;

namespace axon::test {

inline const std::string& axon_binary() {
  static const std::string path = std::string(AXON_BINARY_DIR) + "/cli/axon";
  return path;
}

struct ProcessResult {
  int exit_code = -1;  ///< -1 when killed by a signal
  int signal = 0;      ///< the signal that ended it, 0 when it exited
};

/// Starts `axon arguments...` with stdout and stderr written to the two files; returns its pid.
inline pid_t start_axon(const std::vector<std::string>& arguments, const std::string& out,
                        const std::string& err) {
  std::vector<std::string> words = {axon_binary()};
  words.insert(words.end(), arguments.begin(), arguments.end());
  std::vector<char*> argv;
  for (std::string& w : words) argv.push_back(w.data());
  argv.push_back(nullptr);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&actions, 1, out.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  posix_spawn_file_actions_addopen(&actions, 2, err.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  pid_t pid = -1;
  const int failed = posix_spawn(&pid, argv[0], &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  return failed == 0 ? pid : -1;
}

inline ProcessResult wait_for(pid_t pid) {
  int status = 0;
  while (waitpid(pid, &status, 0) < 0) {
  }
  if (WIFSIGNALED(status)) return {-1, WTERMSIG(status)};
  return {WEXITSTATUS(status), 0};
}

/// Runs `axon arguments...` to the end.
inline ProcessResult run_axon(const std::vector<std::string>& arguments, const std::string& out,
                              const std::string& err) {
  const pid_t pid = start_axon(arguments, out, err);
  if (pid < 0) return {};
  return wait_for(pid);
}

inline std::string read_text(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

inline std::vector<std::string> split_words(const std::string& text) {
  std::istringstream in(text);
  std::vector<std::string> words;
  for (std::string w; in >> w;) words.push_back(w);
  return words;
}

}  // namespace axon::test
