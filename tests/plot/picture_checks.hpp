// Checks on written pictures without decoding them: a PNG's size from its IHDR chunk and the
// bytes of its compressed image data (a one-colour picture compresses to almost nothing), and an
// SVG's overall well-formedness (XML prolog or <svg>, every tag closed in order, ends </svg>).
#pragma once

#include <gtest/gtest.h>

#include <cstddef>
#include <cstdint>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "axon/plot/gnuplot.hpp"
#include "io/temp_dir.hpp"

namespace axon::test {

struct PngInfo {
  bool valid = false;  ///< signature and IHDR found
  std::uint32_t width = 0;
  std::uint32_t height = 0;
  std::size_t image_data_bytes = 0;  ///< total length of the IDAT chunks
};

inline std::uint32_t big_endian(const std::vector<unsigned char>& b, std::size_t at) {
  return (std::uint32_t{b[at]} << 24) | (std::uint32_t{b[at + 1]} << 16) |
         (std::uint32_t{b[at + 2]} << 8) | std::uint32_t{b[at + 3]};
}

inline PngInfo read_png_info(const std::string& path) {
  const std::vector<unsigned char> b = read_bytes(path);
  const unsigned char signature[8] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
  PngInfo info;
  if (b.size() < 33 || !std::equal(signature, signature + 8, b.begin())) return info;
  if (std::string(b.begin() + 12, b.begin() + 16) != "IHDR") return info;
  info.valid = true;
  info.width = big_endian(b, 16);
  info.height = big_endian(b, 20);
  for (std::size_t at = 8; at + 8 <= b.size();) {
    const std::uint32_t length = big_endian(b, at);
    if (std::string(b.begin() + at + 4, b.begin() + at + 8) == "IDAT")
      info.image_data_bytes += length;
    at += 12 + length;  // length, type, data, CRC
  }
  return info;
}

/// A valid PNG of `width` x `height` whose compressed pixels exceed `min_data_bytes`.
inline void expect_png(const std::string& path, std::uint32_t width, std::uint32_t height,
                       std::size_t min_data_bytes = 8000) {
  const PngInfo info = read_png_info(path);
  ASSERT_TRUE(info.valid) << path << " is not a PNG";
  EXPECT_EQ(info.width, width) << path;
  EXPECT_EQ(info.height, height) << path;
  EXPECT_GT(info.image_data_bytes, min_data_bytes) << path << " looks blank";
}

inline std::string read_text_file(const std::string& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

/// Empty when `text` is well-formed enough: starts with <?xml or <svg, every start tag closed by a
/// matching end tag in order, ends with </svg>. Otherwise what is wrong.
inline std::string svg_problem(const std::string& text) {
  if (!(text.starts_with("<?xml") || text.starts_with("<svg"))) return "no <?xml or <svg start";
  std::vector<std::string> open;
  std::size_t at = 0;
  while ((at = text.find('<', at)) != std::string::npos) {
    if (text.compare(at, 4, "<!--") == 0) {
      at = text.find("-->", at);
      if (at == std::string::npos) return "unclosed comment";
      continue;
    }
    if (text.compare(at, 9, "<![CDATA[") == 0) {
      at = text.find("]]>", at);
      if (at == std::string::npos) return "unclosed CDATA";
      continue;
    }
    const std::size_t end = text.find('>', at);
    if (end == std::string::npos) return "unclosed tag";
    const std::string tag = text.substr(at + 1, end - at - 1);
    at = end + 1;
    if (tag.starts_with("?") || tag.starts_with("!")) continue;
    if (tag.ends_with("/")) continue;
    const bool closing = tag.starts_with("/");
    const std::string name =
        tag.substr(closing ? 1 : 0, tag.find_first_of(" \t\r\n") - (closing ? 1 : 0));
    if (closing) {
      if (open.empty() || open.back() != name) return "</" + name + "> closes nothing open";
      open.pop_back();
    } else {
      open.push_back(name);
    }
  }
  if (!open.empty()) return "<" + open.back() + "> is never closed";
  const std::size_t last = text.find_last_not_of(" \t\r\n");
  if (!text.substr(0, last + 1).ends_with("</svg>")) return "does not end with </svg>";
  return "";
}

/// Lines of a text file (the CSV beside a picture).
inline std::vector<std::string> read_lines(const std::string& path) {
  std::ifstream in(path);
  std::vector<std::string> lines;
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

#define AXON_SKIP_WITHOUT_GNUPLOT() \
  if (!::axon::plot::gnuplot_available()) GTEST_SKIP() << "gnuplot is not installed"

}  // namespace axon::test
