// LayerRegistry: every built-in layer type round-trips through its settings, bad settings are
// refused naming the problem, and a layer type defined outside the library is saved and loaded
// once it is registered.
#include "axon/layers/layer_registry.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "axon/io/model_file.hpp"
#include "axon/layers/activations.hpp"
#include "axon/layers/batch_norm.hpp"
#include "axon/layers/dense.hpp"
#include "axon/layers/dropout.hpp"
#include "axon/tensor/error.hpp"
#include "io/temp_dir.hpp"
#include "support/error_text.hpp"

namespace axon {
namespace {

using ::testing::HasSubstr;

TEST(LayerRegistry, KnowsEveryBuiltInLayer) {
  for (const char* name : {"dense", "batch_norm", "dropout", "relu", "leaky_relu", "sigmoid",
                           "tanh", "identity", "elu", "gelu", "softplus", "softmax"})
    EXPECT_NE(LayerRegistry::global().find(name), nullptr) << name;
}

TEST(LayerRegistry, EveryLayerIsMadeAgainFromItsConfig) {
  std::vector<std::unique_ptr<Layer>> layers;
  layers.push_back(std::make_unique<Dense>(7, 3, DenseOptions{.bias = false}));
  layers.push_back(
      std::make_unique<BatchNorm>(5, BatchNormOptions{.eps = 1e-3f, .momentum = 0.2f}));
  layers.push_back(std::make_unique<Dropout>(0.25f));
  layers.push_back(std::make_unique<LeakyReLU>(0.2f));
  layers.push_back(std::make_unique<ELU>(0.5f));
  for (const std::string& name : LayerRegistry::global().names())
    if (LayerRegistry::global().find(name)->fields.empty())
      layers.push_back(LayerRegistry::global().make(name, {}));
  for (const auto& layer : layers) {
    SCOPED_TRACE(layer->name());
    const LayerType* type = LayerRegistry::global().find(layer->name());
    ASSERT_NE(type, nullptr);
    const LayerConfig config = layer->config();
    // The instance lists exactly the declared settings, in the declared order and kinds.
    ASSERT_EQ(config.values().size(), type->fields.size());
    for (std::size_t i = 0; i < type->fields.size(); ++i) {
      EXPECT_EQ(config.values()[i].first, type->fields[i].key);
      EXPECT_EQ(kind_of(config.values()[i].second), type->fields[i].kind);
    }
    const std::unique_ptr<Layer> again = LayerRegistry::global().make(layer->name(), config);
    EXPECT_EQ(again->name(), layer->name());
    EXPECT_EQ(again->config().values(), config.values());
    EXPECT_EQ(again->parameter_count(), layer->parameter_count());
  }
}

TEST(LayerRegistry, RefusesBadSettingsNamingThem) {
  const LayerRegistry& registry = LayerRegistry::global();
  EXPECT_THAT(test::error_of([&] { registry.make("conv9d", {}); }),
              HasSubstr("unknown layer type 'conv9d'; known types: dense, batch_norm"));
  EXPECT_THAT(test::error_of([&] {
                registry.make("dense", {{"in_features", 3ul}});
              }),
              HasSubstr("dense: setting 'out_features' is missing"));
  EXPECT_THAT(test::error_of([&] {
                registry.make("dropout", {{"p", std::uint64_t{1}}});
              }),
              HasSubstr("dropout: setting 'p' is a count, expected a real"));
  EXPECT_THAT(test::error_of([&] {
                registry.make("relu", {{"slope", 0.1f}});
              }),
              HasSubstr("relu: unknown setting 'slope'"));
  EXPECT_THAT(test::error_of([&] {
                registry.make("dropout", {{"p", 1.5f}});
              }),
              HasSubstr("p must be in [0, 1), got 1.5"));
}

// A layer written outside the library: Y = s X, with one setting and no parameters.
class ScaleBy : public Layer {
 public:
  explicit ScaleBy(float s) : s_(s) {}
  static constexpr const char* kName = "test_scale_by";
  static std::vector<ConfigField> config_fields() { return {{"s", ConfigKind::kReal}}; }
  static std::unique_ptr<Layer> from_config(const LayerConfig& c) {
    return std::make_unique<ScaleBy>(c.real("s"));
  }
  std::string name() const override { return kName; }
  LayerConfig config() const override { return {{"s", s_}}; }
  const Tensor& forward(const Tensor& x, bool) override {
    y_.resize(x.shape());
    for (std::size_t i = 0; i < x.size(); ++i) y_[i] = s_ * x[i];
    return y_;
  }
  const Tensor& backward(const Tensor& dy) override {
    dx_.resize(dy.shape());
    for (std::size_t i = 0; i < dy.size(); ++i) dx_[i] = s_ * dy[i];
    return dx_;
  }

 private:
  float s_;
  Tensor y_, dx_;
};

TEST(LayerRegistry, ARegisteredLayerOfYourOwnIsSavedAndLoaded) {
  test::TempDir dir;
  Sequential model(Dense(2, 2), ScaleBy(3.0f));
  model.compile(make_loss("mse"), make_optimizer("sgd", 0.1f));
  model.build();
  if (LayerRegistry::global().find(ScaleBy::kName) == nullptr)
    LayerRegistry::global().add<ScaleBy>();
  save_model(dir.file("m.axon"), model);
  LoadedModel loaded = load_model(dir.file("m.axon"));
  ASSERT_EQ(loaded.model.size(), 2u);
  EXPECT_EQ(loaded.model.layer(1).name(), "test_scale_by");
  EXPECT_FLOAT_EQ(loaded.model.layer(1).config().real("s"), 3.0f);
  const Tensor x(Shape{1, 2}, {1.0f, -2.0f});
  const Tensor a = model.predict(x), b = loaded.model.predict(x);
  EXPECT_EQ(a[0], b[0]);
  EXPECT_EQ(a[1], b[1]);
}

TEST(LayerRegistry, ANameIsRegisteredOnce) {
  LayerRegistry registry;
  registry.add<Dense>();
  EXPECT_THAT(test::error_of([&] { registry.add<Dense>(); }),
              HasSubstr("a layer type named 'dense' is already registered"));
}

}  // namespace
}  // namespace axon
