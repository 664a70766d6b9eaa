// The bf16 matrix product (AMX, or AVX512-BF16 without it) against the reference loop run on
// bf16-rounded inputs, for every transpose combination and edge sizes; the AVX512-BF16 kernel
// directly, also against its scalar emulation; the precision switch of gemm; and training in bf16
// reaching the accuracy of float32. On CPUs without either only the refusal is tested.
#include "axon/tensor/gemm_bf16.hpp"

#include <gtest/gtest.h>

#include <bit>
#include <cmath>
#include <cstdint>
#include <limits>
#include <ostream>
#include <string>
#include <vector>

#include "axon/data/generators.hpp"
#include "axon/losses/loss.hpp"
#include "axon/model/sequential.hpp"
#include "axon/optimizers/optimizer.hpp"
#include "axon/tensor/detail/bf16_packing.hpp"
#include "axon/tensor/detail/gemm_bf16_avx512.hpp"
#include "axon/tensor/error.hpp"
#include "axon/tensor/rng.hpp"
#include "axon/tensor/runtime.hpp"
#include "axon/train/trainer.hpp"

namespace axon {
namespace {

// Round to nearest even on the upper 16 bits, denormals to zero: what VCVTNE2PS2BF16 does
// (tested by hand in bf16_packing_test.cpp).
float round_to_bf16(float v) { return detail::bf16_bits_to_float(detail::to_bf16_bits(v)); }

struct Bf16Case {
  Transpose ta, tb;
  std::size_t m, n, k;
  float alpha, beta;
};

// "NT_17x33x45": the transposes of A and B, then m x n x k.
std::string case_name(const Bf16Case& c) {
  return std::string(c.ta == Transpose::kYes ? "T" : "N") + (c.tb == Transpose::kYes ? "T" : "N") +
         "_" + std::to_string(c.m) + "x" + std::to_string(c.n) + "x" + std::to_string(c.k);
}

// How GoogleTest (and so the test list) shows a case.
void PrintTo(const Bf16Case& c, std::ostream* out) {
  *out << case_name(c) << " alpha " << c.alpha << " beta " << c.beta;
}

using GemmFunction = void (*)(Transpose, Transpose, std::size_t, std::size_t, std::size_t, float,
                              const float*, std::size_t, const float*, std::size_t, float, float*,
                              std::size_t);

// `product` on case `c` against the reference loop on the bf16-rounded inputs.
void expect_matches_reference(GemmFunction product, const Bf16Case& c) {
  Rng rng(11);
  // Row strides wider than the rows, their padding NaN: nothing outside the matrices is read.
  const std::size_t a_rows = c.ta == Transpose::kYes ? c.k : c.m;
  const std::size_t a_cols = c.ta == Transpose::kYes ? c.m : c.k;
  const std::size_t b_rows = c.tb == Transpose::kYes ? c.n : c.k;
  const std::size_t b_cols = c.tb == Transpose::kYes ? c.k : c.n;
  const std::size_t lda = a_cols + 3, ldb = b_cols + 5, ldc = c.n + 2;
  const float nan = std::numeric_limits<float>::quiet_NaN();
  std::vector<float> a(a_rows * lda, nan), b(b_rows * ldb, nan);
  std::vector<float> a16(a.size(), nan), b16(b.size(), nan);
  for (std::size_t i = 0; i < a_rows; ++i)
    for (std::size_t j = 0; j < a_cols; ++j)
      a16[i * lda + j] = round_to_bf16(a[i * lda + j] = rng.uniform(-1, 1));
  for (std::size_t i = 0; i < b_rows; ++i)
    for (std::size_t j = 0; j < b_cols; ++j)
      b16[i * ldb + j] = round_to_bf16(b[i * ldb + j] = rng.uniform(-1, 1));
  std::vector<float> fast(c.m * ldc, nan), slow(c.m * ldc, nan);
  for (std::size_t i = 0; i < c.m; ++i)
    for (std::size_t j = 0; j < c.n; ++j)
      fast[i * ldc + j] = slow[i * ldc + j] = c.beta == 0.0f ? nan : rng.uniform(-1, 1);
  product(c.ta, c.tb, c.m, c.n, c.k, c.alpha, a.data(), lda, b.data(), ldb, c.beta, fast.data(),
          ldc);
  // beta == 0 must not read C (it holds NaN here); the reference loop does not either.
  gemm_reference(c.ta, c.tb, c.m, c.n, c.k, c.alpha, a16.data(), lda, b16.data(), ldb, c.beta,
                 slow.data(), ldc);
  // Float32 sums of k products of size <= 1, in another order than the reference's double sum.
  const float tolerance = 2e-6f * static_cast<float>(c.k) + 1e-6f;
  for (std::size_t i = 0; i < c.m; ++i) {
    for (std::size_t j = 0; j < c.n; ++j)
      ASSERT_NEAR(fast[i * ldc + j], slow[i * ldc + j], tolerance) << i << "," << j;
    for (std::size_t j = c.n; j < ldc; ++j) ASSERT_TRUE(std::isnan(fast[i * ldc + j])) << j;
  }
}

class GemmBf16Test : public ::testing::TestWithParam<Bf16Case> {
 protected:
  void SetUp() override {
    if (!bf16_gemm_available()) GTEST_SKIP() << "no AMX-BF16 nor AVX512-BF16 on this CPU";
  }
};

TEST_P(GemmBf16Test, MatchesReferenceOnRoundedInputs) {
  expect_matches_reference(gemm_bf16, GetParam());
}

// The AVX512-BF16 kernel itself, also where AMX takes gemm_bf16's products.
class GemmBf16Avx512Test : public ::testing::TestWithParam<Bf16Case> {
 protected:
  void SetUp() override {
    const std::string& reason = detail::avx512_bf16_unavailable_reason();
    if (!reason.empty()) GTEST_SKIP() << reason;
  }
};

TEST_P(GemmBf16Avx512Test, MatchesReferenceOnRoundedInputs) {
  expect_matches_reference(detail::gemm_bf16_avx512, GetParam());
}

// The vector packings write the very bits the scalar ones do, padding included.
TEST_P(GemmBf16Avx512Test, PacksAsTheScalarCode) {
  const Bf16Case c = GetParam();
  if (c.k == 0) return;
  Rng rng(29);
  const std::size_t a_cols = c.ta == Transpose::kYes ? c.m : c.k;
  const std::size_t b_cols = c.tb == Transpose::kYes ? c.k : c.n;
  std::vector<float> a(c.m * c.k), b(c.k * c.n);
  for (float& v : a) v = rng.uniform(-2, 2);
  for (float& v : b) v = rng.uniform(-2, 2);
  std::vector<std::uint16_t> scalar_a(detail::bf16_packed_a_size(c.m, c.k));
  std::vector<std::uint16_t> vector_a(scalar_a.size(), 0xbeef);
  std::vector<std::uint16_t> scalar_b(detail::bf16_packed_b_size(c.n, c.k));
  std::vector<std::uint16_t> vector_b(scalar_b.size(), 0xbeef);
  detail::pack_a_scalar(c.ta, a.data(), a_cols, c.m, c.k, scalar_a.data());
  detail::pack_bf16_a(c.ta, a.data(), a_cols, c.m, c.k, vector_a.data());
  detail::pack_b_scalar(c.tb, b.data(), b_cols, c.n, c.k, scalar_b.data());
  detail::pack_bf16_b(c.tb, b.data(), b_cols, c.n, c.k, vector_b.data());
  EXPECT_EQ(vector_a, scalar_a);
  EXPECT_EQ(vector_b, scalar_b);
}

// The vector packing lays out and rounds the operands as the scalar packing does, and the
// instructions add as the emulation does: the results agree to float32 rounding of a few sums.
TEST_P(GemmBf16Avx512Test, MatchesScalarEmulation) {
  const Bf16Case c = GetParam();
  Rng rng(23);
  const std::size_t a_rows = c.ta == Transpose::kYes ? c.k : c.m;
  const std::size_t a_cols = c.ta == Transpose::kYes ? c.m : c.k;
  const std::size_t b_rows = c.tb == Transpose::kYes ? c.n : c.k;
  const std::size_t b_cols = c.tb == Transpose::kYes ? c.k : c.n;
  std::vector<float> a(a_rows * a_cols), b(b_rows * b_cols), fast(c.m * c.n), emulated(c.m * c.n);
  for (float& v : a) v = rng.uniform(-1, 1);
  for (float& v : b) v = rng.uniform(-1, 1);
  for (std::size_t i = 0; i < fast.size(); ++i) fast[i] = emulated[i] = rng.uniform(-1, 1);
  std::vector<std::uint16_t> packed_a(detail::bf16_packed_a_size(c.m, c.k));
  std::vector<std::uint16_t> packed_b(detail::bf16_packed_b_size(c.n, c.k));
  detail::pack_a_scalar(c.ta, a.data(), a_cols, c.m, c.k, packed_a.data());
  detail::pack_b_scalar(c.tb, b.data(), b_cols, c.n, c.k, packed_b.data());
  detail::gemm_bf16_emulated(c.m, c.n, c.k, c.alpha, packed_a.data(), packed_b.data(), c.beta,
                             emulated.data(), c.n);
  detail::gemm_bf16_avx512(c.ta, c.tb, c.m, c.n, c.k, c.alpha, a.data(), a_cols, b.data(), b_cols,
                           c.beta, fast.data(), c.n);
  const float tolerance = 1e-6f * static_cast<float>(c.k) + 1e-6f;
  for (std::size_t i = 0; i < fast.size(); ++i) ASSERT_NEAR(fast[i], emulated[i], tolerance) << i;
}

constexpr Transpose N = Transpose::kNo, T = Transpose::kYes;
INSTANTIATE_TEST_SUITE_P(
    TransposesAndEdges, GemmBf16Test,
    ::testing::Values(Bf16Case{N, N, 1, 1, 1, 1.0f, 0.0f}, Bf16Case{N, T, 17, 33, 45, 1.0f, 1.0f},
                      Bf16Case{T, N, 31, 7, 10, -0.5f, 0.25f},
                      Bf16Case{T, T, 100, 130, 32, 1.0f, 0.0f},
                      Bf16Case{N, T, 128, 128, 784, 1.0f, 0.0f},  // Z = X W^T
                      Bf16Case{T, N, 128, 784, 128, 1.0f, 1.0f},  // dW += dZ^T X
                      Bf16Case{N, N, 128, 128, 64, 1.0f, 0.0f},   // dX = dZ W
                      Bf16Case{N, N, 64, 64, 0, 1.0f, 0.5f}),     // k = 0 scales C
    [](const ::testing::TestParamInfo<Bf16Case>& info) { return case_name(info.param); });
INSTANTIATE_TEST_SUITE_P(
    TransposesAndEdges, GemmBf16Avx512Test,
    ::testing::Values(Bf16Case{N, N, 1, 1, 1, 1.0f, 0.0f}, Bf16Case{N, T, 17, 33, 45, 1.0f, 1.0f},
                      Bf16Case{T, N, 31, 7, 10, -0.5f, 0.25f},
                      Bf16Case{T, T, 100, 130, 32, 1.0f, 0.0f},
                      Bf16Case{N, T, 9, 10, 63, 1.0f, 0.0f},      // n = 10: one narrow panel
                      Bf16Case{T, N, 15, 50, 33, 1.0f, 1.0f},     // a 32 panel and a 16 one
                      Bf16Case{N, T, 128, 128, 784, 1.0f, 0.0f},  // Z = X W^T
                      Bf16Case{T, N, 128, 784, 128, 1.0f, 1.0f},  // dW += dZ^T X
                      Bf16Case{N, N, 128, 128, 64, 1.0f, 0.0f},   // dX = dZ W
                      Bf16Case{N, N, 64, 64, 0, 1.0f, 0.5f}),     // k = 0 scales C
    [](const ::testing::TestParamInfo<Bf16Case>& info) { return case_name(info.param); });

TEST(MatmulPrecision, SwitchesGemmToBf16ForLargeProducts) {
  if (!bf16_gemm_available()) {
    EXPECT_THROW(
        {
          try {
            set_matmul_precision(MatmulPrecision::kBfloat16);
          } catch (const Error& e) {
            EXPECT_NE(std::string(e.what()).find("BF16"), std::string::npos) << e.what();
            throw;
          }
        },
        Error);
    EXPECT_EQ(matmul_precision(), MatmulPrecision::kFloat32);
    return;
  }
  Rng rng(3);
  const std::size_t m = 64, n = 64, k = 64;
  std::vector<float> a(m * k), b(n * k);
  for (float& v : a) v = rng.uniform(-1, 1);
  for (float& v : b) v = rng.uniform(-1, 1);
  std::vector<float> fp32(m * n), switched(m * n), direct(m * n);
  gemm(N, T, m, n, k, 1.0f, a.data(), k, b.data(), k, 0.0f, fp32.data(), n);
  gemm_bf16(N, T, m, n, k, 1.0f, a.data(), k, b.data(), k, 0.0f, direct.data(), n);
  {
    MatmulPrecisionScope bf16(MatmulPrecision::kBfloat16);
    EXPECT_EQ(matmul_precision(), MatmulPrecision::kBfloat16);
    gemm(N, T, m, n, k, 1.0f, a.data(), k, b.data(), k, 0.0f, switched.data(), n);
  }
  EXPECT_EQ(switched, direct);
  EXPECT_NE(switched, fp32);
  EXPECT_EQ(parse_matmul_precision("bf16"), MatmulPrecision::kBfloat16);
  EXPECT_EQ(parse_matmul_precision("fp32"), MatmulPrecision::kFloat32);
  EXPECT_THROW(parse_matmul_precision("fp16"), Error);
  EXPECT_EQ(matmul_precision(), MatmulPrecision::kFloat32);  // the scope restored it
}

struct Trained {
  double accuracy;
  std::vector<float> weights;
};

Trained train_and_test(MatmulPrecision precision) {
  MatmulPrecisionScope scope(precision);
  Rng rng(5);
  const Dataset data = data::classification(rng, {.samples = 2000});
  auto [train, test] = data.split(0.25, rng);
  Sequential model = Sequential::mlp({20, 128, 64, 3}, {.output = "softmax", .seed = 9});
  model.compile(make_loss("cross_entropy"), make_optimizer("adam", 0.003f));
  Trainer(model, {.epochs = 40, .batch_size = 64}).fit(train);
  const auto weights = model.parameters().values();
  return {*model.evaluate(test).accuracy, {weights.begin(), weights.end()}};
}

// Mixed precision: bf16 products, float32 weights and updates, learn as well as float32 does.
TEST(MatmulPrecision, TrainingInBf16ReachesFloat32Accuracy) {
  if (!bf16_gemm_available()) GTEST_SKIP() << "no AMX-BF16 nor AVX512-BF16 on this CPU";
  const Trained fp32 = train_and_test(MatmulPrecision::kFloat32);
  const Trained bf16 = train_and_test(MatmulPrecision::kBfloat16);
  EXPECT_GT(fp32.accuracy, 0.8);
  EXPECT_NEAR(bf16.accuracy, fp32.accuracy, 0.03)
      << "fp32 " << fp32.accuracy << ", bf16 " << bf16.accuracy;
  EXPECT_NE(bf16.weights, fp32.weights);  // the products did run in bf16
}

}  // namespace
}  // namespace axon
