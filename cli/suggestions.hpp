// Did-you-mean for mistyped flags and subcommands: the known name nearest an unknown argument,
// by edit distance.
#pragma once

#include <string>
#include <vector>

namespace CLI {
class App;
}  // namespace CLI

namespace axon::cli {

/// Levenshtein distance: the fewest single-character insertions, deletions and substitutions
/// that turn `a` into `b`.
std::size_t edit_distance(const std::string& a, const std::string& b);

/// The candidate nearest `word` when it is near enough to be a typo (at most 1 edit for short
/// names, 2 from 5 characters, 3 from 12); empty otherwise. Dashes and underscores are the same.
std::string nearest(const std::string& word, const std::vector<std::string>& candidates);

/// " (did you mean --epochs?)" for the first unexpected argument of `app` or of a subcommand in
/// use that is near one of its flags or subcommands; empty when none is.
std::string did_you_mean(const CLI::App& app);

}  // namespace axon::cli
