// axon::plot: every plot in one include. Each function writes a picture (PNG or SVG, drawn by
// gnuplot) and a CSV of the plotted data beside it; see docs/plots.md.
#pragma once

#include "axon/plot/activation_plot.hpp"
#include "axon/plot/class_names.hpp"
#include "axon/plot/confusion_matrix_plot.hpp"
#include "axon/plot/decision_boundary.hpp"
#include "axon/plot/fit_snapshots.hpp"
#include "axon/plot/gnuplot.hpp"
#include "axon/plot/gradient_norms.hpp"
#include "axon/plot/history_plot.hpp"
#include "axon/plot/layer_magnitudes.hpp"
#include "axon/plot/plot_options.hpp"
#include "axon/plot/prediction_grid.hpp"
#include "axon/plot/regression_fit.hpp"
#include "axon/plot/weight_images.hpp"
