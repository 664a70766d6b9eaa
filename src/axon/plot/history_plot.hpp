// The training curves of seed 001's history plots: loss per epoch (training and validation) and,
// for classification, accuracy per epoch beside it.
#pragma once

#include "axon/plot/plot_options.hpp"
#include "axon/train/records.hpp"

namespace axon::plot {

/// Loss (and accuracy, when the history has it) per epoch; validation curves when present.
/// The loss axis turns logarithmic when the loss falls by more than a factor of 100.
/// CSV: epoch,loss,val_loss,accuracy,val_accuracy (empty cells where there is no value).
void history(const History& history, const PlotOptions& options);

}  // namespace axon::plot
