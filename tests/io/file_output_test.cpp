// Outputs that cannot hurt: write_file_atomically never writes through a planted link, never
// replaces a link, device, pipe or directory, leaves no temporary file behind, and two writers of
// one file each rename a whole file.
#include "axon/io/file_bytes.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

#include "io/temp_dir.hpp"
#include "support/error_text.hpp"

namespace axon {
namespace {

using test::error_of;
using ::testing::HasSubstr;

std::span<const unsigned char> bytes_of(const std::string& text) {
  return {reinterpret_cast<const unsigned char*>(text.data()), text.size()};
}

std::string contents(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

std::size_t files_in(const std::filesystem::path& dir) {
  return static_cast<std::size_t>(std::distance(std::filesystem::directory_iterator(dir),
                                                std::filesystem::directory_iterator()));
}

TEST(FileOutput, APlantedTemporaryLinkIsNeverFollowed) {
  test::TempDir dir;
  const std::string victim = dir.write("victim", "precious");
  std::filesystem::create_symlink(victim, dir.file("m.axon.tmp"));
  write_file_atomically(dir.file("m.axon"), bytes_of("model"));
  EXPECT_EQ(contents(victim), "precious");
  EXPECT_EQ(contents(dir.file("m.axon")), "model");
  EXPECT_EQ(files_in(dir.path()), 3u);  // victim, the planted link, the model: no temporary
}

TEST(FileOutput, RefusesToReplaceAnythingButARegularFile) {
  test::TempDir dir;
  const std::string target = dir.write("target", "data");
  std::filesystem::create_symlink(target, dir.file("link"));
  EXPECT_THAT(error_of([&] { write_file_atomically(dir.file("link"), bytes_of("x")); }),
              HasSubstr("is a symbolic link: refusing to replace it"));
  EXPECT_EQ(contents(target), "data");
  ASSERT_EQ(::mkfifo(dir.file("fifo").c_str(), 0644), 0);
  EXPECT_THAT(error_of([&] { write_file_atomically(dir.file("fifo"), bytes_of("x")); }),
              HasSubstr("is not a regular file (a device, pipe or socket)"));
  EXPECT_THAT(error_of([&] { write_file_atomically("/dev/null", bytes_of("x")); }),
              HasSubstr("'/dev/null' is not a regular file"));
  std::filesystem::create_directory(dir.file("sub"));
  EXPECT_THAT(error_of([&] { write_file_atomically(dir.file("sub"), bytes_of("x")); }),
              HasSubstr("is a directory, not a file"));
  EXPECT_EQ(files_in(dir.path()), 4u);  // nothing left behind by the refusals
}

TEST(FileOutput, AnUnwritableDirectoryFailsNamingTheFile) {
  test::TempDir dir;
  EXPECT_THAT(
      error_of([&] { write_file_atomically(dir.file("no/such/dir/m.axon"), bytes_of("x")); }),
      HasSubstr("cannot write a temporary file beside"));
}

TEST(FileOutput, ConcurrentWritersEachRenameAWholeFile) {
  test::TempDir dir;
  const std::string path = dir.file("checkpoint.axon");
  const std::string a(100000, 'a'), b(100000, 'b');
  std::vector<std::string> errors(2);
  auto writer = [&](const std::string& text, std::string& error) {
    for (int i = 0; i < 50; ++i)
      error +=
          error_of([&] { write_file_atomically(path, bytes_of(text)); }) == "(no error)" ? "" : "x";
  };
  std::thread first(writer, std::cref(a), std::ref(errors[0]));
  std::thread second(writer, std::cref(b), std::ref(errors[1]));
  first.join();
  second.join();
  EXPECT_EQ(errors[0], "");
  EXPECT_EQ(errors[1], "");
  const std::string last = contents(path);
  EXPECT_TRUE(last == a || last == b);
  EXPECT_EQ(files_in(dir.path()), 1u);
}

}  // namespace
}  // namespace axon
