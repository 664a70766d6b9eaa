// Running gnuplot: every plot is a generated script piped to the `gnuplot` program (Debian's
// gnuplot-nox), drawn with its pngcairo or svg terminal.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "axon/plot/plot_options.hpp"
#include "axon/tensor/error.hpp"

namespace axon::plot {

/// Thrown by every plot function when gnuplot is not on the PATH.
class GnuplotMissing : public Error {
 public:
  GnuplotMissing() : Error("gnuplot is not installed: install gnuplot-nox to get plots") {}
};

/// Whether an executable `gnuplot` is on the PATH (looked up on every call).
bool gnuplot_available();

/// Pipes `script` to gnuplot. Throws GnuplotMissing without gnuplot and axon::Error quoting
/// gnuplot's message when it fails; gnuplot's warnings go to standard error.
void run_gnuplot(const std::string& script);

/// The opening lines of a script: terminal (pngcairo or svg), size, font, white background and
/// output file. width and height come from `options` when set, else the defaults given.
std::string script_start(const PlotOptions& options, std::size_t default_width,
                         std::size_t default_height);

/// `text` as a gnuplot string in double quotes, with quotes, backslashes and newlines escaped
/// ("\n" stays a line break in titles and labels).
std::string quote(std::string_view text);

/// The title to draw: options.title when set, else `fallback`.
std::string title_or(const PlotOptions& options, const std::string& fallback);

}  // namespace axon::plot
