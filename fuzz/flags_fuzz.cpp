// Fuzz target: `axon train`'s command line. The input, split at NUL bytes, is the argument list
// after "train"; CLI11 parses it into TrainOptions and parse_train_config checks and converts
// every flag, as the command does before reading any data. A refused command line must give a
// CLI11 parse error or an axon::Error naming the flag ("--..."); an accepted one must describe
// itself in the report's JSON.
#include <CLI/CLI.hpp>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "axon/tensor/error.hpp"
#include "train_config.hpp"
#include "train_options.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::vector<std::string> arguments;
  std::string current;
  for (std::size_t i = 0; i < size; ++i) {
    if (data[i] == 0) {
      arguments.push_back(current);
      current.clear();
    } else {
      current.push_back(static_cast<char>(data[i]));
    }
  }
  arguments.push_back(current);
  if (arguments.size() > 64) return 0;  // long command lines add nothing but time

  CLI::App app;
  axon::cli::TrainOptions options;
  CLI::App* train = app.add_subcommand("train");
  axon::cli::add_train_flags(*train, options);
  std::vector<std::string> reversed(arguments.rbegin(), arguments.rend());
  reversed.push_back("train");
  try {
    app.parse(reversed);  // CLI11 takes the arguments in reverse order
  } catch (const CLI::ParseError&) {
    return 0;
  }
  try {
    const axon::cli::TrainConfig config = axon::cli::parse_train_config(options);
    const std::string text = axon::cli::to_json(config.flags)
                                 .dump(2, ' ', false, nlohmann::json::error_handler_t::replace);
    if (text.empty()) std::abort();
  } catch (const axon::Error& e) {
    const std::string message = e.what();
    if (message.rfind("--", 0) != 0) {
      std::fprintf(stderr, "the error does not start with the flag's name: %s\n", e.what());
      std::abort();
    }
  }
  return 0;
}
