// LoadedModel: predictions on raw inputs with the saved preprocessing.
#include "axon/io/loaded_model.hpp"

#include "axon/io/csv_reader.hpp"
#include "axon/layers/activations.hpp"
#include "axon/metrics/accuracy.hpp"
#include "axon/tensor/error.hpp"

namespace axon {

std::string ModelInfo::metadata_value(const std::string& key) const {
  for (const auto& [k, v] : metadata)
    if (k == key) return v;
  return "";
}

Tensor LoadedModel::predict(Tensor raw_inputs, std::size_t batch_size) {
  const Preprocessing& p = info.preprocessing;
  const bool encoded = p.encoded_width() != p.columns.size();
  check(!encoded,
        "this model one-hot encodes text columns: give it the raw rows with predict_csv (or "
        "encoded inputs to predict_preprocessed)");
  p.apply(raw_inputs);
  return predict_preprocessed(raw_inputs, batch_size);
}

Tensor LoadedModel::predict_csv(std::string_view text, const std::string& label_column,
                                std::size_t batch_size) {
  CsvOptions options;
  options.label_column = label_column;
  options.ignore_label = true;
  options.encoding = &info.preprocessing;
  if (info.metadata_value("missing") == "mean") options.missing = MissingValues::kMean;
  CsvData data = parse_csv(text, "the input rows", options);
  info.preprocessing.apply(data.features);
  return predict_preprocessed(data.features, batch_size);
}

Tensor LoadedModel::predict_preprocessed(const Tensor& inputs, std::size_t batch_size) {
  check(inputs.cols() == model.input_features(),
        "the inputs have {} features but the model takes {}", inputs.cols(),
        model.input_features());
  Tensor outputs = model.predict(inputs, batch_size);
  const Preprocessing& p = info.preprocessing;
  if (p.task == Task::kRegression) {
    p.restore_targets(outputs);
  } else if (info.loss == "softmax_cross_entropy") {
    const Tensor logits = outputs;
    softmax_rows(logits, outputs);
  } else if (info.loss == "bce_logits") {
    for (float& v : outputs.values()) v = Sigmoid::f(v);
  }
  return outputs;
}

std::vector<std::size_t> LoadedModel::classes_of(const Tensor& probabilities) const {
  const float threshold = info.loss == "hinge" ? 0.0f : 0.5f;
  std::vector<std::size_t> classes(probabilities.rows());
  for (std::size_t i = 0; i < classes.size(); ++i)
    classes[i] = predicted_class(probabilities.row(i), probabilities.cols(), threshold);
  return classes;
}

}  // namespace axon
