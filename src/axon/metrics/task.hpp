// Task: whether a model predicts classes or values. It decides how targets are read and which
// metrics an evaluation reports; losses, data sources, generators and model files all name it.
#pragma once

#include <string>

namespace axon {

enum class Task { kClassification, kRegression };

/// "classification" or "regression".
std::string to_string(Task task);
/// Parses "classification" or "regression" (also "class", "reg"); throws naming the choices.
Task parse_task(const std::string& text);

}  // namespace axon
