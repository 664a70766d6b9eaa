// The README's example: a small MLP learns the three-arm spiral.
#include <axon/axon.hpp>
#include <iostream>

int main() {
  axon::Rng rng(7);
  axon::Dataset data = axon::data::spiral(rng, {.samples_per_class = 200, .classes = 3});
  auto model = axon::Sequential::mlp({2, 64, 64, 3}, {.activation = "relu", .output = "softmax"});
  model.compile(axon::make_loss("cross_entropy"), axon::make_optimizer("adam", 0.01f));
  axon::Trainer trainer(model, {.epochs = 200, .batch_size = 32, .validation_split = 0.2});
  trainer.add(std::make_unique<axon::EpochLogger>(std::cout, 50)).fit(data);
  std::cout << model.summary() << "accuracy " << *model.evaluate(data).accuracy << "\n";
}
