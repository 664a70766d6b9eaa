// TrainOptions: the flag declarations of `axon train` and their JSON form.
#include "train_options.hpp"

#include <CLI/CLI.hpp>
#include <limits>
#include <nlohmann/json.hpp>

#include "axon/layers/activations.hpp"
#include "axon/optimizers/optimizer_registry.hpp"
#include "flag_names.hpp"

namespace axon::cli {
namespace {

std::string names_text(const std::vector<std::string>& names) {
  std::string text;
  for (const std::string& name : names) text += (text.empty() ? "" : ", ") + name;
  return text;
}

}  // namespace

void add_train_flags(CLI::App& c, TrainOptions& o) {
  c.add_option("--data", o.data,
               "Training data: fashion-mnist, mnist:DIR, idx:DIR, csv:FILE, or a generator "
               "NAME[:samples=N,noise=X,classes=K,features=F] with NAME one of blobs, xor, sine, "
               "linear, classification, spiral, moons, circles");
  c.add_option("--layers", o.layers,
               "Layer sizes from input to output; the first and last may be `auto` (taken from "
               "the data)");
  c.add_option("--model", o.model,
               "The layers as one string, in place of --layers: \"conv 32 3 relu, maxpool 2, "
               "flatten, dense 10\" (conv, maxpool, avgpool, globalavgpool, batchnorm, dropout, "
               "flatten, dense, activations; see docs/cnn.md), or @FILE to read it from a file");
  c.add_option("--activation", o.activation,
               "Hidden activation, one for all or a comma list with one per hidden layer: " +
                   names_text(activation_names()));
  c.add_option("--output", o.output,
               "Output activation: softmax, sigmoid, identity, or auto (softmax for several "
               "classes, sigmoid for one output, identity for regression)");
  c.add_option("--loss", o.loss,
               "Loss: auto, mse, half_mse, mae, huber[:DELTA], bce, bce_logits, cross_entropy, "
               "categorical_crossentropy, sparse_categorical_crossentropy, "
               "softmax_cross_entropy, hinge, kl_div");
  c.add_option("--optimizer", o.optimizer,
               "Optimizer: " + names_text(OptimizerRegistry::global().names()));
  c.add_option(flag_names("learning_rate", "--lr"), o.learning_rate, "Learning rate")
      ->check(positive());
  c.add_option("--epochs", o.epochs, "Passes over the training data")
      ->check(whole_number(1, kMaxCount));
  c.add_option(flag_names("batch_size"), o.batch_size, "Samples per gradient step")
      ->check(whole_number(1, kMaxCount));
  c.add_option("--seed", o.seed, "Seed of every random choice (data, initialization, shuffling)")
      ->check(whole_number(0, std::numeric_limits<std::uint64_t>::max()));
  c.add_option("--init", o.init,
               "Weight initialization: torch_default, he_normal, he_uniform, xavier_normal, "
               "xavier_uniform, normal[:STD], zeros");
  c.add_option(flag_names("validation_split"), o.validation_split,
               "Fraction of the training data held out to validate on after each epoch")
      ->check(CLI::Range(0.0, 0.99));
  c.add_option(flag_names("verbose_epoch"), o.verbose_epoch,
               "Print a line every N epochs (and for the first and last); 0 prints none")
      ->check(whole_number(0, kMaxCount));
  c.add_option("--dropout", o.dropout,
               "Dropout probability after every hidden activation: one for all, or a comma list "
               "with one per hidden layer")
      ->delimiter(',')
      ->check(CLI::Range(0.0, 0.99));
  c.add_flag("--batchnorm", o.batchnorm, "Batch normalization after every hidden dense layer");
  c.add_flag("--shard", o.shard,
             "Under mpirun: each rank reads only its block of the IDX rows and draws its own "
             "batches from it (docs/distributed.md)");
  c.add_option("--l2", o.l2, "L2 penalty lambda on the weights")->check(non_negative());
  c.add_option(flag_names("clip_norm"), o.clip_norm,
               "Clip the gradient to this global L2 norm (0: off)")
      ->check(non_negative());
  c.add_option(flag_names("lr_schedule"), o.lr_schedule,
               "Learning-rate schedule: constant, step:STEP[:GAMMA], exponential:GAMMA, "
               "cosine:T_MAX[:ETA_MIN], plateau[:FACTOR[:PATIENCE]], each optionally "
               "+warmup:EPOCHS");
  c.add_option("--warmup", o.warmup, "Epochs of linear learning-rate warm-up before the schedule")
      ->check(whole_number(0, kMaxCount));
  c.add_option(flag_names("weight_decay"), o.weight_decay,
               "Weight decay on the weights (not biases): decoupled for adamw, an L2 term in the "
               "gradient for the others; default: the optimizer's own (adamw 0.01, others 0)")
      ->check(non_negative());
  c.add_option(flag_names("early_stopping"), o.early_stopping,
               "Stop after N epochs without improvement and keep the best weights (0: off)")
      ->check(whole_number(0, kMaxCount));
  c.add_option("--threads", o.threads,
               "Threads for the matrix products and the Adam and SGD updates; 0 uses every core")
      ->check(whole_number(0, 4096));
  c.add_option("--matmul", o.matmul,
               "Precision of the matrix products while training: fp32; bf16 (inputs rounded to "
               "bfloat16, float32 sums, on AMX tiles or AVX512-BF16; weights and updates stay "
               "float32); auto: bf16 where the CPU has AMX-BF16 or AVX512-BF16 and the layers "
               "are large enough to gain, else fp32. The final test, eval and predict use fp32")
      ->check(CLI::IsMember({"auto", "fp32", "bf16"}));
  c.add_option("--save", o.save, "Save the trained model to FILE");
  c.add_option("--report", o.report, "Write the configuration, history and test metrics as JSON");
  c.add_option("--checkpoint", o.checkpoint,
               "Save the model, optimizer and training state to FILE every --checkpoint_every "
               "epochs and after the last (atomically: a crash leaves the previous one)");
  c.add_option(flag_names("checkpoint_every"), o.checkpoint_every, "Epochs between checkpoints")
      ->check(whole_number(1, kMaxCount));
  c.add_option("--resume", o.resume,
               "Continue the run a --checkpoint FILE saved, with the same flags (and more "
               "--epochs); later checkpoints go to --checkpoint, else back to FILE");
  c.add_option(flag_names("test_data"), o.test_data,
               "Test data (same forms as --data); IDX sources bring their own t10k test files");
  c.add_option(flag_names("test_split"), o.test_split,
               "Fraction of a CSV or generated source held out for the test (0: none)")
      ->check(CLI::Range(0.0, 0.99));
  c.add_option("--header", o.header, "CSV header row: auto, yes or no");
  c.add_option(flag_names("label_column"), o.label_column,
               "CSV label column: an index (negative counts from the end) or a header name");
  c.add_option("--task", o.task,
               "CSV task: auto (text or few whole-number labels: classification; else "
               "regression), classification or regression");
  c.add_option("--delimiter", o.delimiter,
               "CSV field separator: auto (sniffed: ',', ';' or tab), ',', ';', tab, '|', ':' or "
               "space");
  c.add_option("--missing", o.missing,
               "CSV missing cells (empty, NA, N/A, NaN, null): error, drop (skip the row) or mean "
               "(fill in the training mean)");
  c.add_option("--categorical", o.categorical,
               "CSV text feature columns to one-hot encode: auto (columns of text), none, or "
               "COL,... (names or indices)");
  c.add_option("--plots", o.plots,
               "Write plots (history, decision boundary, fit, predictions, weights, ...) and "
               "their data as CSV to DIR; needs gnuplot");
  c.add_option(flag_names("plot_format"), o.plot_format, "Plot format: png or svg")
      ->check(CLI::IsMember({"png", "svg"}));
  c.add_option(flag_names("snapshot_epochs"), o.snapshot_epochs,
               "Epochs at which to plot a 1-D regression's fit (default: 1%, 5%, 10%, 50% and "
               "100% of --epochs)")
      ->delimiter(',')
      ->check(whole_number(1, kMaxCount));
}

nlohmann::json to_json(const TrainOptions& o) {
  return {{"data", o.data},
          {"layers", o.layers},
          {"model", o.model},
          {"activation", o.activation},
          {"output", o.output},
          {"loss", o.loss},
          {"optimizer", o.optimizer},
          {"learning_rate", o.learning_rate},
          {"epochs", o.epochs},
          {"batch_size", o.batch_size},
          {"seed", o.seed},
          {"init", o.init},
          {"validation_split", o.validation_split},
          {"verbose_epoch", o.verbose_epoch},
          {"dropout", o.dropout},
          {"batchnorm", o.batchnorm},
          {"shard", o.shard},
          {"l2", o.l2},
          {"clip_norm", o.clip_norm},
          {"lr_schedule", o.lr_schedule},
          {"warmup", o.warmup},
          {"weight_decay", o.weight_decay ? nlohmann::json(*o.weight_decay) : nlohmann::json()},
          {"early_stopping", o.early_stopping},
          {"threads", o.threads},
          {"matmul", o.matmul},
          {"save", o.save},
          {"report", o.report},
          {"test_data", o.test_data},
          {"test_split", o.test_split},
          {"header", o.header},
          {"label_column", o.label_column},
          {"task", o.task},
          {"delimiter", o.delimiter},
          {"missing", o.missing},
          {"categorical", o.categorical},
          {"checkpoint", o.checkpoint},
          {"checkpoint_every", o.checkpoint_every},
          {"resume", o.resume},
          {"plots", o.plots},
          {"plot_format", o.plot_format},
          {"snapshot_epochs", o.snapshot_epochs}};
}

}  // namespace axon::cli
