// Running gnuplot through a pipe; its standard error goes to a temporary file so a failure can
// quote gnuplot's own message.
#include "axon/plot/gnuplot.hpp"

#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

#include <fmt/format.h>

namespace axon::plot {
namespace {

std::string read_all(const std::string& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

// A fresh empty file for gnuplot's standard error.
std::string temporary_file() {
  std::string pattern = (std::filesystem::temp_directory_path() / "axon_gnuplot_XXXXXX").string();
  const int fd = mkstemp(pattern.data());
  check(fd >= 0, "cannot create a temporary file in {}",
        std::filesystem::temp_directory_path().string());
  close(fd);
  return pattern;
}

}  // namespace

bool gnuplot_available() {
  const char* path = std::getenv("PATH");
  if (path == nullptr) return false;
  std::stringstream dirs(path);
  std::string dir;
  while (std::getline(dirs, dir, ':')) {
    if (dir.empty()) continue;
    const std::string candidate = dir + "/gnuplot";
    if (access(candidate.c_str(), X_OK) == 0) return true;
  }
  return false;
}

void run_gnuplot(const std::string& script) {
  if (!gnuplot_available()) throw GnuplotMissing();
  const std::string errors = temporary_file();
  FILE* pipe = popen(fmt::format("gnuplot 2> '{}'", errors).c_str(), "w");
  if (pipe == nullptr) {
    std::filesystem::remove(errors);
    throw Error("cannot start gnuplot");
  }
  std::fwrite(script.data(), 1, script.size(), pipe);
  const int status = pclose(pipe);
  const std::string messages = read_all(errors);
  std::filesystem::remove(errors);
  check(status == 0, "gnuplot failed (status {}): {}", status, messages);
  if (!messages.empty()) std::cerr << "gnuplot: " << messages;
}

std::string script_start(const PlotOptions& options, std::size_t default_width,
                         std::size_t default_height) {
  const std::size_t width = options.width > 0 ? options.width : default_width;
  const std::size_t height = options.height > 0 ? options.height : default_height;
  const std::string terminal = options.format == PlotFormat::kSvg ? "svg" : "pngcairo";
  std::filesystem::path parent = std::filesystem::path(options.path).parent_path();
  if (!parent.empty()) std::filesystem::create_directories(parent);
  return fmt::format(
      "set terminal {} noenhanced size {},{} font \"DejaVu Sans,11\" background \"white\"\n"
      "set output {}\n"
      "set encoding utf8\n",
      terminal, width, height, quote(options.path));
}

std::string quote(std::string_view text) {
  std::string out = "\"";
  for (char c : text) {
    if (c == '"' || c == '\\') out += '\\';
    out += c == '\n' ? std::string("\\n") : std::string(1, c);
  }
  return out + "\"";
}

std::string title_or(const PlotOptions& options, const std::string& fallback) {
  return options.title.empty() ? fallback : options.title;
}

}  // namespace axon::plot
