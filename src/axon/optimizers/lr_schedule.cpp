// LrSchedule: option checks, the per-epoch formulas, the plateau rule and the text form.
#include "axon/optimizers/lr_schedule.hpp"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <limits>
#include <numbers>
#include <vector>

#include "axon/tensor/error.hpp"

namespace axon {
namespace {

constexpr const char* kForms =
    "constant, step:STEP_SIZE[:GAMMA], exponential:GAMMA, cosine:T_MAX[:ETA_MIN] or "
    "plateau[:FACTOR[:PATIENCE[:THRESHOLD[:MIN_LR[:COOLDOWN]]]]], optionally followed by "
    "+warmup:EPOCHS";

// ReduceLROnPlateau ignores reductions smaller than this.
constexpr double kPlateauEps = 1e-8;

std::vector<std::string> split(const std::string& text, char separator) {
  std::vector<std::string> parts;
  std::size_t start = 0;
  for (std::size_t colon; (colon = text.find(separator, start)) != std::string::npos;) {
    parts.push_back(text.substr(start, colon - start));
    start = colon + 1;
  }
  parts.push_back(text.substr(start));
  return parts;
}

float parse_float(const std::string& arg, const std::string& text) {
  char* end = nullptr;
  const float value = std::strtof(arg.c_str(), &end);
  check(!arg.empty() && *end == '\0' && std::isfinite(value),
        "learning-rate schedule '{}': '{}' is not a number", text, arg);
  return value;
}

std::size_t parse_count(const std::string& arg, const std::string& text) {
  char* end = nullptr;
  const unsigned long long value = std::strtoull(arg.c_str(), &end, 10);
  check(!arg.empty() && arg[0] != '-' && *end == '\0',
        "learning-rate schedule '{}': '{}' is not a whole number", text, arg);
  return static_cast<std::size_t>(value);
}

}  // namespace

LrSchedule LrSchedule::step(const StepLrOptions& options) {
  check(options.step_size > 0, "step schedule: step_size must be > 0, got {}", options.step_size);
  check(std::isfinite(options.gamma) && options.gamma > 0.0f && options.gamma <= 1.0f,
        "step schedule: gamma must be in (0, 1], got {} (the rate is multiplied by gamma at each "
        "step; a gamma above 1 would grow it without bound)",
        options.gamma);
  LrSchedule s(Kind::kStep);
  s.step_ = options;
  return s;
}

LrSchedule LrSchedule::exponential(float gamma) {
  check(std::isfinite(gamma) && gamma > 0.0f && gamma <= 1.0f,
        "exponential schedule: gamma must be in (0, 1], got {} (the rate is multiplied by gamma "
        "every epoch; a gamma above 1 would grow it without bound)",
        gamma);
  LrSchedule s(Kind::kExponential);
  s.gamma_ = gamma;
  return s;
}

LrSchedule LrSchedule::cosine(const CosineLrOptions& options) {
  check(options.t_max > 0, "cosine schedule: t_max must be > 0, got {}", options.t_max);
  check(std::isfinite(options.eta_min) && options.eta_min >= 0.0f,
        "cosine schedule: eta_min must be >= 0, got {}", options.eta_min);
  LrSchedule s(Kind::kCosine);
  s.cosine_ = options;
  return s;
}

LrSchedule LrSchedule::plateau(const PlateauLrOptions& options) {
  check(options.factor > 0.0f && options.factor < 1.0f,
        "plateau schedule: factor must be in (0, 1), got {}", options.factor);
  check(std::isfinite(options.threshold) && options.threshold >= 0.0f,
        "plateau schedule: threshold must be >= 0, got {}", options.threshold);
  check(std::isfinite(options.min_lr) && options.min_lr >= 0.0f,
        "plateau schedule: min_lr must be >= 0, got {}", options.min_lr);
  LrSchedule s(Kind::kPlateau);
  s.plateau_ = options;
  return s;
}

LrSchedule LrSchedule::with_warmup(std::size_t epochs) const {
  LrSchedule s = *this;
  s.warmup_epochs_ = epochs;
  return s;
}

void LrSchedule::start(float base_lr) {
  check(std::isfinite(base_lr) && base_lr > 0.0f, "learning_rate must be > 0, got {}", base_lr);
  base_ = base_lr;
  epoch_ = 0;
  plateau_lr_ = base_;
  best_ = std::numeric_limits<double>::infinity();
  bad_epochs_ = 0;
  cooldown_left_ = 0;
}

double LrSchedule::scheduled(std::size_t e) const {
  const double t = static_cast<double>(e);
  switch (kind_) {
    case Kind::kConstant:
      return base_;
    case Kind::kStep:
      return base_ *
             std::pow(static_cast<double>(step_.gamma), static_cast<double>(e / step_.step_size));
    case Kind::kExponential:
      return base_ * std::pow(static_cast<double>(gamma_), t);
    case Kind::kCosine: {
      const double eta_min = cosine_.eta_min;
      const double t_max = static_cast<double>(cosine_.t_max);
      return eta_min + (base_ - eta_min) * (1.0 + std::cos(std::numbers::pi * t / t_max)) / 2.0;
    }
    case Kind::kPlateau:
      return plateau_lr_;
  }
  return base_;
}

double LrSchedule::learning_rate() const {
  if (epoch_ < warmup_epochs_)
    return base_ * static_cast<double>(epoch_ + 1) / static_cast<double>(warmup_epochs_);
  return scheduled(epoch_ - warmup_epochs_);
}

void LrSchedule::end_epoch(double monitored_loss) {
  const bool warming_up = epoch_ < warmup_epochs_;
  ++epoch_;
  if (kind_ != Kind::kPlateau || warming_up) return;
  // ReduceLROnPlateau.step in mode "min" with a relative threshold.
  if (monitored_loss < best_ * (1.0 - plateau_.threshold)) {
    best_ = monitored_loss;
    bad_epochs_ = 0;
  } else {
    ++bad_epochs_;
  }
  if (cooldown_left_ > 0) {
    --cooldown_left_;
    bad_epochs_ = 0;
  }
  if (bad_epochs_ > plateau_.patience) {
    const double reduced =
        std::max(plateau_lr_ * plateau_.factor, static_cast<double>(plateau_.min_lr));
    if (plateau_lr_ - reduced > kPlateauEps) plateau_lr_ = reduced;
    cooldown_left_ = plateau_.cooldown;
    bad_epochs_ = 0;
  }
}

LrSchedule LrSchedule::parse(const std::string& text) {
  std::string body = text;
  std::size_t warmup = 0;
  if (const std::size_t plus = text.find('+'); plus != std::string::npos) {
    const std::vector<std::string> tail = split(text.substr(plus + 1), ':');
    check(tail.size() == 2 && tail[0] == "warmup",
          "learning-rate schedule '{}': expected +warmup:EPOCHS after the schedule", text);
    warmup = parse_count(tail[1], text);
    body = text.substr(0, plus);
  }
  const std::vector<std::string> parts = split(body, ':');
  const std::string& name = parts[0];
  const std::size_t args = parts.size() - 1;
  auto arity = [&](std::size_t low, std::size_t high) {
    check(args >= low && args <= high,
          "learning-rate schedule '{}': {} takes {} to {} values, got {}", text, name, low, high,
          args);
  };
  LrSchedule s = constant();
  if (name == "constant" || name == "none") {
    arity(0, 0);
  } else if (name == "step") {
    arity(1, 2);
    StepLrOptions o{.step_size = parse_count(parts[1], text)};
    if (args > 1) o.gamma = parse_float(parts[2], text);
    s = step(o);
  } else if (name == "exponential") {
    arity(1, 1);
    s = exponential(parse_float(parts[1], text));
  } else if (name == "cosine") {
    arity(1, 2);
    CosineLrOptions o{.t_max = parse_count(parts[1], text)};
    if (args > 1) o.eta_min = parse_float(parts[2], text);
    s = cosine(o);
  } else if (name == "plateau") {
    arity(0, 5);
    PlateauLrOptions o;
    if (args > 0) o.factor = parse_float(parts[1], text);
    if (args > 1) o.patience = parse_count(parts[2], text);
    if (args > 2) o.threshold = parse_float(parts[3], text);
    if (args > 3) o.min_lr = parse_float(parts[4], text);
    if (args > 4) o.cooldown = parse_count(parts[5], text);
    s = plateau(o);
  } else {
    throw Error(fmt::format("unknown learning-rate schedule '{}' (expected {})", text, kForms));
  }
  return s.with_warmup(warmup);
}

std::string LrSchedule::to_string() const {
  std::string out;
  switch (kind_) {
    case Kind::kConstant:
      out = "constant";
      break;
    case Kind::kStep:
      out = fmt::format("step:{}:{}", step_.step_size, step_.gamma);
      break;
    case Kind::kExponential:
      out = fmt::format("exponential:{}", gamma_);
      break;
    case Kind::kCosine:
      out = fmt::format("cosine:{}:{}", cosine_.t_max, cosine_.eta_min);
      break;
    case Kind::kPlateau:
      out = fmt::format("plateau:{}:{}:{}:{}:{}", plateau_.factor, plateau_.patience,
                        plateau_.threshold, plateau_.min_lr, plateau_.cooldown);
      break;
  }
  if (warmup_epochs_ > 0) out += fmt::format("+warmup:{}", warmup_epochs_);
  return out;
}

}  // namespace axon
