// Convolution pictures: filters through the weight-picture code, feature maps as grey tiles.
#include "axon/plot/conv_images.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "axon/layers/activations.hpp"
#include "axon/plot/csv_table.hpp"
#include "axon/plot/gnuplot.hpp"
#include "axon/plot/image_tiles.hpp"
#include "axon/plot/weight_images.hpp"
#include "axon/tensor/error.hpp"

namespace axon::plot {
namespace {

Conv2D& first_conv(Sequential& model, const char* what) {
  const std::size_t index = first_conv_index(model);
  check(index < model.size(), "{}: the model has no conv2d layer", what);
  return model.layer<Conv2D>(index);
}

bool is_activation(const Layer& layer) {
  const std::vector<std::string> names = activation_names();
  return std::find(names.begin(), names.end(), layer.name()) != names.end();
}

}  // namespace

std::size_t first_conv_index(Sequential& model) {
  for (std::size_t i = 0; i < model.size(); ++i)
    if (dynamic_cast<Conv2D*>(&model.layer(i)) != nullptr) return i;
  return model.size();
}

void conv_filters(Sequential& model, const PlotOptions& options) {
  Conv2D& conv = first_conv(model, "conv filters");
  const Size2 kernel = conv.options().kernel;
  const std::size_t filters = conv.out_channels(), channels = conv.in_channels();
  // W (O, C, kh, kw) read as (O C, kh kw): tile filter * C + channel.
  const Tensor weights(Shape{filters * channels, kernel.height * kernel.width},
                       conv.weight().values());
  PlotOptions titled = options;
  if (titled.title.empty())
    titled.title =
        channels == 1
            ? fmt::format("First conv filters: {} of {}x{}", filters, kernel.height, kernel.width)
            : fmt::format("First conv filters: {} of {}x{}, one row of {} channels each", filters,
                          kernel.height, kernel.width, channels);
  weight_images(
      weights, titled,
      {.image_width = kernel.width,
       .image_height = kernel.height,
       .columns = channels == 1 ? 8 : channels * std::max<std::size_t>(1, 12 / channels)});
}

void feature_maps(Sequential& model, const Tensor& x, const PlotOptions& options) {
  const std::size_t index = first_conv_index(model);
  first_conv(model, "feature maps");
  check(x.rows() == 1, "feature maps: expected one sample, got {}", x.shape().to_string());
  if (!model.built()) model.build(Shape{x.cols()});
  const Tensor* out = &x;
  std::size_t last = index;
  if (last + 1 < model.size() && is_activation(model.layer(last + 1))) ++last;
  for (std::size_t i = 0; i <= last; ++i) out = &model.layer(i).forward(*out, /*training=*/false);
  const Shape& shape = out->shape();  // (1, O, Ho, Wo)
  check(shape.rank() == 4, "feature maps: the convolution gave {}", shape.to_string());
  const std::size_t maps = shape[1], height = shape[2], width = shape[3];
  const std::size_t pixels = height * width;

  const TileLayout layout{.columns = std::min<std::size_t>(8, maps),
                          .image_width = width,
                          .image_height = height,
                          .gap_x = 2,
                          .gap_y = 2};
  const std::size_t rows = (maps + layout.columns - 1) / layout.columns;
  std::vector<std::string> header = {"channel"};
  for (std::size_t i = 0; i < pixels; ++i) header.push_back(fmt::format("v{}", i));
  CsvTable csv(header);
  std::string data = "$maps << EOD\n";
  const float* values = out->data();
  for (std::size_t m = 0; m < maps; ++m) {
    data += tile_section(values + m * pixels, layout);
    std::vector<std::string> cells = {std::to_string(m)};
    for (std::size_t i = 0; i < pixels; ++i)
      cells.push_back(CsvTable::number(values[m * pixels + i]));
    csv.add_row(std::move(cells));
  }
  data += "EOD\n";
  csv.write(csv_path(options.path));

  const auto [low, high] = std::minmax_element(out->values().begin(), out->values().end());
  const float top = *high > *low ? *high : *low + 1.0f;
  const std::string after =
      last > index ? fmt::format(" after {}", model.layer(last).name()) : std::string();
  const double plot_width = layout.columns * (width + layout.gap_x) - layout.gap_x;
  const double plot_height = rows * (height + layout.gap_y) - layout.gap_y;
  std::string s = script_start(options, 110 * layout.columns + 160, 110 * rows + 110) + data;
  s += fmt::format("set title {} font \",13\"\n",
                   quote(title_or(options, fmt::format("Feature maps of the first conv layer{}: "
                                                       "{} channels of {}x{}",
                                                       after, maps, height, width))));
  s += fmt::format("set xrange [-0.5:{}]\nset yrange [{}:-0.5]\n", plot_width - 0.5,
                   plot_height - 0.5);
  s +=
      fmt::format("set palette gray\nset cbrange [{}:{}]\nset cblabel \"Activation\"\n", *low, top);
  s += "set size ratio -1\nunset border\nunset tics\nset cbtics\nunset key\n";
  s += "set lmargin 1\nset bmargin 1\nset tmargin 2.5\nplot ";
  for (std::size_t m = 0; m < maps; ++m) s += (m > 0 ? ", " : "") + tile_plot("$maps", m, layout);
  run_gnuplot(s + "\n");
}

}  // namespace axon::plot
