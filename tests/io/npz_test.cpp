// NumPy weights: a model's state_dict arrays survive an .npz round trip bit for bit and load back
// into a model of the same layers; damaged archives and arrays that do not fit are refused with a
// message naming the array, leaving the model as it was.
#include "axon/io/npz_weights.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <limits>

#include "axon/layers/activations.hpp"
#include "axon/layers/batch_norm.hpp"
#include "axon/layers/dense.hpp"
#include "axon/layers/dropout.hpp"
#include "axon/tensor/error.hpp"
#include "support/error_text.hpp"

namespace axon {
namespace {

using test::error_of;
using ::testing::HasSubstr;

Sequential model_with_seed(std::uint64_t seed) {
  Sequential model(seed);
  model.add(Dense(3, 4));
  model.add(BatchNorm(4));
  model.add(Tanh());
  model.add(Dropout(0.1f));
  model.add(Dense(4, 2, DenseOptions{.bias = false}));
  model.build();
  return model;
}

std::vector<NamedArray> round_trip(const std::vector<NamedArray>& arrays) {
  const std::vector<unsigned char> bytes = npz_bytes(arrays);
  return npz_named_arrays(bytes, "w.npz");
}

TEST(NpzWeights, UsePyTorchStateDictNamesAndShapes) {
  Sequential model = model_with_seed(1);
  std::vector<std::string> names;
  for (const NamedArray& a : state_dict_arrays(model)) names.push_back(a.name);
  EXPECT_THAT(names,
              ::testing::ElementsAre("0.weight", "0.bias", "1.weight", "1.bias", "1.running_mean",
                                     "1.running_var", "1.num_batches_tracked", "4.weight"));
  EXPECT_EQ(state_dict_arrays(model)[0].shape, (std::vector<std::size_t>{4, 3}));
  EXPECT_TRUE(state_dict_arrays(model)[6].shape.empty());
  EXPECT_TRUE(state_dict_arrays(model)[6].integer);
}

TEST(NpzWeights, RoundTripIntoAnotherModelGivesItsPredictions) {
  Sequential from = model_with_seed(1), to = model_with_seed(2);
  const Tensor x(Shape{2, 3}, {0.5f, -1.0f, 2.0f, 0.0f, 0.25f, -0.75f});
  const Tensor want = from.predict(x);
  ASSERT_NE(to.predict(x).values()[0], want.values()[0]);
  load_state_dict_arrays(to, round_trip(state_dict_arrays(from)), "w.npz");
  const Tensor got = to.predict(x);
  for (std::size_t i = 0; i < want.size(); ++i) EXPECT_EQ(got.values()[i], want.values()[i]);
}

TEST(NpzWeights, ArraysThatDoNotFitAreRefusedByNameAndChangeNothing) {
  Sequential model = model_with_seed(1);
  Sequential other = model_with_seed(2);
  const std::vector<NamedArray> good = state_dict_arrays(other);
  const float before = model.layer<Dense>(0).weight().value[0];

  std::vector<NamedArray> wrong_shape = good;
  wrong_shape[0].shape = {3, 4};
  EXPECT_THAT(error_of([&] { load_state_dict_arrays(model, wrong_shape, "w.npz"); }),
              HasSubstr("array '0.weight' has shape (3, 4) but the model's is (4, 3)"));
  std::vector<NamedArray> missing(good.begin() + 1, good.end());
  EXPECT_THAT(error_of([&] { load_state_dict_arrays(model, missing, "w.npz"); }),
              HasSubstr("array '0.weight' of shape (4, 3) is missing"));
  std::vector<NamedArray> extra = good;
  extra.push_back({"4.bias", {2}, {1.0f, 2.0f}, false});
  EXPECT_THAT(error_of([&] { load_state_dict_arrays(model, extra, "w.npz"); }),
              HasSubstr("the model has no array '4.bias'"));
  std::vector<NamedArray> nan = good;
  nan[1].values[0] = std::numeric_limits<float>::quiet_NaN();
  EXPECT_THAT(error_of([&] { load_state_dict_arrays(model, nan, "w.npz"); }),
              HasSubstr("array '0.bias' holds NaN"));
  std::vector<NamedArray> variance = good;
  variance[5].values[0] = -1.0f;
  EXPECT_THAT(error_of([&] { load_state_dict_arrays(model, variance, "w.npz"); }),
              HasSubstr("'1.running_var' holds a negative variance"));
  EXPECT_EQ(model.layer<Dense>(0).weight().value[0], before);
}

TEST(NpzArchive, DamagedArchivesAreRefused) {
  std::vector<unsigned char> archive = npz_bytes({{"a", {2}, {1.0f, 2.0f}, false}});
  EXPECT_THAT(
      error_of([&] { npz_named_arrays(std::span(archive).first(archive.size() / 2), "w.npz"); }),
      HasSubstr("'w.npz': not a zip archive (.npz)"));
  std::vector<unsigned char> flipped = archive;
  flipped[archive.size() / 4] ^= 0x40;  // inside the stored .npy
  EXPECT_THAT(error_of([&] { npz_named_arrays(flipped, "w.npz"); }),
              HasSubstr("'w.npz': zip entry 'a.npy': CRC-32 mismatch"));
  const std::vector<unsigned char> text = {'h', 'e', 'l', 'l', 'o'};
  EXPECT_THAT(error_of([&] { npz_named_arrays(text, "w.npz"); }),
              HasSubstr("not a zip archive (.npz)"));
  EXPECT_EQ(round_trip({{"a", {2}, {1.0f, 2.0f}, false}})[0].values,
            (std::vector<float>{1.0f, 2.0f}));
}

}  // namespace
}  // namespace axon
