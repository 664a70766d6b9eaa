// Memory and meaning under pressure: the built `axon` under an address-space limit (set between
// fork and exec, as `prlimit --as` or `ulimit -v` do) exits with a message, never hangs in
// OpenBLAS; gzip and pipe input is bounded while it grows; a pipe is read once; a model whose
// values overflow together is refused instead of printing NaN.
#include <gtest/gtest.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <zlib.h>

#include <chrono>
#include <cmath>
#include <thread>

#include "axon/io/csv_reader.hpp"
#include "axon/io/idx_reader.hpp"
#include "axon/io/model_file.hpp"
#include "axon/model/sequential.hpp"
#include "axon/tensor/memory_budget.hpp"
#include "io/temp_dir.hpp"
#include "reliability/process.hpp"
#include "support/error_text.hpp"
#include "support/idx_bytes.hpp"

#if defined(__SANITIZE_ADDRESS__)
#define AXON_TEST_SANITIZED 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define AXON_TEST_SANITIZED 1
#endif
#endif
#ifndef AXON_TEST_SANITIZED
#define AXON_TEST_SANITIZED 0
#endif

namespace axon {
namespace {

using test::error_of;
using test::read_text;

constexpr std::uint64_t kMegabyte = std::uint64_t{1} << 20;
// Far above a normal run (under a second), so a loaded machine does not pass for a hang.
constexpr auto kTimeout = std::chrono::seconds(60);

struct LimitedRun {
  int exit_code = -1;
  int signal = 0;
  bool hung = false;
  std::string out, err;
};

// `axon arguments...` with RLIMIT_AS = `limit` bytes, killed if it runs past kTimeout.
LimitedRun run_limited(const std::vector<std::string>& arguments, std::uint64_t limit,
                       const test::TempDir& dir) {
  std::vector<std::string> words = {test::axon_binary()};
  words.insert(words.end(), arguments.begin(), arguments.end());
  std::vector<char*> argv;
  for (std::string& w : words) argv.push_back(w.data());
  argv.push_back(nullptr);
  const std::string out = dir.file("limited.out"), err = dir.file("limited.err");
  const pid_t pid = fork();
  if (pid == 0) {  // only async-signal-safe calls until exec
    const rlimit as{limit, limit};
    setrlimit(RLIMIT_AS, &as);
    const int out_fd = open(out.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    const int err_fd = open(err.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    dup2(out_fd, 1);
    dup2(err_fd, 2);
    execv(argv[0], argv.data());
    _exit(127);
  }
  LimitedRun run;
  const auto deadline = std::chrono::steady_clock::now() + kTimeout;
  int status = 0;
  while (waitpid(pid, &status, WNOHANG) == 0) {
    if (std::chrono::steady_clock::now() > deadline) {
      kill(pid, SIGKILL);
      waitpid(pid, &status, 0);
      run.hung = true;
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  if (!run.hung && WIFSIGNALED(status)) run.signal = WTERMSIG(status);
  if (!run.hung && WIFEXITED(status)) run.exit_code = WEXITSTATUS(status);
  run.out = read_text(out);
  run.err = read_text(err);
  return run;
}

class AddressSpaceLimit : public ::testing::Test {
 protected:
  void SetUp() override {
    if (AXON_TEST_SANITIZED)
      GTEST_SKIP() << "AddressSanitizer reserves terabytes of address space: an address-space "
                      "limit cannot be tested under it";
    // A small model and four rows to predict, made without a limit.
    model_ = dir_.file("m.axon");
    const test::ProcessResult trained =
        test::run_axon({"train", "--data", "blobs:samples=40", "--layers", "auto", "4", "auto",
                        "--epochs", "2", "--save", model_},
                       dir_.file("train.out"), dir_.file("train.err"));
    ASSERT_EQ(trained.exit_code, 0) << read_text(dir_.file("train.err"));
    input_ = dir_.write("in.csv", "0.1,0.2,0.3,0.4\n1,1,1,1\n0,0,0,0\n0.5,0.5,0.5,0.5\n");
  }

  test::TempDir dir_;
  std::string model_, input_;
};

TEST_F(AddressSpaceLimit, EveryCommandExitsWithAMessageAndNeverHangs) {
  const std::vector<std::vector<std::string>> commands = {
      {"predict", "--model", model_, "--input", input_},
      {"eval", "--model", model_, "--data", "blobs"},
      {"train", "--data", "blobs:samples=2000", "--layers", "auto", "256", "auto", "--epochs", "2",
       "--threads", "2"},
      {"train", "--data", "classification:samples=20000,features=20", "--epochs", "1"}};
  int refused = 0, succeeded = 0;
  for (const std::uint64_t megabytes : {60, 120, 200, 300, 400, 600, 1000}) {
    for (const auto& command : commands) {
      const LimitedRun run = run_limited(command, megabytes * kMegabyte, dir_);
      const std::string what = fmt::format("{} under {} MB", command[0], megabytes);
      ASSERT_FALSE(run.hung) << what << " ran for " << kTimeout.count() << " s: " << run.err;
      ASSERT_EQ(run.signal, 0) << what << " was killed by signal " << run.signal << ": " << run.err;
      if (run.exit_code == 0) {
        ++succeeded;
        continue;
      }
      ++refused;
      EXPECT_EQ(run.exit_code, 2) << what << ": " << run.err;
      EXPECT_TRUE(run.err.starts_with("axon: error: ")) << what << ": " << run.err;
      EXPECT_NE(run.err.find("memory"), std::string::npos) << what << ": " << run.err;
      EXPECT_NE(run.err.find("address-space limit"), std::string::npos) << what << ": " << run.err;
    }
  }
  // The smallest limits leave no room, the largest enough: both ends are exercised.
  EXPECT_GT(refused, 0);
  EXPECT_GT(succeeded, 0);
  const LimitedRun roomy =
      run_limited({"predict", "--model", model_, "--input", input_}, 1000 * kMegabyte, dir_);
  EXPECT_EQ(roomy.exit_code, 0) << roomy.err;
  EXPECT_EQ(std::count(roomy.out.begin(), roomy.out.end(), '\n'), 5);  // header and 4 rows
}

// Lowers this process's RLIMIT_AS to `headroom` above its current size while it lives.
class AddressSpaceScope {
 public:
  explicit AddressSpaceScope(std::uint64_t headroom) {
    getrlimit(RLIMIT_AS, &saved_);
    std::ifstream statm("/proc/self/statm");
    std::uint64_t pages = 0;
    statm >> pages;
    const rlimit lowered{pages * static_cast<std::uint64_t>(sysconf(_SC_PAGESIZE)) + headroom,
                         saved_.rlim_max};
    setrlimit(RLIMIT_AS, &lowered);
  }
  ~AddressSpaceScope() { setrlimit(RLIMIT_AS, &saved_); }
  AddressSpaceScope(const AddressSpaceScope&) = delete;
  AddressSpaceScope& operator=(const AddressSpaceScope&) = delete;

 private:
  rlimit saved_{};
};

TEST(MemoryBudget, KnowsTheAddressSpaceLimit) {
  if (AXON_TEST_SANITIZED) GTEST_SKIP() << "an address-space limit cannot be tested under ASan";
  const AddressSpaceScope scope(300 * kMegabyte);
  const std::optional<MemoryBudget> budget = memory_budget();
  ASSERT_TRUE(budget.has_value());
  EXPECT_EQ(budget->limit, "the address-space limit, ulimit -v");
  EXPECT_GT(budget->bytes, 250 * kMegabyte);
  EXPECT_LE(budget->bytes, 301 * kMegabyte);  // the process may shrink meanwhile
  EXPECT_EQ(error_of([] {
              check_fits_in_memory(std::uint64_t{1} << 30, "f.csv", "reading it");
            }).substr(0, 54),
            "'f.csv': reading it needs 1.07 GB of memory, but only ");
}

std::vector<unsigned char> gzip(const std::string& text, std::size_t copies) {
  z_stream stream{};
  deflateInit2(&stream, 9, Z_DEFLATED, 16 + MAX_WBITS, 8, Z_DEFAULT_STRATEGY);
  std::vector<unsigned char> out(1 << 16);
  std::size_t produced = 0;
  for (std::size_t i = 0; i <= copies; ++i) {
    stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(text.data()));
    stream.avail_in = i < copies ? static_cast<uInt>(text.size()) : 0;
    const int flush = i < copies ? Z_NO_FLUSH : Z_FINISH;
    do {
      if (out.size() - produced < (1 << 15)) out.resize(out.size() * 2);
      stream.next_out = out.data() + produced;
      stream.avail_out = static_cast<uInt>(out.size() - produced);
      deflate(&stream, flush);
      produced = out.size() - stream.avail_out;
    } while (stream.avail_out == 0 || (flush == Z_FINISH && stream.avail_in > 0));
  }
  deflateEnd(&stream);
  out.resize(produced);
  return out;
}

TEST(BoundedStreams, GzipIdxStopsAtTheSizeItsHeaderDeclares) {
  test::TempDir dir;
  // A header for 10 images of 2 x 2 pixels, then 1 MB of zeros: about 1 kB compressed.
  std::vector<unsigned char> header = test::idx_bytes({10, 2, 2});
  std::string body(reinterpret_cast<const char*>(header.data()), header.size());
  body.append(1 << 20, '\0');
  const std::vector<unsigned char> bomb = gzip(body, 1);
  const std::string path = dir.write("bomb-idx3-ubyte.gz", bomb);
  EXPECT_LT(bomb.size(), 8000u);
  EXPECT_EQ(error_of([&] { read_idx(path); }),
            "'" + path + "': the gzip data holds more than the 56 bytes its header declares");
}

TEST(BoundedStreams, GzipCsvThatWouldNotFitFailsWhileInflating) {
  if (AXON_TEST_SANITIZED) GTEST_SKIP() << "an address-space limit cannot be tested under ASan";
  test::TempDir dir;
  // 128 MB of "0,0\n" in about 130 kB: 5 bytes of memory per byte read exceed 300 MB early.
  const std::string path = dir.write("bomb.csv.gz", gzip(std::string(1 << 20, '0') + "\n", 128));
  const AddressSpaceScope scope(300 * kMegabyte);
  const std::string message = error_of([&] { read_csv(path); });
  EXPECT_NE(message.find("'" + path + "': inflating the gzip data to "), std::string::npos)
      << message;
  EXPECT_NE(message.find("(the address-space limit, ulimit -v)"), std::string::npos) << message;
}

TEST(BoundedStreams, PredictReadsAPipeOnce) {
  test::TempDir dir;
  const std::string model = dir.file("m.axon");
  ASSERT_EQ(
      test::run_axon({"train", "--data", "blobs:samples=40", "--epochs", "1", "--save", model},
                     dir.file("t.out"), dir.file("t.err"))
          .exit_code,
      0);
  const std::string fifo = dir.file("rows.fifo");
  ASSERT_EQ(mkfifo(fifo.c_str(), 0600), 0);
  const pid_t pid = test::start_axon({"predict", "--model", model, "--input", fifo},
                                     dir.file("p.out"), dir.file("p.err"));
  ASSERT_GT(pid, 0);
  {
    std::ofstream rows(fifo);  // opens once axon opens it for reading
    rows << "0.1,0.2,0.3,0.4\n1,1,1,1\n0,0,0,0\n";
  }
  const test::ProcessResult result = test::wait_for(pid);
  EXPECT_EQ(result.exit_code, 0) << read_text(dir.file("p.err"));
  const std::string out = read_text(dir.file("p.out"));
  EXPECT_EQ(std::count(out.begin(), out.end(), '\n'), 4) << out;  // header and 3 rows
}

TEST(MeaninglessValues, PredictionsThatOverflowAreAnError) {
  test::TempDir dir;
  const std::string model = dir.file("m.axon"), huge = dir.file("huge.axon");
  ASSERT_EQ(
      test::run_axon({"train", "--data", "blobs:samples=40", "--epochs", "1", "--save", model},
                     dir.file("t.out"), dir.file("t.err"))
          .exit_code,
      0);
  LoadedModel loaded = load_model(model);
  for (float& w : loaded.model.parameters().values()) w = 3e38f;
  save_model(huge, loaded.model, loaded.info);  // every weight finite, each product overflows
  const std::string input = dir.write("in.csv", "1,1,1,1\n");
  const test::ProcessResult result = test::run_axon({"predict", "--model", huge, "--input", input},
                                                    dir.file("p.out"), dir.file("p.err"));
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_NE(read_text(dir.file("p.err")).find("row 1: the model's output is NaN or infinite"),
            std::string::npos)
      << read_text(dir.file("p.err"));
  EXPECT_EQ(read_text(dir.file("p.out")), "");
}

TEST(MeaninglessValues, StandardizationScalesMustBeBounded) {
  test::TempDir dir;
  Sequential model = Sequential::mlp({2, 1}, {.output = "sigmoid"});
  model.compile(make_loss("bce"), make_optimizer("sgd", 0.1f));
  model.build(2);
  ModelInfo info;
  info.preprocessing.mean = {0.0f, 1e20f};
  info.preprocessing.stddev = {1.0f, 1e-20f};  // (x - 1e20) / 1e-20 overflows every input
  const std::string path = dir.file("scaled.axon");
  save_model(path, model, info);
  const std::string message = error_of([&] { load_model(path); });
  EXPECT_NE(message.find("feature 2 has mean 1e+20 and standard deviation 1e-20: a standard "
                         "deviation must be between 1e-30 and 1e+30"),
            std::string::npos)
      << message;
}

}  // namespace
}  // namespace axon
