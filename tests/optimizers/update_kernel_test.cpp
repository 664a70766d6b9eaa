// The optimizers' vectorized update kernels (adam_update, sgd_update) against plain scalar loops
// of the same formulas. The kernels may fuse a multiply and an add, so values agree to a few ulp.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <vector>

#include "axon/optimizers/adam.hpp"
#include "axon/optimizers/sgd.hpp"
#include "axon/tensor/rng.hpp"

namespace axon {
namespace {

constexpr std::size_t kSize = 1003;  // a vector body and a tail

std::vector<float> random_values(std::uint64_t seed, float scale) {
  std::vector<float> v(kSize);
  Rng rng(seed);
  for (float& x : v) x = rng.uniform(-scale, scale);
  return v;
}

void expect_close(const std::vector<float>& actual, const std::vector<float>& expected,
                  const char* what) {
  for (std::size_t i = 0; i < actual.size(); ++i) {
    const float tolerance = 4e-7f * std::max(1.0f, std::abs(expected[i]));
    ASSERT_NEAR(actual[i], expected[i], tolerance) << what << " element " << i;
  }
}

TEST(UpdateKernel, AdamMatchesScalarFormula) {
  for (const bool amsgrad : {false, true}) {
    const AdamStep s{.beta1 = 0.9f,
                     .beta2 = 0.999f,
                     .mix1 = 0.1f,
                     .mix2 = 0.001f,
                     .step_size = 0.0031f,
                     .root_correction2 = 0.0447f,
                     .eps = 1e-8f,
                     .l2 = 0.01f,
                     .shrink = 0.9999f};
    std::vector<float> p = random_values(1, 1.0f), g = random_values(2, 0.1f);
    std::vector<float> m = random_values(3, 0.01f), v = random_values(4, 0.001f);
    for (float& x : v) x = std::abs(x);
    std::vector<float> v_max = v;
    for (float& x : v_max) x *= 1.5f;
    std::vector<float> p_ref = p, m_ref = m, v_ref = v, v_max_ref = v_max;
    adam_update(s, kSize, p.data(), g.data(), m.data(), v.data(), amsgrad ? v_max.data() : nullptr);
    for (std::size_t i = 0; i < kSize; ++i) {
      const float gi = g[i] + s.l2 * p_ref[i];
      m_ref[i] = s.beta1 * m_ref[i] + s.mix1 * gi;
      v_ref[i] = s.beta2 * v_ref[i] + s.mix2 * gi * gi;
      float second = v_ref[i];
      if (amsgrad) second = v_max_ref[i] = std::max(v_max_ref[i], v_ref[i]);
      p_ref[i] = s.shrink * p_ref[i] -
                 s.step_size * m_ref[i] / (std::sqrt(second) / s.root_correction2 + s.eps);
    }
    expect_close(m, m_ref, "m");
    expect_close(v, v_ref, "v");
    expect_close(p, p_ref, "p");
    if (amsgrad) expect_close(v_max, v_max_ref, "v_max");
  }
}

TEST(UpdateKernel, SgdMatchesScalarFormula) {
  for (const bool momentum : {false, true}) {
    for (const bool nesterov : {false, true}) {
      const SgdStep s{
          .lr = 0.05f, .mu = 0.9f, .keep = 0.9f, .mix = 0.8f, .decay = 0.01f, .nesterov = nesterov};
      std::vector<float> p = random_values(5, 1.0f), g = random_values(6, 0.1f);
      std::vector<float> b = random_values(7, 0.1f);
      std::vector<float> p_ref = p, b_ref = b;
      sgd_update(s, kSize, p.data(), g.data(), momentum ? b.data() : nullptr);
      for (std::size_t i = 0; i < kSize; ++i) {
        const float gi = g[i] + s.decay * p_ref[i];
        if (!momentum) {
          p_ref[i] -= s.lr * gi;
          continue;
        }
        b_ref[i] = s.keep * b_ref[i] + s.mix * gi;
        p_ref[i] -= s.lr * (s.nesterov ? gi + s.mu * b_ref[i] : b_ref[i]);
      }
      expect_close(p, p_ref, "p");
      if (momentum) expect_close(b, b_ref, "b");
    }
  }
}

}  // namespace
}  // namespace axon
