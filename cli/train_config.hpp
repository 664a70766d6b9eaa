// TrainConfig: the flags of `axon train` turned into typed settings once, before any data is
// read, so a bad flag fails at once (exit 2) with a message naming it. What depends on the data
// (`auto` sizes, output and loss) is resolved later by plan_model.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "axon/layers/initializer.hpp"
#include "axon/optimizers/lr_schedule.hpp"
#include "axon/optimizers/optimizer.hpp"
#include "axon/tensor/matmul_choice.hpp"
#include "axon/train/trainer_options.hpp"
#include "data_source.hpp"
#include "model_plan.hpp"
#include "train_options.hpp"

namespace axon::cli {

struct TrainConfig {
  TrainOptions flags;        ///< as given: the report and the checkpoint's settings record them
  LayerSizes layers;         ///< --layers
  std::string architecture;  ///< --model, read (from its file with @FILE); empty: the MLP
  std::string activation;    ///< --activation, every name checked
  std::string output;        ///< --output: an activation name, or auto
  std::string loss;          ///< --loss: a loss make_loss accepts, or auto
  Initializer init = Initializer::torch_default();
  std::unique_ptr<Optimizer> optimizer;  ///< --optimizer, --lr, --weight_decay
  MatmulChoice matmul = MatmulChoice::kAuto;
  CsvOptions csv;          ///< --header, --label_column, --task
  TrainerOptions trainer;  ///< epochs, batch size, validation split, schedule, L2, clipping
};

/// Checks and converts every flag; throws axon::Error starting with the flag's name.
TrainConfig parse_train_config(const TrainOptions& flags);

}  // namespace axon::cli
