// The subcommands of `axon`. Each add_* declares a subcommand and its flags on `app`; its callback
// runs the command once the flags are parsed. Errors are thrown as axon::Error; main turns them
// into a message on stderr and exit code 2.
#pragma once

namespace CLI {
class App;
}  // namespace CLI

namespace axon::cli {

void add_train_command(CLI::App& app);
void add_eval_command(CLI::App& app);
void add_predict_command(CLI::App& app);
void add_summary_command(CLI::App& app);
void add_export_command(CLI::App& app);
void add_import_command(CLI::App& app);

}  // namespace axon::cli
