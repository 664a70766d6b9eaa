// LoadedModel: what load_model() returns. It predicts on raw features as the data had them: the
// saved preprocessing (pixel scaling, standardization, one-hot encoding of text columns) is
// applied inside, and regression outputs come back in the units of the targets. The bare network
// is `model`, for those who prepare its inputs themselves.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "axon/io/preprocessing.hpp"
#include "axon/model/sequential.hpp"

namespace axon {

/// What a model file holds besides the layers and weights.
struct ModelInfo {
  /// A make_loss name; empty: taken from the compiled model's loss.
  std::string loss;
  Preprocessing preprocessing;
  /// Free-form text pairs shown by `axon summary` (data source, creation time, ...).
  std::vector<std::pair<std::string, std::string>> metadata;
  /// Further sections (4-character tag, body), written after the standard ones; load_model
  /// returns the ones it does not know here. Checkpoints keep their training state in one.
  std::vector<std::pair<std::string, std::vector<unsigned char>>> extra_sections = {};

  /// The metadata value of `key`, empty when there is none.
  std::string metadata_value(const std::string& key) const;
};

struct LoadedModel {
  Sequential model;  ///< built, compiled, weights and optimizer state restored
  ModelInfo info;

  /// Predictions for raw numeric inputs (N, features as in the data file): classification gives
  /// class probabilities (N, classes), or (N, 1) for one sigmoid output; regression gives values
  /// in the targets' units. A model trained on text columns needs predict_csv.
  Tensor predict(Tensor raw_inputs, std::size_t batch_size = 256);
  /// The same for CSV text of raw rows (text cells encoded as in training; an unknown category is
  /// an error naming the line and column; a missing cell is an error unless the model was trained
  /// with missing values filled in by the mean). `label_column` names a column to skip, or "none".
  Tensor predict_csv(std::string_view text, const std::string& label_column = "none",
                     std::size_t batch_size = 256);
  /// The predicted class of each row of predict()'s probabilities.
  std::vector<std::size_t> classes_of(const Tensor& probabilities) const;
  /// Applies the network to inputs already preprocessed, then converts its outputs as predict().
  Tensor predict_preprocessed(const Tensor& inputs, std::size_t batch_size = 256);
};

}  // namespace axon
