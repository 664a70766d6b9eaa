// Compares OpenBLAS's sgemm with Eigen's on the eight matrix products of one training step of
// the 784-128-64-10 MLP at batch 128 (the measurement behind axon's choice of OpenBLAS).
#include <benchmark/benchmark.h>
#include <cblas.h>

#include <Eigen/Core>
#include <vector>

namespace {

using RowMatrix = Eigen::Matrix<float, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;

struct Product {
  bool ta, tb;
  int m, n, k;
};

// Forward Z = X W^T, backward dW = dZ^T X and dX = dZ W, for the three dense layers (the first
// layer's dX is skipped).
const std::vector<Product> kStep = {{false, true, 128, 128, 784}, {false, true, 128, 64, 128},
                                    {false, true, 128, 10, 64},   {true, false, 10, 64, 128},
                                    {false, false, 128, 64, 10},  {true, false, 64, 128, 128},
                                    {false, false, 128, 128, 64}, {true, false, 128, 784, 128}};

double step_flops() {
  double f = 0;
  for (const auto& p : kStep) f += 2.0 * p.m * p.n * p.k;
  return f;
}

void BM_OpenBlasStep(benchmark::State& state) {
  openblas_set_num_threads(static_cast<int>(state.range(0)));
  std::vector<std::vector<float>> a, b, c;
  for (const auto& p : kStep) {
    a.emplace_back(static_cast<std::size_t>(p.m) * p.k, 0.5f);
    b.emplace_back(static_cast<std::size_t>(p.k) * p.n, 0.25f);
    c.emplace_back(static_cast<std::size_t>(p.m) * p.n, 0.0f);
  }
  for (auto _ : state) {
    for (std::size_t i = 0; i < kStep.size(); ++i) {
      const auto& p = kStep[i];
      cblas_sgemm(CblasRowMajor, p.ta ? CblasTrans : CblasNoTrans, p.tb ? CblasTrans : CblasNoTrans,
                  p.m, p.n, p.k, 1.0f, a[i].data(), p.ta ? p.m : p.k, b[i].data(), p.tb ? p.k : p.n,
                  0.0f, c[i].data(), p.n);
    }
    benchmark::ClobberMemory();
  }
  state.counters["GFLOP/s"] =
      benchmark::Counter(step_flops() * state.iterations() * 1e-9, benchmark::Counter::kIsRate);
}
BENCHMARK(BM_OpenBlasStep)->Arg(1)->Arg(2)->UseRealTime();

void BM_EigenStep(benchmark::State& state) {
  Eigen::setNbThreads(static_cast<int>(state.range(0)));
  std::vector<RowMatrix> a, b, c;
  for (const auto& p : kStep) {
    a.push_back(RowMatrix::Constant(p.ta ? p.k : p.m, p.ta ? p.m : p.k, 0.5f));
    b.push_back(RowMatrix::Constant(p.tb ? p.n : p.k, p.tb ? p.k : p.n, 0.25f));
    c.push_back(RowMatrix::Zero(p.m, p.n));
  }
  for (auto _ : state) {
    for (std::size_t i = 0; i < kStep.size(); ++i) {
      const auto& p = kStep[i];
      if (p.ta)
        c[i].noalias() = a[i].transpose() * b[i];
      else if (p.tb)
        c[i].noalias() = a[i] * b[i].transpose();
      else
        c[i].noalias() = a[i] * b[i];
    }
    benchmark::ClobberMemory();
  }
  state.counters["GFLOP/s"] =
      benchmark::Counter(step_flops() * state.iterations() * 1e-9, benchmark::Counter::kIsRate);
}
BENCHMARK(BM_EigenStep)->Arg(1)->Arg(2)->UseRealTime();

}  // namespace

BENCHMARK_MAIN();
