// axon predict: a saved model's outputs for new inputs, as CSV on standard output.
//   classification: class,p0,p1,...    (one sigmoid output: class,p1)
//   regression:     value              (several targets: y0,y1,...)
// Inputs are CSV rows of features (a label column can be dropped with --label_column) or an IDX
// image file; the saved preprocessing (pixel scaling, one-hot encoding of text columns,
// standardization) is applied first, and regression values come back in the targets' units. With
// class names (text labels) the class column holds the name. A category the model did not see in
// training is an error naming the line and the column.
#include <cmath>
#include <filesystem>
#include <iostream>
#include <memory>

#include <fmt/format.h>

#include "axon/io/csv_reader.hpp"
#include "axon/io/file_bytes.hpp"
#include "axon/io/idx_reader.hpp"
#include "axon/io/model_file.hpp"
#include "axon/layers/activations.hpp"
#include "axon/metrics/accuracy.hpp"
#include "axon/model/training_memory.hpp"
#include "axon/tensor/error.hpp"
#include "commands.hpp"
#include "flag_names.hpp"

namespace axon::cli {
namespace {

struct PredictOptions {
  std::string model;
  std::string input;
  std::string header = "auto";
  std::string label_column = "none";
  std::size_t batch_size = 256;
};

// A regular file is sniffed by its first bytes, so an IDX file is read within the size its
// header declares; a pipe (--input /dev/stdin) is read once, within the memory budget.
Tensor read_inputs(const PredictOptions& o, const ModelInfo& info, std::size_t features) {
  const bool regular = std::filesystem::is_regular_file(o.input);
  std::vector<unsigned char> bytes;
  if (!regular) bytes = read_file_bytes(o.input, 1 + sizeof(float));
  if (looks_like_idx(regular ? read_file_head(o.input, 4) : bytes)) {
    Tensor images = idx_images(regular ? read_idx(o.input) : parse_idx(std::move(bytes), o.input),
                               o.input, 1.0f);
    check(images.cols() == features, "'{}' holds images of {} pixels but the model takes {}",
          o.input, images.cols(), features);
    return images;
  }
  CsvOptions csv;
  csv.header = parse_csv_header(o.header);
  csv.label_column = o.label_column;
  csv.ignore_label = true;  // labels, if any, are dropped unread
  csv.encoding = &info.preprocessing;
  // Missing cells are filled in with the training mean when the model was trained so; dropping
  // rows would misalign the predictions with the input.
  if (info.metadata_value("missing") == "mean") csv.missing = MissingValues::kMean;
  CsvData data = regular ? read_csv(o.input, csv)
                         : parse_csv({reinterpret_cast<const char*>(bytes.data()), bytes.size()},
                                     o.input, csv);
  check(data.features.cols() == features, "'{}' has {} feature columns but the model takes {}{}",
        o.input, data.features.cols(), features,
        data.features.cols() == features + 1 ? " (drop a label column with --label_column)" : "");
  return std::move(data.features);
}

// Weights and preprocessing values that are each finite can still overflow together (a huge
// weight times a large input); printing NaN with exit code 0 would pass garbage on.
void check_finite_outputs(const Tensor& outputs, const std::string& input) {
  for (std::size_t i = 0; i < outputs.rows(); ++i) {
    const std::span<const float> row(outputs.row(i), outputs.cols());
    check(all_finite(row),
          "'{}' row {}: the model's output is NaN or infinite (its weights or preprocessing "
          "overflow on this input); the model file is not usable for it",
          input, i + 1);
  }
}

void print_rows(const Tensor& outputs, const LoadedModel& loaded) {
  const std::size_t k = outputs.cols();
  const bool classification = loaded.info.preprocessing.task == Task::kClassification;
  std::string text;
  if (classification) {
    text += "class";
    for (std::size_t j = 0; j < k; ++j) text += fmt::format(",p{}", k == 1 ? 1 : j);
  } else {
    for (std::size_t j = 0; j < k; ++j)
      text += k == 1 ? std::string("value") : fmt::format("{}y{}", j == 0 ? "" : ",", j);
  }
  text += '\n';
  const float threshold = loaded.info.loss == "hinge" ? 0.0f : 0.5f;  // hinge gives scores
  for (std::size_t i = 0; i < outputs.rows(); ++i) {
    const float* row = outputs.row(i);
    if (classification)
      text += loaded.info.preprocessing.class_name(predicted_class(row, k, threshold));
    for (std::size_t j = 0; j < k; ++j)
      text += fmt::format("{}{:.6g}", classification || j > 0 ? "," : "", row[j]);
    text += '\n';
  }
  std::cout << text;
}

void run_predict(const PredictOptions& o) {
  LoadedModel loaded = load_model(o.model);
  Tensor inputs = read_inputs(o, loaded.info, loaded.model.input_features());
  check_memory_fits(estimate_inference_memory(loaded.model, std::min(o.batch_size, inputs.rows())),
                    0, o.batch_size, "prediction");
  loaded.info.preprocessing.apply(inputs);
  // Probabilities for models trained on logits, values in the targets' units for regression.
  Tensor outputs = loaded.predict_preprocessed(inputs, o.batch_size);
  check_finite_outputs(outputs, o.input);
  print_rows(outputs, loaded);
}

}  // namespace

void add_predict_command(CLI::App& app) {
  auto o = std::make_shared<PredictOptions>();
  CLI::App* c = app.add_subcommand("predict", "Print a saved model's predictions as CSV");
  c->add_option("--model", o->model, "Model file written by `axon train --save`")->required();
  c->add_option("--input", o->input, "CSV rows of features, or an IDX image file (.gz or not)")
      ->required();
  c->add_option("--header", o->header, "CSV header row: auto, yes or no");
  c->add_option(flag_names("label_column"), o->label_column,
                "A CSV column to drop (index or name), or none");
  c->add_option(flag_names("batch_size"), o->batch_size, "Samples per forward pass")
      ->check(positive());
  c->callback([o] { run_predict(*o); });
}

}  // namespace axon::cli
