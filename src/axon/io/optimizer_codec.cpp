// Optimizer codec: each optimizer's options listed once, as (key, field) pairs, for both
// directions. Booleans are stored as 0 or 1.
#include "axon/io/optimizer_codec.hpp"

#include <map>
#include <string>
#include <utility>
#include <vector>

#include "axon/optimizers/adadelta.hpp"
#include "axon/optimizers/adagrad.hpp"
#include "axon/optimizers/adam.hpp"
#include "axon/optimizers/adamw.hpp"
#include "axon/optimizers/rmsprop.hpp"
#include "axon/optimizers/sgd.hpp"
#include "axon/tensor/error.hpp"
#include "axon/tensor/tensor.hpp"

namespace axon {
namespace {

template <typename Visit>
void fields(SgdOptions& o, Visit&& v) {
  v("momentum", o.momentum);
  v("dampening", o.dampening);
  v("nesterov", o.nesterov);
  v("weight_decay", o.weight_decay);
  v("decay_bias", o.decay_bias);
}

template <typename Visit>
void fields(AdamOptions& o, Visit&& v) {
  v("beta1", o.beta1);
  v("beta2", o.beta2);
  v("eps", o.eps);
  v("weight_decay", o.weight_decay);
  v("amsgrad", o.amsgrad);
  v("decay_bias", o.decay_bias);
}

template <typename Visit>
void fields(RmspropOptions& o, Visit&& v) {
  v("alpha", o.alpha);
  v("eps", o.eps);
  v("momentum", o.momentum);
  v("centered", o.centered);
  v("weight_decay", o.weight_decay);
  v("decay_bias", o.decay_bias);
}

template <typename Visit>
void fields(AdagradOptions& o, Visit&& v) {
  v("lr_decay", o.lr_decay);
  v("weight_decay", o.weight_decay);
  v("initial_accumulator_value", o.initial_accumulator_value);
  v("eps", o.eps);
  v("decay_bias", o.decay_bias);
}

template <typename Visit>
void fields(AdadeltaOptions& o, Visit&& v) {
  v("rho", o.rho);
  v("eps", o.eps);
  v("weight_decay", o.weight_decay);
  v("decay_bias", o.decay_bias);
}

using HyperParameters = std::vector<std::pair<std::string, float>>;

template <typename Options>
HyperParameters collect(Options options) {
  HyperParameters out;
  fields(options, [&](const char* key, auto& value) { out.emplace_back(key, float(value)); });
  return out;
}

HyperParameters hyper_parameters(Optimizer& optimizer) {
  if (auto* o = dynamic_cast<Sgd*>(&optimizer)) return collect(o->options());
  if (auto* o = dynamic_cast<Adam*>(&optimizer)) return collect(o->options());
  if (auto* o = dynamic_cast<Rmsprop*>(&optimizer)) return collect(o->options());
  if (auto* o = dynamic_cast<Adagrad*>(&optimizer)) return collect(o->options());
  if (auto* o = dynamic_cast<Adadelta*>(&optimizer)) return collect(o->options());
  throw Error(fmt::format("cannot save optimizer '{}': the model format does not know it",
                          optimizer.name()));
}

// Options with the learning rate and every saved key applied; an unknown key is an error.
template <typename Options>
Options restore(ByteReader& in, float learning_rate, std::map<std::string, float> saved) {
  Options options{};
  options.learning_rate = learning_rate;
  fields(options, [&](const char* key, auto& value) {
    const auto it = saved.find(key);
    if (it == saved.end()) return;
    if constexpr (std::is_same_v<std::decay_t<decltype(value)>, bool>) {
      value = it->second != 0.0f;
    } else {
      value = it->second;
    }
    saved.erase(it);
  });
  if (!saved.empty())
    in.fail(fmt::format("unknown optimizer hyper-parameter '{}'", saved.begin()->first));
  return options;
}

std::unique_ptr<Optimizer> construct(ByteReader& in, const std::string& name, float lr,
                                     const std::map<std::string, float>& saved) {
  if (name == "sgd") return std::make_unique<Sgd>(restore<SgdOptions>(in, lr, saved));
  if (name == "adam") return std::make_unique<Adam>(restore<AdamOptions>(in, lr, saved));
  if (name == "adamw") {
    const AdamOptions a = restore<AdamOptions>(in, lr, saved);
    return std::make_unique<AdamW>(AdamWOptions{.learning_rate = a.learning_rate,
                                                .beta1 = a.beta1,
                                                .beta2 = a.beta2,
                                                .eps = a.eps,
                                                .weight_decay = a.weight_decay,
                                                .amsgrad = a.amsgrad,
                                                .decay_bias = a.decay_bias});
  }
  if (name == "rmsprop") return std::make_unique<Rmsprop>(restore<RmspropOptions>(in, lr, saved));
  if (name == "adagrad") return std::make_unique<Adagrad>(restore<AdagradOptions>(in, lr, saved));
  if (name == "adadelta")
    return std::make_unique<Adadelta>(restore<AdadeltaOptions>(in, lr, saved));
  in.fail(fmt::format("unknown optimizer '{}'", name));
}

}  // namespace

void write_optimizer(ByteWriter& out, Optimizer& optimizer) {
  const HyperParameters hyper = hyper_parameters(optimizer);
  out.string(optimizer.name());
  out.f32(optimizer.learning_rate());
  out.u32(static_cast<std::uint32_t>(hyper.size()));
  for (const auto& [key, value] : hyper) {
    out.string(key);
    out.f32(value);
  }
  out.u64(optimizer.steps());
  const std::vector<Tensor*> state = optimizer.state();
  out.u32(static_cast<std::uint32_t>(state.size()));
  for (const Tensor* t : state) out.tensor(*t);
}

std::unique_ptr<Optimizer> read_optimizer(ByteReader& in, std::size_t parameters) {
  const std::string name = in.string("the optimizer name");
  const float learning_rate = in.f32("the learning rate");
  std::map<std::string, float> saved;
  const std::uint32_t count = in.u32("the hyper-parameter count");
  for (std::uint32_t i = 0; i < count; ++i) {
    std::string key = in.string("a hyper-parameter name");
    saved[std::move(key)] = in.f32("a hyper-parameter value");
  }
  std::unique_ptr<Optimizer> optimizer;
  try {
    optimizer = construct(in, name, learning_rate, saved);
  } catch (const Error& e) {
    in.fail(e.what());
  }
  optimizer->set_steps(in.u64("the optimizer step count"));
  const std::vector<Tensor*> state = optimizer->state();
  const std::uint32_t saved_state = in.u32("the optimizer state count");
  if (saved_state != state.size())
    in.fail(fmt::format("optimizer '{}' keeps {} state tensors, the file has {}", name,
                        state.size(), saved_state));
  for (Tensor* t : state) {
    Tensor loaded = in.tensor("the optimizer state");
    if (loaded.size() == 0) continue;  // saved before the first step
    if (loaded.size() != parameters)
      in.fail(
          fmt::format("optimizer state of {} values for {} parameters", loaded.size(), parameters));
    // A NaN moment would turn the first resumed step's weights into NaN.
    if (!all_finite(loaded.values()))
      in.fail(fmt::format("optimizer '{}' state holds NaN or infinite values", name));
    *t = std::move(loaded);
  }
  return optimizer;
}

}  // namespace axon
