// NPY reader: the header dict parsed by a small tokenizer (no eval), sizes checked before any
// allocation, then every element converted to float with its byte order and layout.
#include "axon/io/npy_reader.hpp"

#include <bit>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <optional>
#include <string_view>

#include "axon/io/file_bytes.hpp"
#include "axon/tensor/checked_arithmetic.hpp"
#include "axon/tensor/error.hpp"
#include "axon/tensor/memory_budget.hpp"
#include "axon/train/distributed.hpp"

namespace axon {
namespace {

constexpr unsigned char kMagic[] = {0x93, 'N', 'U', 'M', 'P', 'Y'};
constexpr std::size_t kMaxRank = 32;  // numpy's own limit

// An element type: 'f' float, 'i' signed, 'u' unsigned, 'b' bool; its size and byte order.
struct Dtype {
  char kind = 'f';
  std::size_t size = 4;
  bool big_endian = false;
};

struct Header {
  std::optional<Dtype> dtype;
  std::optional<bool> fortran_order;
  std::optional<std::vector<std::size_t>> shape;
};

// Reads the header dict one token at a time; every error names the source and the position.
class HeaderParser {
 public:
  HeaderParser(std::string_view text, const std::string& source) : text_(text), source_(source) {}

  Header parse() {
    Header header;
    expect('{');
    while (true) {
      skip_spaces();
      if (peek() == '}') break;
      const std::string key = parse_string();
      expect(':');
      skip_spaces();
      if (key == "descr") {
        check(peek() != '[', "'{}': structured arrays (a dtype with fields) are not supported",
              source_);
        header.dtype = parse_dtype(parse_string());
      } else if (key == "fortran_order") {
        header.fortran_order = parse_bool();
      } else if (key == "shape") {
        header.shape = parse_shape();
      } else {
        fail(fmt::format("unknown key '{}'", printable(key)));
      }
      skip_spaces();
      if (peek() == ',') ++position_;
    }
    ++position_;
    skip_spaces();
    check(position_ == text_.size(), "'{}': .npy header: unexpected text after the dict", source_);
    check(header.dtype && header.fortran_order && header.shape, "'{}': .npy header lacks '{}'",
          source_,
          !header.dtype           ? "descr"
          : !header.fortran_order ? "fortran_order"
                                  : "shape");
    return header;
  }

 private:
  [[noreturn]] void fail(const std::string& what) const {
    throw Error(fmt::format("'{}': .npy header: {} at character {}", source_, what, position_));
  }
  char peek() const { return position_ < text_.size() ? text_[position_] : '\0'; }
  void skip_spaces() {
    while (position_ < text_.size() && (text_[position_] == ' ' || text_[position_] == '\n'))
      ++position_;
  }
  void expect(char c) {
    skip_spaces();
    if (peek() != c) fail(fmt::format("expected '{}'", c));
    ++position_;
  }
  std::string parse_string() {
    skip_spaces();
    const char quote = peek();
    if (quote != '\'' && quote != '"') fail("expected a quoted string");
    const std::size_t end = text_.find(quote, position_ + 1);
    if (end == std::string_view::npos) fail("unterminated string");
    std::string value(text_.substr(position_ + 1, end - position_ - 1));
    position_ = end + 1;
    return value;
  }
  bool parse_bool() {
    for (const auto& [word, value] : {std::pair{"True", true}, std::pair{"False", false}})
      if (text_.substr(position_).starts_with(word)) {
        position_ += std::strlen(word);
        return value;
      }
    fail("fortran_order must be True or False");
  }
  std::vector<std::size_t> parse_shape() {
    expect('(');
    std::vector<std::size_t> shape;
    while (true) {
      skip_spaces();
      if (peek() == ')') break;
      std::uint64_t value = 0;
      const char* begin = text_.data() + position_;
      const auto result = std::from_chars(begin, text_.data() + text_.size(), value);
      if (result.ec == std::errc::result_out_of_range) fail("a size is too large");
      if (result.ec != std::errc() || result.ptr == begin) fail("expected a size");
      position_ += static_cast<std::size_t>(result.ptr - begin);
      if (peek() == 'L') ++position_;  // Python 2 longs
      check(shape.size() < kMaxRank, "'{}': .npy shape has more than {} dimensions", source_,
            kMaxRank);
      shape.push_back(static_cast<std::size_t>(value));
      skip_spaces();
      if (peek() == ',') {
        ++position_;
      } else if (peek() != ')') {
        fail("expected ',' or ')' in the shape");
      }
    }
    ++position_;
    return shape;
  }
  Dtype parse_dtype(const std::string& descr) const {
    check(descr != "|O" && descr != "O" && descr != "<O" && descr != ">O",
          "'{}': object arrays are not supported: they are Python pickles, which can run code "
          "when loaded; save numeric arrays (numpy.save(file, array.astype('float32')))",
          source_);
    const std::string supported = "f4 f8 i1 i2 i4 i8 u1 u2 u4 u8 b1 (bool)";
    check(descr.size() >= 3 && std::string_view("<>|=").find(descr[0]) != std::string_view::npos,
          "'{}': dtype '{}' is not supported (supported: {})", source_, printable(descr),
          supported);
    Dtype dtype;
    dtype.kind = descr[1];
    const std::string_view digits = std::string_view(descr).substr(2);
    std::size_t size = 0;
    const auto result = std::from_chars(digits.data(), digits.data() + digits.size(), size);
    const bool sized = result.ec == std::errc() && result.ptr == digits.data() + digits.size();
    const bool known = sized && ((dtype.kind == 'f' && (size == 4 || size == 8)) ||
                                 ((dtype.kind == 'i' || dtype.kind == 'u') &&
                                  (size == 1 || size == 2 || size == 4 || size == 8)) ||
                                 (dtype.kind == 'b' && size == 1));
    check(known, "'{}': dtype '{}' is not supported (supported: {})", source_, printable(descr),
          supported);
    dtype.size = size;
    dtype.big_endian =
        descr[0] == '>' || (descr[0] == '=' && std::endian::native == std::endian::big);
    return dtype;
  }

  std::string_view text_;
  const std::string& source_;
  std::size_t position_ = 0;
};

std::uint64_t read_unsigned(const unsigned char* p, std::size_t size, bool big_endian) {
  std::uint64_t value = 0;
  for (std::size_t i = 0; i < size; ++i) {
    const std::size_t byte = big_endian ? i : size - 1 - i;
    value = (value << 8) | p[byte];
  }
  return value;
}

// The element at `p` as a double (exact for every supported type but 64-bit integers).
double element(const unsigned char* p, const Dtype& dtype) {
  const std::uint64_t bits = read_unsigned(p, dtype.size, dtype.big_endian);
  switch (dtype.kind) {
    case 'f':
      if (dtype.size == 4) return std::bit_cast<float>(static_cast<std::uint32_t>(bits));
      return std::bit_cast<double>(bits);
    case 'i': {
      const unsigned shift = static_cast<unsigned>(64 - 8 * dtype.size);
      return static_cast<double>(static_cast<std::int64_t>(bits << shift) >> shift);
    }
    case 'b':
      return bits != 0 ? 1.0 : 0.0;
    default:
      return static_cast<double>(bits);
  }
}

// The C-order position of each element stored in Fortran order (first index fastest).
std::vector<std::size_t> fortran_to_c(const std::vector<std::size_t>& shape, std::size_t count) {
  std::vector<std::size_t> stride(shape.size(), 1), index(shape.size(), 0), order(count);
  for (std::size_t k = shape.size(); k-- > 1;) stride[k - 1] = stride[k] * shape[k];
  std::size_t offset = 0;
  for (std::size_t i = 0; i < count; ++i) {
    order[i] = offset;
    for (std::size_t k = 0; k < shape.size(); ++k) {
      if (++index[k] < shape[k]) {
        offset += stride[k];
        break;
      }
      offset -= (shape[k] - 1) * stride[k];
      index[k] = 0;
    }
  }
  return order;
}

}  // namespace

bool looks_like_npy(std::span<const unsigned char> bytes) {
  return bytes.size() >= sizeof(kMagic) && std::memcmp(bytes.data(), kMagic, sizeof(kMagic)) == 0;
}

std::string shape_text(const std::vector<std::size_t>& shape) {
  if (shape.empty()) return "scalar";
  std::string text;
  for (std::size_t d : shape) text += (text.empty() ? "" : " x ") + std::to_string(d);
  return text;
}

NpyArray parse_npy(std::span<const unsigned char> bytes, const std::string& source) {
  return parse_npy_block(bytes, source, 0, 1);
}

NpyArray parse_npy_block(std::span<const unsigned char> bytes, const std::string& source, int part,
                         int parts) {
  check(bytes.empty() || bytes[0] != 0x80,
        "'{}' is a Python pickle, not a .npy array: pickles are refused (they can run code when "
        "loaded); save numeric arrays with numpy.save",
        source);
  check(looks_like_npy(bytes), "'{}': not a .npy file (it does not start with \\x93NUMPY)", source);
  check(bytes.size() >= 10, "'{}': truncated .npy header ({} bytes)", source, bytes.size());
  const unsigned major = bytes[6];
  check(major >= 1 && major <= 3, "'{}': .npy format version {}.{} is not supported (1 to 3)",
        source, major, bytes[7]);
  const std::size_t length_bytes = major == 1 ? 2 : 4;
  check(bytes.size() >= 8 + length_bytes, "'{}': truncated .npy header ({} bytes)", source,
        bytes.size());
  const std::size_t header_length =
      static_cast<std::size_t>(read_unsigned(bytes.data() + 8, length_bytes, false));
  const std::size_t data_start = 8 + length_bytes + header_length;
  check(bytes.size() >= data_start, "'{}': truncated .npy header: it declares {} bytes, {} remain",
        source, header_length, bytes.size() - 8 - length_bytes);
  const std::string_view text(reinterpret_cast<const char*>(bytes.data()) + 8 + length_bytes,
                              header_length);
  const Header header = HeaderParser(text, source).parse();
  const Dtype& dtype = *header.dtype;

  NpyArray array;
  array.shape = *header.shape;
  array.integral = dtype.kind != 'f';
  std::uint64_t count = 1;
  for (std::size_t d : array.shape)
    count = checked_values(count, d,
                           fmt::format("'{}': the .npy shape {}", source, shape_text(array.shape)));
  const std::uint64_t data_bytes =
      checked_mul(count, dtype.size, fmt::format("'{}': the .npy data", source));
  const std::size_t available = bytes.size() - data_start;
  check(available >= data_bytes, "'{}': truncated .npy data: shape {} needs {} bytes, {} remain",
        source, shape_text(array.shape), data_bytes, available);
  check(available == data_bytes, "'{}': {} unexpected bytes after the .npy data (shape {})", source,
        available - data_bytes, shape_text(array.shape));
  const bool fortran = *header.fortran_order && array.shape.size() > 1;
  // A block of C-order rows is one run of elements: [first, first + kept).
  distributed::Share rows{.begin = 0, .count = array.shape.empty() ? 1 : array.shape[0]};
  if (parts > 1 && !array.shape.empty() && !fortran)
    rows = distributed::block(array.shape[0], part, parts);
  const std::uint64_t row_values = array.shape.empty() || array.shape[0] == 0
                                       ? count
                                       : count / static_cast<std::uint64_t>(array.shape[0]);
  const std::uint64_t first = rows.begin * row_values, kept = rows.count * row_values;
  check_fits_in_memory(checked_mul(kept, sizeof(float) * 3, "the .npy values"), source,
                       fmt::format("the .npy array ({} values, as floats)", kept));

  array.values.resize(static_cast<std::size_t>(kept));
  const std::vector<std::size_t> order =
      fortran ? fortran_to_c(array.shape, array.values.size()) : std::vector<std::size_t>{};
  const unsigned char* data = bytes.data() + data_start + first * dtype.size;
  constexpr double kFloatMax = std::numeric_limits<float>::max();
  for (std::size_t i = 0; i < array.values.size(); ++i) {
    const double value = element(data + i * dtype.size, dtype);
    check(std::isfinite(value) && std::fabs(value) <= kFloatMax,
          "'{}': element {} (in file order) is {}; only finite values within float range are "
          "accepted",
          source, first + i, value);
    array.values[fortran ? order[i] : i] = static_cast<float>(value);
  }
  if (parts > 1 && !array.shape.empty()) {
    array.whole_rows = array.shape[0];
    if (fortran) {  // decoded whole: keep the block's rows
      rows = distributed::block(array.shape[0], part, parts);
      array.values.erase(array.values.begin() +
                             static_cast<std::ptrdiff_t>((rows.begin + rows.count) * row_values),
                         array.values.end());
      array.values.erase(array.values.begin(), array.values.begin() + static_cast<std::ptrdiff_t>(
                                                                          rows.begin * row_values));
      array.values.shrink_to_fit();
    }
    array.shape[0] = rows.count;
  }
  return array;
}

NpyArray read_npy(const std::string& path) { return parse_npy(read_file_bytes(path), path); }

}  // namespace axon
