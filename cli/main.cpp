// axon: the command-line trainer. `axon train`, `axon eval`, `axon predict`, `axon summary`,
// `axon plot`, `axon export`, `axon import`; `axon --help` and `axon CMD --help` list every flag
// with its default.
#include <exception>
#include <iostream>
#include <new>

#include <CLI/CLI.hpp>

#include "axon/tensor/error.hpp"
#include "commands.hpp"
#include "plot_command.hpp"
#include "signals.hpp"
#include "suggestions.hpp"

namespace {

constexpr int kUsageError = 2;

int fail(const std::string& message) {
  std::cerr << "axon: error: " << message << '\n';
  return kUsageError;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app("axon: train, evaluate and run multi-layer perceptrons", "axon");
  app.option_defaults()->always_capture_default();
  app.require_subcommand(1);
  app.set_help_all_flag("--help-all", "Print the help of every subcommand and exit");
  app.set_version_flag("--version", "axon " AXON_VERSION);
  axon::cli::add_train_command(app);
  axon::cli::add_eval_command(app);
  axon::cli::add_predict_command(app);
  axon::cli::add_summary_command(app);
  axon::cli::add_export_command(app);
  axon::cli::add_import_command(app);
  axon::cli::add_plot_command(app);
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    const std::string suggestion = axon::cli::did_you_mean(app);
    return fail(std::string(e.what()) +
                (suggestion.empty() ? " (run `axon --help` for the flags)" : suggestion));
  } catch (const axon::cli::Interrupted& stop) {
    return axon::cli::StopSignals::exit_code(stop.signal);
  } catch (const axon::Error& e) {
    return fail(e.what());
  } catch (const std::bad_alloc&) {
    return fail(
        "out of memory: an allocation failed (the memory available, a cgroup limit or ulimit -v); "
        "use a smaller --batch_size, fewer or smaller --layers, or less data");
  } catch (const std::exception& e) {
    return fail(e.what());
  }
  return 0;
}
