// TrainOptions: every flag of `axon train`, with its default. The defaults train the seed's
// MNIST model (784-128-64-10, relu, softmax, cross-entropy, Adam 0.001, batch 128, 10 epochs) on
// Fashion-MNIST; `auto` values follow the data (see model_plan.hpp).
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

namespace CLI {
class App;
}  // namespace CLI

namespace axon::cli {

struct TrainOptions {
  std::string data = "fashion-mnist";
  std::vector<std::string> layers = {"auto", "128", "64", "auto"};
  /// An architecture string ("conv 32 3 relu, maxpool 2, flatten, dense 10"), or @FILE holding
  /// one, in place of --layers; see axon/model/architecture.hpp.
  std::string model = "";
  std::string activation = "relu";
  std::string output = "auto";
  std::string loss = "auto";
  std::string optimizer = "adam";
  double learning_rate = 0.001;
  std::size_t epochs = 10;
  std::size_t batch_size = 128;
  std::uint64_t seed = 42;
  std::string init = "torch_default";
  double validation_split = 0.0;
  std::size_t verbose_epoch = 1;
  std::vector<double> dropout = {};  ///< one probability for every hidden layer, or one each
  bool batchnorm = false;
  double l2 = 0.0;
  double clip_norm = 0.0;
  std::string lr_schedule = "constant";
  std::size_t warmup = 0;              ///< epochs of linear learning-rate warm-up
  std::optional<double> weight_decay;  ///< unset keeps the optimizer's default
  std::size_t early_stopping = 0;
  int threads = 0;              ///< 0: the matrix library's default (every core)
  std::string matmul = "auto";  ///< fp32, bf16 (AMX) or auto: bf16 where the CPU has AMX
  std::string save;
  std::string report;
  std::string checkpoint = "";  ///< file rewritten atomically every checkpoint_every epochs
  std::size_t checkpoint_every = 1;
  std::string resume = "";  ///< checkpoint to continue from
  bool shard = false;       ///< several MPI ranks: each reads only its block of the rows
  std::string test_data;
  double test_split = 0.2;
  std::string header = "auto";
  std::string label_column = "-1";
  std::string task = "auto";
  std::string delimiter = "auto";    ///< CSV field separator; auto: sniffed
  std::string missing = "error";     ///< CSV missing cells: error, drop or mean
  std::string categorical = "auto";  ///< CSV text columns to one-hot encode
  /// Flags given on the command line: a table trained without --epochs gets up to 200 epochs
  /// with early stopping on a validation part (unless those flags are given).
  bool epochs_given = false;
  bool validation_split_given = false;
  bool early_stopping_given = false;
  /// The flags of the built-in MLP given on the command line (--layers, --activation, ...),
  /// which --model replaces.
  std::vector<std::string> mlp_flags_given = {};
  std::string plots = "";  ///< directory for the plots; empty draws none
  std::string plot_format = "png";
  std::vector<std::size_t> snapshot_epochs = {};  ///< 1-D regression fits to plot
};

/// Declares the flags of `axon train` on `command`, bound to `options`.
void add_train_flags(CLI::App& command, TrainOptions& options);

/// Every flag and its value, for the report.
nlohmann::json to_json(const TrainOptions& options);

}  // namespace axon::cli
