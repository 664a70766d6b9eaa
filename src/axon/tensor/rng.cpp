// xoshiro256** (Blackman & Vigna, 2018) and the distributions built on it.
#include "axon/tensor/rng.hpp"

#include <cmath>
#include <utility>

namespace axon {
namespace {

std::uint64_t splitmix64(std::uint64_t& x) {
  std::uint64_t z = (x += 0x9e3779b97f4a7c15ULL);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

__extension__ using U128 = unsigned __int128;

std::uint64_t rotl(std::uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }

}  // namespace

Rng::Rng(std::uint64_t seed) {
  for (auto& s : state_) s = splitmix64(seed);
}

std::uint64_t Rng::next_u64() {
  std::uint64_t result = rotl(state_[1] * 5, 7) * 9;
  std::uint64_t t = state_[1] << 17;
  state_[2] ^= state_[0];
  state_[3] ^= state_[1];
  state_[1] ^= state_[2];
  state_[0] ^= state_[3];
  state_[2] ^= t;
  state_[3] = rotl(state_[3], 45);
  return result;
}

float Rng::uniform() { return static_cast<float>(next_u64() >> 40) * 0x1.0p-24f; }

float Rng::uniform(float low, float high) { return low + (high - low) * uniform(); }

float Rng::normal(float mean, float stddev) {
  if (has_spare_) {
    has_spare_ = false;
    return mean + stddev * static_cast<float>(spare_normal_);
  }
  // Box-Muller on doubles: u1 in (0, 1] so the log is finite.
  double u1 = (static_cast<double>(next_u64() >> 11) + 1.0) * 0x1.0p-53;
  double u2 = static_cast<double>(next_u64() >> 11) * 0x1.0p-53;
  double radius = std::sqrt(-2.0 * std::log(u1));
  double angle = 2.0 * 3.14159265358979323846 * u2;
  spare_normal_ = radius * std::sin(angle);
  has_spare_ = true;
  return mean + stddev * static_cast<float>(radius * std::cos(angle));
}

std::size_t Rng::below(std::size_t n) {
  // Lemire's multiply-shift with rejection: unbiased.
  std::uint64_t x = next_u64();
  U128 m = static_cast<U128>(x) * n;
  std::uint64_t low = static_cast<std::uint64_t>(m);
  if (low < n) {
    std::uint64_t threshold = (0 - static_cast<std::uint64_t>(n)) % n;
    while (low < threshold) {
      x = next_u64();
      m = static_cast<U128>(x) * n;
      low = static_cast<std::uint64_t>(m);
    }
  }
  return static_cast<std::size_t>(m >> 64);
}

Rng::State Rng::state() const {
  State s;
  for (int i = 0; i < 4; ++i) s.words[i] = state_[i];
  s.spare_normal = spare_normal_;
  s.has_spare = has_spare_;
  return s;
}

void Rng::set_state(const State& s) {
  for (int i = 0; i < 4; ++i) state_[i] = s.words[i];
  spare_normal_ = s.spare_normal;
  has_spare_ = s.has_spare;
}

void Rng::shuffle(std::span<std::size_t> items) {
  for (std::size_t i = items.size(); i > 1; --i) std::swap(items[i - 1], items[below(i)]);
}

}  // namespace axon
