// Suggestions: the unexpected arguments CLI11 keeps after a parse error, compared with the flags
// and subcommands of the command that received them.
#include "suggestions.hpp"

#include <CLI/CLI.hpp>
#include <algorithm>
#include <numeric>

namespace axon::cli {
namespace {

std::string normalized(std::string name) {
  name.erase(0, name.find_first_not_of('-'));
  std::replace(name.begin(), name.end(), '-', '_');
  return name;
}

std::string suggestion_for(const CLI::App& app) {
  for (const std::string& word : app.remaining(false)) {
    std::vector<std::string> candidates;
    if (word.starts_with("-")) {
      for (const CLI::Option* option : app.get_options())
        for (const std::string& name : option->get_lnames()) candidates.push_back("--" + name);
    } else {
      for (const CLI::App* sub : app.get_subcommands([](const CLI::App*) { return true; }))
        candidates.push_back(sub->get_name());
    }
    const std::string near = nearest(word.substr(0, word.find('=')), candidates);
    if (!near.empty()) return " (did you mean " + near + "?)";
  }
  for (const CLI::App* sub : app.get_subcommands()) {
    const std::string text = suggestion_for(*sub);
    if (!text.empty()) return text;
  }
  return "";
}

}  // namespace

std::size_t edit_distance(const std::string& a, const std::string& b) {
  std::vector<std::size_t> row(b.size() + 1);
  std::iota(row.begin(), row.end(), std::size_t{0});
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diagonal = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t above = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diagonal = above;
    }
  }
  return row[b.size()];
}

std::string nearest(const std::string& word, const std::vector<std::string>& candidates) {
  const std::string key = normalized(word);
  const std::size_t allowed = key.size() >= 12 ? 3 : key.size() >= 5 ? 2 : 1;
  std::string best;
  std::size_t best_distance = allowed + 1;
  for (const std::string& candidate : candidates) {
    const std::size_t distance = edit_distance(key, normalized(candidate));
    if (distance < best_distance) {
      best = candidate;
      best_distance = distance;
    }
  }
  return best;
}

std::string did_you_mean(const CLI::App& app) { return suggestion_for(app); }

}  // namespace axon::cli
