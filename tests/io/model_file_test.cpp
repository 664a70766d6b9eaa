// Model files: a round trip gives identical predictions and resumes training exactly; truncated,
// corrupted, foreign and newer-version files are rejected with a message saying which.
#include "axon/io/model_file.hpp"

#include <fmt/format.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <zlib.h>

#include <limits>

#include <filesystem>

#include "axon/io/file_bytes.hpp"
#include "axon/layers/activations.hpp"
#include "axon/layers/batch_norm.hpp"
#include "axon/layers/dense.hpp"
#include "axon/layers/dropout.hpp"
#include "axon/tensor/error.hpp"
#include "io/temp_dir.hpp"
#include "support/error_text.hpp"

namespace axon {
namespace {

using test::error_of;
using test::TempDir;

Tensor inputs() {
  Tensor x(Shape{6, 3});
  for (std::size_t i = 0; i < x.size(); ++i) x[i] = 0.1f * static_cast<float>(i % 7) - 0.3f;
  return x;
}

Tensor labels() { return Tensor(Shape{6, 1}, {0, 1, 2, 1, 0, 2}); }

Sequential trained_model(const std::string& optimizer) {
  Sequential model(7);
  model.add(Dense(3, 5));
  model.add(LeakyReLU(0.2f));
  model.add(Dense(5, 3, {.bias = false}));
  model.add(Softmax());
  model.compile(make_loss("cross_entropy"), make_optimizer(optimizer, 0.01f));
  for (int step = 0; step < 3; ++step) model.train_step(inputs(), labels());
  return model;
}

ModelInfo sample_info() {
  ModelInfo info;
  info.preprocessing.task = Task::kClassification;
  info.preprocessing.classes = 3;
  info.preprocessing.pixel_scale = 0.5f;
  info.preprocessing.mean = {1.0f, 2.0f, 3.0f};
  info.preprocessing.stddev = {0.5f, 1.0f, 2.0f};
  info.metadata = {{"data", "blobs"}, {"note", "a test"}};
  return info;
}

TEST(ModelFile, RoundTripGivesIdenticalPredictionsAndMetadata) {
  TempDir dir;
  Sequential model = trained_model("adam");
  save_model(dir.file("m.axon"), model, sample_info());
  // Nothing but the model is left in the directory (no temporary file).
  EXPECT_EQ(std::distance(std::filesystem::directory_iterator(dir.path()),
                          std::filesystem::directory_iterator()),
            1);

  LoadedModel loaded = load_model(dir.file("m.axon"));
  EXPECT_EQ(loaded.model.predict(inputs()).to_vector(), model.predict(inputs()).to_vector());
  ASSERT_EQ(loaded.model.size(), 4u);
  EXPECT_FLOAT_EQ(loaded.model.layer<LeakyReLU>(1).negative_slope(), 0.2f);
  EXPECT_FALSE(loaded.model.layer<Dense>(2).has_bias());
  EXPECT_EQ(loaded.info.loss, "cross_entropy");
  const Preprocessing& p = loaded.info.preprocessing;
  EXPECT_EQ(p.classes, 3u);
  EXPECT_FLOAT_EQ(p.pixel_scale, 0.5f);
  EXPECT_EQ(p.mean, (std::vector<float>{1.0f, 2.0f, 3.0f}));
  EXPECT_EQ(p.stddev, (std::vector<float>{0.5f, 1.0f, 2.0f}));
  EXPECT_EQ(loaded.info.metadata, sample_info().metadata);
}

TEST(ModelFile, KeepsBatchNormStatisticsAndDropout) {
  TempDir dir;
  Sequential model(3);
  model.add(Dense(3, 4));
  model.add(BatchNorm(4, {.eps = 1e-3f, .momentum = 0.2f}));
  model.add(ReLU());
  model.add(Dropout(0.25f));
  model.add(Dense(4, 3));
  model.add(Softmax());
  model.compile(make_loss("cross_entropy"), make_optimizer("sgd", 0.1f));
  for (int step = 0; step < 3; ++step) model.train_step(inputs(), labels());
  save_model(dir.file("m.axon"), model);

  LoadedModel loaded = load_model(dir.file("m.axon"));
  const auto& norm = loaded.model.layer<BatchNorm>(1);
  EXPECT_FLOAT_EQ(norm.options().eps, 1e-3f);
  EXPECT_FLOAT_EQ(norm.options().momentum, 0.2f);
  EXPECT_EQ(norm.running_mean().to_vector(), model.layer<BatchNorm>(1).running_mean().to_vector());
  EXPECT_NE(norm.running_var().to_vector(), std::vector<float>(4, 1.0f));  // trained, not fresh
  EXPECT_FLOAT_EQ(loaded.model.layer<Dropout>(3).p(), 0.25f);
  EXPECT_EQ(loaded.model.predict(inputs()).to_vector(), model.predict(inputs()).to_vector());
}

TEST(ModelFile, RejectsNanInALayerBuffer) {
  TempDir dir;
  Sequential model(3);
  model.add(Dense(3, 4));
  model.add(BatchNorm(4));
  model.add(Dense(4, 3));
  model.add(Softmax());
  model.compile(make_loss("cross_entropy"), make_optimizer("sgd", 0.1f));
  model.train_step(inputs(), labels());
  model.layer(1).buffers()[0]->data()[2] = std::numeric_limits<float>::quiet_NaN();
  save_model(dir.file("m.axon"), model);
  const std::string message = error_of([&] { load_model(dir.file("m.axon")); });
  EXPECT_NE(message.find("a buffer of layer 2 (batch_norm) holds NaN or infinite values"),
            std::string::npos)
      << message;
}

TEST(ModelFile, RestoredOptimizerStateResumesTrainingExactly) {
  for (const std::string name : {"adam", "momentum", "rmsprop", "adagrad", "adadelta", "adamw"}) {
    TempDir dir;
    Sequential model = trained_model(name);
    save_model(dir.file("m.axon"), model);
    LoadedModel loaded = load_model(dir.file("m.axon"));
    EXPECT_EQ(loaded.model.optimizer()->name(), model.optimizer()->name()) << name;
    EXPECT_EQ(loaded.model.optimizer()->steps(), 3u) << name;
    model.train_step(inputs(), labels());
    loaded.model.train_step(inputs(), labels());
    const std::span<const float> a = model.parameters().values();
    const std::span<const float> b = loaded.model.parameters().values();
    EXPECT_TRUE(std::equal(a.begin(), a.end(), b.begin(), b.end())) << name;
  }
}

TEST(ModelFile, RejectsNanInTheOptimizerState) {
  TempDir dir;
  Sequential model = trained_model("adam");
  model.optimizer()->state()[1]->data()[4] = std::numeric_limits<float>::infinity();
  save_model(dir.file("m.axon"), model);
  const std::string message = error_of([&] { load_model(dir.file("m.axon")); });
  EXPECT_NE(message.find("optimizer 'adam' state holds NaN or infinite values"), std::string::npos)
      << message;
}

TEST(ModelFile, KeepsHyperParametersSuchAsMomentum) {
  TempDir dir;
  Sequential model = trained_model("nesterov");
  save_model(dir.file("m.axon"), model);
  LoadedModel loaded = load_model(dir.file("m.axon"));
  model.train_step(inputs(), labels());
  loaded.model.train_step(inputs(), labels());
  EXPECT_EQ(loaded.model.predict(inputs()).to_vector(), model.predict(inputs()).to_vector());
}

TEST(ModelFile, RejectsATruncatedFile) {
  TempDir dir;
  Sequential model = trained_model("sgd");
  save_model(dir.file("m.axon"), model);
  std::vector<unsigned char> bytes = test::read_bytes(dir.file("m.axon"));
  bytes.resize(bytes.size() - 10);
  const std::string path = dir.write("cut.axon", bytes);
  const std::string message = error_of([&] { load_model(path); });
  EXPECT_NE(message.find("is truncated"), std::string::npos) << message;
}

TEST(ModelFile, RejectsACorruptedFile) {
  TempDir dir;
  Sequential model = trained_model("sgd");
  save_model(dir.file("m.axon"), model);
  std::vector<unsigned char> bytes = test::read_bytes(dir.file("m.axon"));
  bytes[bytes.size() / 2] ^= 0x10;
  const std::string path = dir.write("bad.axon", bytes);
  const std::string message = error_of([&] { load_model(path); });
  EXPECT_NE(message.find("is corrupted"), std::string::npos) << message;
  EXPECT_NE(message.find("CRC-32"), std::string::npos) << message;
}

TEST(ModelFile, RejectsANewerFormatVersion) {
  TempDir dir;
  Sequential model = trained_model("sgd");
  save_model(dir.file("m.axon"), model);
  std::vector<unsigned char> bytes = test::read_bytes(dir.file("m.axon"));
  bytes[8] = static_cast<unsigned char>(kModelFormatVersion + 1);  // little-endian u32 at 8
  const std::string path = dir.write("new.axon", bytes);
  const std::string message = error_of([&] { load_model(path); });
  EXPECT_NE(message.find("newer axon"), std::string::npos) << message;
}

// A class count the outputs cannot hold (here a valid file saying 2^32 classes for 3 outputs)
// would size the confusion matrix and the one-hot labels of `axon eval`: it is refused on load.
TEST(ModelFile, RejectsMoreClassesThanOutputs) {
  TempDir dir;
  Sequential model = trained_model("sgd");
  for (const std::size_t classes : {std::size_t{4}, std::size_t{1} << 32}) {
    ModelInfo info = sample_info();
    info.preprocessing.classes = classes;
    save_model(dir.file("m.axon"), model, info);
    const std::string message = error_of([&] { load_model(dir.file("m.axon")); });
    EXPECT_NE(message.find(fmt::format("{} classes for a model of 3 outputs", classes)),
              std::string::npos)
        << message;
  }
  ModelInfo info = sample_info();
  info.preprocessing.classes = 3;
  save_model(dir.file("m.axon"), model, info);
  EXPECT_EQ(load_model(dir.file("m.axon")).info.preprocessing.classes, 3u);
}

// A file whose payload holds its first section twice, with its size and checksum made right: which
// copy a reader would take is undefined, so the file is refused.
TEST(ModelFile, RejectsASectionThatAppearsTwice) {
  TempDir dir;
  Sequential model = trained_model("sgd");
  save_model(dir.file("m.axon"), model);
  std::vector<unsigned char> bytes = test::read_bytes(dir.file("m.axon"));
  auto u64_at = [&](std::size_t at) {
    std::uint64_t v = 0;
    for (int i = 7; i >= 0; --i) v = (v << 8) | bytes[at + i];
    return v;
  };
  const std::uint64_t payload = u64_at(16), first = 4 + 8 + u64_at(24 + 4);
  std::vector<unsigned char> file(bytes.begin(), bytes.begin() + 24 + payload);
  file.insert(file.end(), bytes.begin() + 24, bytes.begin() + 24 + first);
  for (int i = 0; i < 8; ++i) file[16 + i] = static_cast<unsigned char>((payload + first) >> 8 * i);
  const auto crc =
      static_cast<std::uint32_t>(crc32(0, file.data(), static_cast<uInt>(file.size())));
  for (int i = 0; i < 4; ++i) file.push_back(static_cast<unsigned char>(crc >> 8 * i));
  const std::string message = error_of([&] { load_model(dir.write("twice.axon", file)); });
  EXPECT_NE(message.find("section appears twice"), std::string::npos) << message;
}

TEST(ModelFile, RejectsAFileThatIsNotAModel) {
  TempDir dir;
  const std::string path = dir.write("x.csv", "a,b\n1,2\n");
  EXPECT_NE(error_of([&] { load_model(path); }).find("not an axon model file"), std::string::npos);
  const std::string empty = dir.write("empty", std::string());
  EXPECT_NE(error_of([&] { load_model(empty); }).find("not an axon model file"), std::string::npos);
}

TEST(ModelFile, SavingRequiresACompiledModel) {
  TempDir dir;
  Sequential model = Sequential::mlp({2, 2});
  EXPECT_NE(error_of([&] { save_model(dir.file("m.axon"), model); }).find("compile"),
            std::string::npos);
}

// Values that are finite but cannot be what training produced: refused on load, naming them.
TEST(ModelFile, RejectsANegativeRunningVariance) {
  TempDir dir;
  Sequential model(3);
  model.add(Dense(3, 4));
  model.add(BatchNorm(4));
  model.add(Dense(4, 3));
  model.add(Softmax());
  model.compile(make_loss("cross_entropy"), make_optimizer("sgd", 0.1f));
  model.train_step(inputs(), labels());
  model.layer(1).buffers()[1]->data()[2] = -0.5f;
  save_model(dir.file("m.axon"), model);
  EXPECT_THAT(error_of([&] { load_model(dir.file("m.axon")); }),
              ::testing::HasSubstr("layer 2: batch_norm: running_var of feature 3 is -0.5, a "
                                   "variance must be >= 0"));
}

TEST(ModelFile, RejectsANegativeSecondMoment) {
  for (const char* name : {"adam", "rmsprop", "adagrad", "adadelta"}) {
    TempDir dir;
    Sequential model = trained_model(name);
    model.optimizer()->state()[0]->data()[1] = -1.0f;
    if (std::string(name) == "adam") model.optimizer()->state()[1]->data()[1] = -1.0f;
    save_model(dir.file("m.axon"), model);
    EXPECT_THAT(error_of([&] { load_model(dir.file("m.axon")); }),
                ::testing::HasSubstr("holds -1 at 2, but an average of squares is >= 0"))
        << name;
  }
}

TEST(ModelFile, RejectsScalesThatMakeNoSense) {
  for (const float scale : {0.0f, -1.0f, 1e-40f, 1e35f}) {
    TempDir dir;
    Sequential model = trained_model("sgd");
    ModelInfo info = sample_info();
    info.preprocessing.pixel_scale = scale;
    save_model(dir.file("m.axon"), model, info);
    EXPECT_THAT(error_of([&] { load_model(dir.file("m.axon")); }),
                ::testing::HasSubstr("is not a positive normal number"))
        << scale;
  }
  for (const float stddev : {0.0f, -2.0f, 1e-41f}) {
    TempDir dir;
    Sequential model = trained_model("sgd");
    ModelInfo info = sample_info();
    info.preprocessing.stddev[1] = stddev;
    save_model(dir.file("m.axon"), model, info);
    EXPECT_THAT(error_of([&] { load_model(dir.file("m.axon")); }),
                ::testing::HasSubstr("feature 2 has mean 2 and standard deviation"))
        << stddev;
  }
}

}  // namespace
}  // namespace axon
