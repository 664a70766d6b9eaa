// Rng: the one random source behind initialization, shuffling and dropout.
// xoshiro256** seeded through splitmix64, with its own uniform and normal draws, so a seed gives
// the same numbers with every compiler and standard library.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>

namespace axon {

class Rng {
 public:
  explicit Rng(std::uint64_t seed = 0);

  std::uint64_t next_u64();
  /// Uniform in [0, 1).
  float uniform();
  /// Uniform in [low, high).
  float uniform(float low, float high);
  /// Normal with the given mean and standard deviation (Box-Muller).
  float normal(float mean = 0.0f, float stddev = 1.0f);
  /// Uniform integer in [0, n); n > 0.
  std::size_t below(std::size_t n);
  /// Fisher-Yates shuffle.
  void shuffle(std::span<std::size_t> items);

  /// Everything the next draws depend on, to save a generator and restore it (checkpoints).
  struct State {
    std::uint64_t words[4] = {};
    double spare_normal = 0.0;
    bool has_spare = false;
  };
  State state() const;
  void set_state(const State& state);

 private:
  std::uint64_t state_[4];
  double spare_normal_ = 0.0;
  bool has_spare_ = false;
};

}  // namespace axon
