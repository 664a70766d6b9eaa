// A checkpoint in use is locked: a second owner is refused with the first one's process id, the
// lock file goes with its owner, and a lock left by a process that died does not block anyone.
// Also the registry of temporaries a signal handler removes, and is_same_file.
#include "axon/io/file_lock.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "axon/io/file_bytes.hpp"
#include "axon/io/temporary_files.hpp"
#include "io/temp_dir.hpp"
#include "support/error_text.hpp"

namespace axon {
namespace {

using test::error_of;
using ::testing::HasSubstr;

TEST(FileLock, ASecondOwnerIsRefusedWithTheFirstOnesProcessId) {
  test::TempDir dir;
  const std::string checkpoint = dir.file("run.ckpt");
  FileLock first(checkpoint, "--checkpoint");
  EXPECT_TRUE(std::filesystem::exists(lock_path_for(checkpoint)));
  const std::string message = error_of([&] { FileLock second(checkpoint, "--checkpoint"); });
  EXPECT_THAT(message, HasSubstr("--checkpoint '" + checkpoint + "' is in use by another run"));
  EXPECT_THAT(message, HasSubstr("process " + std::to_string(::getpid())));
}

TEST(FileLock, TheLockFileGoesWithItsOwnerAndTheNextOneTakesIt) {
  test::TempDir dir;
  const std::string checkpoint = dir.file("run.ckpt");
  { FileLock first(checkpoint, "--checkpoint"); }
  EXPECT_FALSE(std::filesystem::exists(lock_path_for(checkpoint)));
  FileLock second(checkpoint, "--checkpoint");
  EXPECT_TRUE(std::filesystem::exists(lock_path_for(checkpoint)));
}

TEST(FileLock, ALockLeftByAProcessThatDiedDoesNotBlock) {
  test::TempDir dir;
  const std::string checkpoint = dir.file("run.ckpt");
  const pid_t child = ::fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    new FileLock(checkpoint, "--checkpoint");  // never released: the process just ends
    ::_exit(0);
  }
  int status = 0;
  ASSERT_EQ(::waitpid(child, &status, 0), child);
  ASSERT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0);
  EXPECT_TRUE(std::filesystem::exists(lock_path_for(checkpoint)));  // left behind, unlocked
  FileLock next(checkpoint, "--checkpoint");
  SUCCEED();
}

TEST(FileLock, ALinkPlantedAsTheLockFileIsNotFollowed) {
  test::TempDir dir;
  const std::string victim = dir.write("victim", std::string("keep me"));
  const std::string checkpoint = dir.file("run.ckpt");
  std::filesystem::create_symlink(victim, lock_path_for(checkpoint));
  EXPECT_THAT(error_of([&] { FileLock lock(checkpoint, "--checkpoint"); }),
              HasSubstr("cannot create the lock file"));
  std::ifstream in(victim);
  std::string text;
  std::getline(in, text);
  EXPECT_EQ(text, "keep me");
}

TEST(TemporaryFiles, RecordedTemporariesAreRemovedAtOnceAndForgottenOnes) {
  test::TempDir dir;
  const std::string kept = dir.write("kept.tmp", std::string("x"));
  const std::string removed = dir.write("removed.tmp", std::string("x"));
  const int before = temporaries_in_progress();
  register_temporary(kept);
  {
    TemporaryRegistration registration(removed);
    EXPECT_EQ(temporaries_in_progress(), before + 2);
    forget_temporary(kept);
    remove_temporaries_now();
  }
  EXPECT_EQ(temporaries_in_progress(), before);
  EXPECT_TRUE(std::filesystem::exists(kept));
  EXPECT_FALSE(std::filesystem::exists(removed));
}

TEST(TemporaryFiles, AnAtomicWriteLeavesNothingRecorded) {
  test::TempDir dir;
  const int before = temporaries_in_progress();
  const std::string text = "bytes";
  write_file_atomically(dir.file("out"),
                        {reinterpret_cast<const unsigned char*>(text.data()), text.size()});
  EXPECT_EQ(temporaries_in_progress(), before);
}

TEST(SameFile, OneFileUnderEveryNameItHas) {
  test::TempDir dir;
  const std::string data = dir.write("d.csv", std::string("1,2\n"));
  std::filesystem::create_symlink(data, dir.file("link.csv"));
  std::filesystem::create_hard_link(data, dir.file("hard.csv"));
  const std::string other = dir.write("other.csv", std::string("1,2\n"));
  EXPECT_TRUE(is_same_file(data, dir.path().string() + "/./d.csv"));
  EXPECT_TRUE(is_same_file(data, dir.file("link.csv")));
  EXPECT_TRUE(is_same_file(data, dir.file("hard.csv")));
  EXPECT_FALSE(is_same_file(data, other));
  EXPECT_FALSE(is_same_file(data, dir.file("missing.csv")));
}

}  // namespace
}  // namespace axon
