// axon predict: a saved model's outputs for new inputs, as CSV or JSON, on standard output or in
// a file (--output, written atomically). See prediction_output.hpp for the columns.
// Inputs are CSV rows of features (a label column can be dropped with --label_column), an IDX
// image file or a NumPy .npy array, from a file or standard input (--input -); the saved
// preprocessing (pixel scaling, one-hot encoding of text columns, standardization) is applied
// first, and regression values come back in the targets' units. With class names (text labels)
// the class column holds the name. A category the model did not see in training is an error
// naming the line and the column.
#include <cmath>
#include <filesystem>
#include <iostream>
#include <memory>

#include <fmt/format.h>
#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include "axon/io/csv_reader.hpp"
#include "axon/io/file_bytes.hpp"
#include "axon/io/idx_reader.hpp"
#include "axon/io/model_file.hpp"
#include "axon/io/numpy_dataset.hpp"
#include "axon/layers/activations.hpp"
#include "axon/model/training_memory.hpp"
#include "axon/tensor/error.hpp"
#include "commands.hpp"
#include "flag_names.hpp"
#include "output_paths.hpp"
#include "prediction_output.hpp"

namespace axon::cli {
namespace {

struct PredictOptions {
  std::string model;
  std::string input;
  std::string output;
  std::string format = "csv";
  bool classes = false;
  std::string header = "auto";
  std::string label_column = "none";
  std::size_t batch_size = 256;
};

constexpr const char* kStandardInput = "/dev/stdin";

Tensor npy_inputs(std::vector<unsigned char> bytes, const std::string& source,
                  std::size_t features) {
  const NpyArray array = parse_npy(bytes, source);
  bytes = {};
  // One sample may come as a vector of its features.
  const bool one_sample = array.shape.size() == 1 && array.shape[0] == features && features > 1;
  Tensor rows = npy_rows(array, source);
  if (one_sample) rows.reshape(Shape{1, features});
  check(rows.cols() == features,
        "'{}' holds an array of shape {}: rows of {} values, but the "
        "model takes {}",
        source, shape_text(array.shape), rows.cols(), features);
  return rows;
}

// A regular file is sniffed by its first bytes, so an IDX file is read within the size its
// header declares; a pipe (--input -) is read once, within the memory budget.
Tensor read_inputs(const PredictOptions& o, const ModelInfo& info, std::size_t features) {
  const std::string path = o.input == "-" ? kStandardInput : o.input;
  const bool regular = std::filesystem::is_regular_file(path);
  std::vector<unsigned char> bytes;
  if (!regular) bytes = read_file_bytes(path, 1 + sizeof(float));
  const std::vector<unsigned char> head = regular ? read_file_head(path, 8) : bytes;
  if (looks_like_npy(head))
    return npy_inputs(regular ? read_file_bytes(path) : std::move(bytes), path, features);
  if (looks_like_idx(head)) {
    Tensor images =
        idx_images(regular ? read_idx(path) : parse_idx(std::move(bytes), path), path, 1.0f);
    check(images.cols() == features, "'{}' holds images of {} pixels but the model takes {}", path,
          images.cols(), features);
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
  CsvData data =
      regular ? read_csv(path, csv)
              : parse_csv({reinterpret_cast<const char*>(bytes.data()), bytes.size()}, path, csv);
  check(data.features.cols() == features, "'{}' has {} feature columns but the model takes {}{}",
        path, data.features.cols(), features,
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

// Bad --output values fail before the model and inputs are read.
void check_output(const PredictOptions& o) {
  if (o.output.empty()) return;
  check_output_path("--output", o.output);
  for (const std::string* other : {&o.model, &o.input})
    check(!same_file(o.output, *other), "--output '{}' is the {} file; give another name", o.output,
          other == &o.model ? "--model" : "--input");
}

void run_predict(const PredictOptions& o) {
  PredictionLayout layout;
  layout.format = parse_prediction_format(o.format);
  layout.classes_only = o.classes;
  check_output(o);
  LoadedModel loaded = load_model(o.model);
  layout.task = loaded.info.preprocessing.task;
  layout.threshold = loaded.info.loss == "hinge" ? 0.0f : 0.5f;  // hinge gives scores
  layout.class_names = loaded.info.preprocessing.class_names;
  Tensor inputs = read_inputs(o, loaded.info, loaded.model.input_features());
  check_memory_fits(estimate_inference_memory(loaded.model, std::min(o.batch_size, inputs.rows())),
                    0, o.batch_size, "prediction");
  loaded.info.preprocessing.apply(inputs);
  // Probabilities for models trained on logits, values in the targets' units for regression.
  Tensor outputs = loaded.predict_preprocessed(inputs, o.batch_size);
  check_finite_outputs(outputs, o.input == "-" ? kStandardInput : o.input);
  const std::string text = format_predictions(outputs, layout);
  if (o.output.empty()) {
    std::cout << text;
    return;
  }
  write_file_atomically(o.output,
                        {reinterpret_cast<const unsigned char*>(text.data()), text.size()});
}

}  // namespace

void add_predict_command(CLI::App& app) {
  auto o = std::make_shared<PredictOptions>();
  CLI::App* c = app.add_subcommand("predict", "Print a saved model's predictions as CSV or JSON");
  c->add_option("--model", o->model, "Model file written by `axon train --save`")->required();
  c->add_option("--input", o->input,
                "CSV rows of features, an IDX image file (.gz or not) or a .npy array; - reads "
                "standard input")
      ->required();
  c->add_option("--output", o->output,
                "Write the predictions to this file (atomically) instead of standard output");
  c->add_option("--format", o->format, "csv (a header line, then one line per input) or json")
      ->check(CLI::IsMember({"csv", "json"}));
  c->add_flag("--classes", o->classes, "Only the predicted class of each input, no probabilities");
  c->add_option("--header", o->header, "CSV header row: auto, yes or no");
  c->add_option(flag_names("label_column"), o->label_column,
                "A CSV column to drop (index or name), or none");
  c->add_option(flag_names("batch_size"), o->batch_size, "Samples per forward pass")
      ->check(positive());
  c->callback([o] { run_predict(*o); });
}

}  // namespace axon::cli
