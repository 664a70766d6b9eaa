// Model files: the container (magic, version, sections, CRC-32) and each section's contents.
#include "axon/io/model_file.hpp"

#include <zlib.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstring>
#include <map>
#include <set>

#include "axon/io/byte_reader.hpp"
#include "axon/io/byte_writer.hpp"
#include "axon/io/file_bytes.hpp"
#include "axon/io/layer_codec.hpp"
#include "axon/io/optimizer_codec.hpp"
#include "axon/tensor/error.hpp"
#include "axon/tensor/tensor.hpp"

namespace axon {
namespace {

constexpr std::array<unsigned char, 8> kMagic = {'A', 'X', 'O', 'N', 'M', 'O', 'D', 'L'};
constexpr std::size_t kHeaderSize = 24;  // magic, u32 version, u32 reserved, u64 payload size
constexpr std::size_t kChecksumSize = 4;
constexpr float kMaxPixelScale = 1e30f;
// Standardization (x - mean) / std: a std or a mean beyond these, or a mean more than kMaxScale
// standard deviations from 0, turns ordinary inputs into infinities or zeros.
constexpr double kMaxScale = 1e30;
const std::set<std::string> kStandardSections = {"ARCH", "LOSS", "OPTI", "WGHT",
                                                 "PREP", "TABL", "META"};

std::uint32_t crc32_of(std::span<const unsigned char> bytes) {
  uLong crc = crc32(0L, Z_NULL, 0);
  for (std::size_t done = 0; done < bytes.size();) {
    const auto chunk = static_cast<uInt>(std::min<std::size_t>(bytes.size() - done, 1u << 30));
    crc = crc32(crc, bytes.data() + done, chunk);
    done += chunk;
  }
  return static_cast<std::uint32_t>(crc);
}

std::string loss_spec(Sequential& model, const ModelInfo& info) {
  if (!info.loss.empty()) return info.loss;
  check(model.loss() != nullptr, "save_model: compile the model first (it has no loss)");
  return model.loss()->spec();
}

// One section: a 4-letter tag, its u64 length, then its body.
template <typename WriteBody>
void section(ByteWriter& out, const char (&tag)[5], WriteBody&& write_body) {
  out.raw({reinterpret_cast<const unsigned char*>(tag), 4});
  const std::size_t length_at = out.size();
  out.u64(0);
  write_body();
  out.patch_u64(length_at, out.size() - length_at - 8);
}

void write_strings(ByteWriter& out, const std::vector<std::string>& strings) {
  out.u32(static_cast<std::uint32_t>(strings.size()));
  for (const std::string& s : strings) out.string(s);
}

void write_table(ByteWriter& out, const Preprocessing& p) {
  out.u32(static_cast<std::uint32_t>(p.columns.size()));
  for (const FeatureColumn& c : p.columns) {
    out.string(c.name);
    write_strings(out, c.categories);
  }
  write_strings(out, p.class_names);
  out.floats(p.target_mean);
  out.floats(p.target_stddev);
}

void write_sections(ByteWriter& out, Sequential& model, const ModelInfo& info) {
  section(out, "ARCH", [&] {
    out.u64(model.seed());
    write_architecture(out, model);
  });
  section(out, "LOSS", [&] {
    out.string(loss_spec(model, info));
    out.u8(model.loss()->reduction() == Reduction::kSum ? 1 : 0);
  });
  section(out, "OPTI", [&] { write_optimizer(out, *model.optimizer()); });
  section(out, "WGHT", [&] {
    out.floats(model.parameters().values());
    for (std::size_t i = 0; i < model.size(); ++i) {
      const std::vector<Tensor*> buffers = model.layer(i).buffers();
      out.u32(static_cast<std::uint32_t>(buffers.size()));
      for (const Tensor* b : buffers) out.tensor(*b);
    }
  });
  section(out, "PREP", [&] {
    const Preprocessing& p = info.preprocessing;
    out.u8(p.task == Task::kRegression ? 1 : 0);
    out.u64(p.classes);
    out.f32(p.pixel_scale);
    out.floats(p.mean);
    out.floats(p.stddev);
  });
  const Preprocessing& p = info.preprocessing;
  if (!p.columns.empty() || !p.class_names.empty() || !p.target_mean.empty())
    section(out, "TABL", [&] { write_table(out, p); });
  section(out, "META", [&] {
    out.u32(static_cast<std::uint32_t>(info.metadata.size()));
    for (const auto& [key, value] : info.metadata) {
      out.string(key);
      out.string(value);
    }
  });
  for (const auto& [tag, body] : info.extra_sections) {
    check(tag.size() == 4, "save_model: section tag '{}' is not 4 characters", tag);
    out.raw({reinterpret_cast<const unsigned char*>(tag.data()), 4});
    out.u64(body.size());
    out.raw(body);
  }
}

// The header, checked: magic, version, and a size that matches the file.
std::span<const unsigned char> checked_payload(const std::string& path,
                                               std::span<const unsigned char> bytes,
                                               std::uint32_t& version) {
  check(!bytes.empty(), "'{}' is empty, not an axon model file", path);
  const std::size_t magic_seen = std::min(bytes.size(), kMagic.size());
  check(std::memcmp(bytes.data(), kMagic.data(), magic_seen) == 0,
        "'{}' is not an axon model file (it does not start with AXONMODL)", path);
  ByteReader header(bytes, path);
  header.raw(kMagic.size(), "the header");
  version = header.u32("the format version");
  check(version >= 1, "'{}': invalid model format version 0", path);
  check(version <= kModelFormatVersion,
        "'{}' was written by a newer axon (model format version {}; this build reads versions up "
        "to {}): upgrade axon to load it",
        path, version, kModelFormatVersion);
  header.u32("the header");
  const std::uint64_t payload = header.u64("the payload size");
  const std::uint64_t expected = kHeaderSize + payload + kChecksumSize;
  check(payload <= bytes.size() && bytes.size() >= expected,
        "'{}' is truncated: the header announces {} bytes, the file has {}", path,
        payload > bytes.size() ? payload : expected, bytes.size());
  check(bytes.size() == expected, "'{}' has {} unexpected bytes after the model", path,
        bytes.size() - expected);
  const std::size_t body = kHeaderSize + payload;
  ByteReader trailer(bytes.subspan(body), path);
  const std::uint32_t stored = trailer.u32("the checksum");
  const std::uint32_t computed = crc32_of(bytes.first(body));
  check(stored == computed,
        "'{}' is corrupted: its CRC-32 checksum is {:08x} but the contents give {:08x}", path,
        stored, computed);
  return bytes.subspan(kHeaderSize, payload);
}

std::map<std::string, std::span<const unsigned char>> split_sections(
    const std::string& path, std::span<const unsigned char> payload) {
  std::map<std::string, std::span<const unsigned char>> sections;
  ByteReader in(payload, path);
  while (!in.at_end()) {
    const std::span<const unsigned char> tag = in.raw(4, "a section tag");
    const std::uint64_t length = in.u64("a section length");
    const std::string name(tag.begin(), tag.end());
    if (!sections.emplace(name, in.raw(length, "a section")).second)
      in.fail(fmt::format("the {} section appears twice", name));
  }
  return sections;
}

ByteReader section_reader(const std::string& path,
                          const std::map<std::string, std::span<const unsigned char>>& sections,
                          const std::string& tag) {
  const auto it = sections.find(tag);
  check(it != sections.end(), "'{}': the model file has no {} section", path, tag);
  return ByteReader(it->second, path + " [" + tag + "]");
}

void read_weights(ByteReader& in, Sequential& model) {
  const std::vector<float> values = in.floats("the weights");
  const std::span<float> store = model.parameters().values();
  if (values.size() != store.size())
    in.fail(
        fmt::format("{} weights saved, but the architecture has {}", values.size(), store.size()));
  for (std::size_t i = 0; i < values.size(); ++i)
    if (!std::isfinite(values[i]))
      in.fail(fmt::format("weight {} of {} is {}: the model diverged before it was saved", i + 1,
                          values.size(), values[i]));
  std::copy(values.begin(), values.end(), store.begin());
  for (std::size_t i = 0; i < model.size(); ++i) {
    const std::vector<Tensor*> buffers = model.layer(i).buffers();
    const std::uint32_t count = in.u32("a layer's buffer count");
    if (count != buffers.size())
      in.fail(fmt::format("layer {} has {} buffers, the file {}", i + 1, buffers.size(), count));
    for (Tensor* b : buffers) {
      Tensor loaded = in.tensor("a layer buffer");
      if (loaded.shape() != b->shape())
        in.fail(fmt::format("layer {} keeps a buffer of shape {}, the file one of {}", i + 1,
                            b->shape().to_string(), loaded.shape().to_string()));
      // Running statistics (batch norm) enter every prediction like the weights do.
      if (!all_finite(loaded.values()))
        in.fail(fmt::format("a buffer of layer {} ({}) holds NaN or infinite values", i + 1,
                            model.layer(i).name()));
      *b = std::move(loaded);
    }
    try {
      model.layer(i).check_state();
    } catch (const Error& e) {
      in.fail(fmt::format("layer {}: {}", i + 1, e.what()));
    }
  }
}

Preprocessing read_preprocessing(ByteReader& in, std::size_t features, std::size_t outputs) {
  Preprocessing p;
  p.task = in.u8("the task") == 1 ? Task::kRegression : Task::kClassification;
  p.classes = in.u64("the class count");
  // A classifier has one output per class, or one output for two (0: not recorded).
  if (p.task == Task::kClassification && p.classes > std::max<std::size_t>(outputs, 2))
    in.fail(fmt::format("{} classes for a model of {} outputs", p.classes, outputs));
  p.pixel_scale = in.f32("the pixel scale");
  p.mean = in.floats("the feature means");
  p.stddev = in.floats("the feature standard deviations");
  if (p.mean.size() != p.stddev.size())
    in.fail(fmt::format("{} means but {} standard deviations", p.mean.size(), p.stddev.size()));
  if (!p.mean.empty() && p.mean.size() != features)
    in.fail(fmt::format("{} feature means for a model of {} inputs", p.mean.size(), features));
  // Scales that are zero, negative, subnormal or so large that a pixel (up to 255) would overflow
  // a float turn every prediction into 0, NaN or infinity.
  if (!std::isnormal(p.pixel_scale) || p.pixel_scale < 0.0f || p.pixel_scale > kMaxPixelScale)
    in.fail(fmt::format("pixel scale {} is not a positive normal number up to {}", p.pixel_scale,
                        kMaxPixelScale));
  for (std::size_t i = 0; i < p.mean.size(); ++i)
    if (!std::isfinite(p.mean[i]) || !std::isnormal(p.stddev[i]) || p.stddev[i] < 0.0f)
      in.fail(fmt::format("feature {} has mean {} and standard deviation {}", i + 1, p.mean[i],
                          p.stddev[i]));
    else if (p.stddev[i] < 1.0 / kMaxScale || p.stddev[i] > kMaxScale ||
             std::abs(p.mean[i]) / p.stddev[i] > kMaxScale)
      in.fail(fmt::format(
          "feature {} has mean {} and standard deviation {}: a standard deviation must be "
          "between {:g} and {:g}, and the mean within {:g} of them from 0",
          i + 1, p.mean[i], p.stddev[i], 1.0 / kMaxScale, kMaxScale, kMaxScale));
  return p;
}

// Strings that must be sorted and distinct (category lookups search them).
std::vector<std::string> read_names(ByteReader& in, const char* what) {
  std::vector<std::string> names;
  const std::uint32_t count = in.u32(what);
  for (std::uint32_t i = 0; i < count; ++i) {
    names.push_back(in.string(what));
    if (i > 0 && !(names[i - 1] < names[i]))
      in.fail(fmt::format("{} are not sorted and distinct ('{}' after '{}')", what,
                          printable(names[i]), printable(names[i - 1])));
  }
  return names;
}

void read_table(ByteReader& in, Preprocessing& p, std::size_t features, std::size_t outputs) {
  const std::uint32_t columns = in.u32("the column count");
  for (std::uint32_t i = 0; i < columns; ++i) {
    FeatureColumn column;
    column.name = in.string("a column name");
    column.categories = read_names(in, "the categories");
    p.columns.push_back(std::move(column));
  }
  if (!p.columns.empty() && p.encoded_width() != features)
    in.fail(fmt::format("the columns encode {} features for a model of {} inputs",
                        p.encoded_width(), features));
  p.class_names = read_names(in, "the class names");
  if (!p.class_names.empty() &&
      (p.task != Task::kClassification || p.class_names.size() != p.classes))
    in.fail(fmt::format("{} class names for {} classes", p.class_names.size(), p.classes));
  p.target_mean = in.floats("the target means");
  p.target_stddev = in.floats("the target standard deviations");
  if (p.target_mean.size() != p.target_stddev.size() ||
      (!p.target_mean.empty() && p.target_mean.size() != outputs))
    in.fail(fmt::format("{} target means and {} standard deviations for {} outputs",
                        p.target_mean.size(), p.target_stddev.size(), outputs));
  for (std::size_t i = 0; i < p.target_mean.size(); ++i)
    if (!std::isfinite(p.target_mean[i]) || !std::isnormal(p.target_stddev[i]) ||
        p.target_stddev[i] < 1.0 / kMaxScale || p.target_stddev[i] > kMaxScale ||
        std::abs(p.target_mean[i]) > kMaxScale)
      in.fail(fmt::format("target {} has mean {} and standard deviation {}", i + 1,
                          p.target_mean[i], p.target_stddev[i]));
}

std::vector<std::pair<std::string, std::string>> read_metadata(ByteReader& in) {
  std::vector<std::pair<std::string, std::string>> metadata;
  const std::uint32_t count = in.u32("the metadata count");
  for (std::uint32_t i = 0; i < count; ++i) {
    std::string key = in.string("a metadata key");
    metadata.emplace_back(std::move(key), in.string("a metadata value"));
  }
  return metadata;
}

void expect_end(ByteReader& in) {
  if (!in.at_end()) in.fail(fmt::format("{} unexpected bytes at the end", in.remaining()));
}

}  // namespace

void save_model(const std::string& path, Sequential& model, const ModelInfo& info) {
  write_file_atomically(path, model_file_bytes(model, info));
}

std::vector<unsigned char> model_file_bytes(Sequential& model, const ModelInfo& info) {
  check(model.loss() != nullptr && model.optimizer() != nullptr,
        "save_model: compile the model before saving it");
  model.build();
  ByteWriter out;
  out.raw(kMagic);
  out.u32(kModelFormatVersion);
  out.u32(0);
  out.u64(0);
  write_sections(out, model, info);
  out.patch_u64(16, out.size() - kHeaderSize);
  out.u32(crc32_of(out.bytes()));
  return std::move(out.bytes());
}

LoadedModel load_model(const std::string& path) { return parse_model(read_file_bytes(path), path); }

LoadedModel parse_model(std::span<const unsigned char> bytes, const std::string& path) {
  std::uint32_t version = 0;
  const auto sections = split_sections(path, checked_payload(path, bytes, version));

  ByteReader arch = section_reader(path, sections, "ARCH");
  const std::uint64_t seed = arch.u64("the seed");
  LoadedModel loaded{read_architecture(arch, version, seed, bytes.size() / sizeof(float)), {}};
  expect_end(arch);

  ByteReader loss = section_reader(path, sections, "LOSS");
  loaded.info.loss = loss.string("the loss name");
  const Reduction reduction =
      loss.u8("the loss reduction") == 1 ? Reduction::kSum : Reduction::kMean;
  expect_end(loss);

  ByteReader optimizer = section_reader(path, sections, "OPTI");
  std::unique_ptr<Optimizer> restored =
      read_optimizer(optimizer, version, loaded.model.parameter_count());
  expect_end(optimizer);
  try {
    loaded.model.compile(make_loss(loaded.info.loss, reduction), std::move(restored));
  } catch (const Error& e) {
    throw Error(fmt::format("'{}': {}", path, e.what()));
  }

  ByteReader weights = section_reader(path, sections, "WGHT");
  read_weights(weights, loaded.model);
  expect_end(weights);

  ByteReader preprocessing = section_reader(path, sections, "PREP");
  loaded.info.preprocessing = read_preprocessing(preprocessing, loaded.model.input_features(),
                                                 loaded.model.output_features());
  expect_end(preprocessing);

  if (sections.contains("TABL")) {
    ByteReader table = section_reader(path, sections, "TABL");
    read_table(table, loaded.info.preprocessing, loaded.model.input_features(),
               loaded.model.output_features());
    expect_end(table);
  }
  if (sections.contains("META")) {
    ByteReader metadata = section_reader(path, sections, "META");
    loaded.info.metadata = read_metadata(metadata);
    expect_end(metadata);
  }
  for (const auto& [tag, body] : sections)
    if (!kStandardSections.contains(tag))
      loaded.info.extra_sections.emplace_back(tag,
                                              std::vector<unsigned char>(body.begin(), body.end()));
  return loaded;
}

}  // namespace axon
