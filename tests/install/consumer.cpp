// Trains a small network with the installed headers and library, and checks that it learned.
#include <axon/axon.hpp>
#include <iostream>

int main() {
  axon::Rng rng(3);
  const axon::Dataset data = axon::data::blobs(rng);
  auto model = axon::Sequential::mlp({4, 16, 2}, {.output = "softmax", .seed = 1});
  model.compile(axon::make_loss("cross_entropy"), axon::make_optimizer("adam", 0.01f));
  for (int step = 0; step < 200; ++step) model.train_step(data.inputs, data.targets);
  axon::ConfusionMatrix matrix(2);
  matrix.add(model.predict(data.inputs), data.targets, 0.5f);
  std::cout << matrix.to_string() << "bf16 products: "
            << (axon::bf16_gemm_available() ? "available" : axon::bf16_gemm_unavailable_reason())
            << "\n";
  return matrix.accuracy() > 0.9 ? 0 : 1;
}
