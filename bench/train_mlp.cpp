// train_mlp: trains the seed MLP on Fashion-MNIST with axon and prints one JSON line of timings
// (seconds per epoch, test accuracy, peak RSS, inference throughput); with --gemm-bound it times
// only the matrix products one epoch of that training needs; with --latency the time of single
// Sequential::predict calls on 1 and on 64 test images. Run by bench/compare_pytorch.
#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "axon/axon.hpp"
#include "axon/io/idx_reader.hpp"
#include "axon/optimizers/adam.hpp"
#include "axon/tensor/gemm_bf16.hpp"

namespace {

using Clock = std::chrono::steady_clock;

struct Options {
  std::string data = "/usr/share/datasets/fashion-mnist";
  std::size_t epochs = 3;
  std::size_t batch = 128;
  std::vector<std::size_t> hidden = {128, 64};
  int threads = 2;
  std::uint64_t seed = 42;
  std::size_t train_limit = 0;  // 0: every training sample
  bool predict = false;         // also time Sequential::predict on the test set
  bool gemm_bound = false;      // time the matrix products only, no training
  std::size_t bound_reps = 5;
  bool latency = false;  // time single predict calls (batches of 1 and of 64), no training
  std::size_t latency_calls = 2000;
  std::string matmul = "auto";  // auto, fp32 or bf16 (AMX), as axon train's --matmul
  bool prefetch = true;         // the loader gathers the next batch on its own thread
  bool breakdown = false;       // time each part of the training steps of one epoch
};

[[noreturn]] void usage(const std::string& message) {
  std::cerr << message << "\n"
            << "usage: train_mlp [--data DIR] [--epochs N] [--batch N] [--hidden 128,64]\n"
            << "                 [--threads N] [--seed N] [--train-limit N] [--predict]\n"
            << "                 [--gemm-bound [--bound-reps N]] [--matmul auto|fp32|bf16]\n"
            << "                 [--latency [--latency-calls N]]\n";
  std::exit(2);
}

std::vector<std::size_t> parse_sizes(const std::string& text) {
  std::vector<std::size_t> sizes;
  std::size_t start = 0;
  while (start <= text.size()) {
    const std::size_t comma = std::min(text.find(',', start), text.size());
    sizes.push_back(std::stoul(text.substr(start, comma - start)));
    start = comma + 1;
  }
  return sizes;
}

Options parse(int argc, char** argv) {
  Options o;
  for (int i = 1; i < argc; ++i) {
    const std::string flag = argv[i];
    auto value = [&]() -> std::string {
      if (i + 1 >= argc) usage(flag + " needs a value");
      return argv[++i];
    };
    if (flag == "--data")
      o.data = value();
    else if (flag == "--epochs")
      o.epochs = std::stoul(value());
    else if (flag == "--batch")
      o.batch = std::stoul(value());
    else if (flag == "--hidden")
      o.hidden = parse_sizes(value());
    else if (flag == "--threads")
      o.threads = std::stoi(value());
    else if (flag == "--seed")
      o.seed = std::stoull(value());
    else if (flag == "--train-limit")
      o.train_limit = std::stoul(value());
    else if (flag == "--predict")
      o.predict = true;
    else if (flag == "--gemm-bound")
      o.gemm_bound = true;
    else if (flag == "--bound-reps")
      o.bound_reps = std::stoul(value());
    else if (flag == "--matmul")
      o.matmul = value();
    else if (flag == "--latency")
      o.latency = true;
    else if (flag == "--no-prefetch")
      o.prefetch = false;
    else if (flag == "--breakdown")
      o.breakdown = true;
    else if (flag == "--latency-calls")
      o.latency_calls = std::stoul(value());
    else
      usage("unknown flag " + flag);
  }
  if (o.epochs == 0 || o.batch == 0 || o.threads < 1 || o.latency_calls == 0)
    usage("epochs, batch, threads and latency calls must be > 0");
  return o;
}

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  const std::size_t n = v.size();
  return n % 2 == 1 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]);
}

double seconds_since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

double peak_rss_mib() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return static_cast<double>(usage.ru_maxrss) / 1024.0;  // ru_maxrss is in KiB on Linux
}

double current_rss_mib() {
  std::ifstream statm("/proc/self/statm");
  std::size_t pages = 0, resident = 0;
  statm >> pages >> resident;
  return static_cast<double>(resident) * 4096.0 / (1024.0 * 1024.0);
}

std::string json_list(const std::vector<double>& values) {
  std::string out = "[";
  for (std::size_t i = 0; i < values.size(); ++i)
    out += fmt::format("{}{:.4f}", i == 0 ? "" : ", ", values[i]);
  return out + "]";
}

// One matrix product of a training step, in the arguments Dense passes to axon::gemm.
struct Product {
  axon::Transpose ta, tb;
  std::size_t m, n, k;
  axon::SplitSide side = axon::SplitSide::kLonger;
};

// The products of one step on a batch of `n`: per dense layer Z = X W^T and dW += dZ^T X, and
// dX = dZ W for every layer but the first (as in Dense::forward/backward, cut into chunks along
// the same sides).
std::vector<Product> step_products(const std::vector<std::size_t>& sizes, std::size_t n) {
  using axon::Transpose;
  std::vector<Product> products;
  for (std::size_t l = 0; l + 1 < sizes.size(); ++l) {
    const std::size_t in = sizes[l], out = sizes[l + 1];
    products.push_back({Transpose::kNo, Transpose::kYes, n, out, in, axon::SplitSide::kColumns});
    products.push_back({Transpose::kYes, Transpose::kNo, out, in, n, axon::SplitSide::kRows});
    if (l > 0) products.push_back({Transpose::kNo, Transpose::kNo, n, in, out});
  }
  return products;
}

// Seconds for the products of one epoch (full batches, then the remainder batch), at `threads`.
double time_gemm_epoch(const std::vector<std::size_t>& sizes, std::size_t samples,
                       std::size_t batch, int threads) {
  axon::set_num_threads(threads);
  const std::size_t full = samples / batch, rest = samples % batch;
  std::vector<std::vector<Product>> shapes = {step_products(sizes, batch)};
  if (rest > 0) shapes.push_back(step_products(sizes, rest));
  std::vector<std::vector<float>> a, b, c;
  axon::Rng rng(1);
  for (const Product& p : shapes[0]) {
    a.emplace_back(p.m * p.k);
    b.emplace_back(p.k * p.n);
    c.emplace_back(p.m * p.n, 0.0f);
    for (float& x : a.back()) x = rng.uniform(-1.0f, 1.0f);
    for (float& x : b.back()) x = rng.uniform(-0.1f, 0.1f);
  }
  auto run_step = [&](const std::vector<Product>& step) {
    for (std::size_t i = 0; i < step.size(); ++i) {
      const Product& p = step[i];
      const bool ta = p.ta == axon::Transpose::kYes, tb = p.tb == axon::Transpose::kYes;
      axon::gemm(p.ta, p.tb, p.m, p.n, p.k, 1.0f, a[i].data(), ta ? p.m : p.k, b[i].data(),
                 tb ? p.k : p.n, 0.0f, c[i].data(), p.n, p.side);
    }
  };
  for (std::size_t s = 0; s < std::min<std::size_t>(full, 20); ++s) run_step(shapes[0]);  // warm
  const auto start = Clock::now();
  for (std::size_t s = 0; s < full; ++s) run_step(shapes[0]);
  if (rest > 0) run_step(shapes[1]);
  return seconds_since(start);
}

int run_gemm_bound(const Options& o, const std::vector<std::size_t>& sizes, std::size_t samples) {
  // Best of 1 and 2 threads (for these small products one thread can win), median over reps,
  // the two thread counts alternating.
  std::vector<double> one, two;
  for (std::size_t r = 0; r < o.bound_reps; ++r) {
    one.push_back(time_gemm_epoch(sizes, samples, o.batch, 1));
    if (o.threads > 1) two.push_back(time_gemm_epoch(sizes, samples, o.batch, o.threads));
  }
  const double m1 = median(one), m2 = two.empty() ? m1 : median(two);
  double flops = 0.0;
  for (const Product& p : step_products(sizes, 1)) flops += 2.0 * p.m * p.n * p.k;
  flops *= static_cast<double>(samples);  // each product is linear in the batch size
  fmt::print(
      "{{\"system\": \"gemm_bound\", \"matmul\": \"{}\", \"batch\": {}, \"sizes\": \"{}\", "
      "\"samples\": {}, "
      "\"epoch_s_1_thread\": {:.4f}, \"epoch_s_{}_threads\": {:.4f}, \"epoch_s\": {:.4f}, "
      "\"gflops\": {:.1f}}}\n",
      o.matmul, o.batch, fmt::join(sizes, "-"), samples, m1, o.threads, m2, std::min(m1, m2),
      flops / std::min(m1, m2) * 1e-9);
  return 0;
}

double percentile(std::vector<double> v, double p) {
  std::sort(v.begin(), v.end());
  const auto i = static_cast<std::size_t>(p * static_cast<double>(v.size() - 1) + 0.5);
  return v[std::min(i, v.size() - 1)];
}

// Microseconds of each of `calls` Sequential::predict calls on the first `rows` test images, after
// as many untimed calls as a tenth of them.
std::vector<double> predict_call_us(axon::Sequential& model, const axon::Tensor& images,
                                    std::size_t rows, std::size_t calls) {
  axon::Tensor x(axon::Shape{rows, images.cols()});
  std::copy_n(images.data(), x.size(), x.data());
  std::vector<double> us;
  for (std::size_t c = 0; c < calls / 10 + 1; ++c) model.predict(x);
  for (std::size_t c = 0; c < calls; ++c) {
    const auto start = Clock::now();
    const axon::Tensor out = model.predict(x);
    us.push_back(seconds_since(start) * 1e6);
    if (out.rows() != rows) throw std::runtime_error("predict returned the wrong number of rows");
  }
  return us;
}

// The latency of predict on the seed MLP (its initial weights: the time does not depend on them),
// batches of 1 and of 64, p50 and p99 over the calls.
int run_latency(const Options& o, const std::vector<std::size_t>& sizes) {
  axon::set_num_threads(o.threads);
  const axon::Dataset test = axon::read_idx_dataset(o.data + "/t10k-images-idx3-ubyte.gz",
                                                    o.data + "/t10k-labels-idx1-ubyte.gz");
  axon::Sequential model =
      axon::Sequential::mlp(sizes, {.activation = "relu", .output = "softmax", .seed = o.seed});
  std::string fields;
  for (const std::size_t rows : {std::size_t{1}, std::size_t{64}}) {
    const std::vector<double> us = predict_call_us(model, test.inputs, rows, o.latency_calls);
    fields += fmt::format(", \"p50_us_{}\": {:.2f}, \"p99_us_{}\": {:.2f}", rows,
                          percentile(us, 0.5), rows, percentile(us, 0.99));
  }
  fmt::print("{{\"system\": \"axon\", \"matmul\": \"{}\", \"threads\": {}, \"calls\": {}{}}}\n",
             o.matmul, o.threads, o.latency_calls, fields);
  return 0;
}

// One epoch of the training step written out (as Sequential::train_step and Trainer::fit run
// it), each part timed on its own: where an epoch's time goes, measured inside training rather
// than in a loop of its own (the products run slower between the other parts of a step, whose
// data push theirs out of the caches). Prints one JSON line of microseconds per step.
int run_breakdown(const Options& o, const std::vector<std::size_t>& sizes,
                  const axon::Dataset& train) {
  axon::set_num_threads(o.threads);
  axon::Sequential model =
      axon::Sequential::mlp(sizes, {.activation = "relu", .output = "softmax", .seed = o.seed});
  model.compile(axon::make_loss("cross_entropy"),
                std::make_unique<axon::Adam>(axon::AdamOptions{.learning_rate = 0.001f}));
  model.build(sizes.front());
  axon::DataLoader loader(train, {.batch_size = o.batch, .shuffle = true, .prefetch = o.prefetch},
                          model.rng());
  axon::Loss& loss = *model.loss();
  std::vector<std::string> names = {"gather", "zero_grad"};
  for (std::size_t i = 0; i < model.size(); ++i)
    names.push_back(fmt::format("forward {}", model.layer(i).name()));
  names.push_back("loss");
  names.push_back("softmax+loss gradient");
  for (std::size_t i = model.size() - 1; i-- > 0;)
    names.push_back(fmt::format("backward {}", model.layer(i).name()));
  names.push_back("optimizer");
  names.push_back("accuracy count");
  names.push_back("finite check");
  std::vector<double> total(names.size(), 0.0);
  axon::Tensor grad;
  double epoch_s = 0.0;
  const axon::FlushToZeroScope flush_to_zero;
  for (std::size_t epoch = 0; epoch < o.epochs; ++epoch) {
    std::fill(total.begin(), total.end(), 0.0);
    const auto epoch_start = Clock::now();
    loader.begin();
    for (std::size_t b = 0; b < loader.num_batches(); ++b) {
      std::size_t part = 0;
      auto lap = [&, last = Clock::now()]() mutable {
        const auto now = Clock::now();
        total[part++] += std::chrono::duration<double>(now - last).count();
        last = now;
      };
      const axon::DataLoader::Batch batch = loader.batch(b);
      lap();
      model.zero_grad();
      lap();
      const axon::Tensor* a = &batch.inputs;
      for (std::size_t i = 0; i < model.size(); ++i) {
        a = &model.layer(i).forward(*a, true);
        lap();
      }
      const float value = loss.forward(*a, batch.targets);
      lap();
      if (!loss.softmax_backward(*a, batch.targets, grad))
        throw std::runtime_error("the breakdown expects softmax with cross-entropy");
      lap();
      const axon::Tensor* g = &grad;
      for (std::size_t i = model.size() - 1; i-- > 0;) {
        g = &model.layer(i).backward(*g);
        lap();
      }
      model.optimizer()->step(model.parameters());
      lap();
      const std::size_t correct = axon::count_correct(*a, batch.targets, 0.5f);
      lap();
      const bool finite = std::isfinite(value) && axon::all_finite(model.parameters().values());
      lap();
      if (!finite || correct > batch.inputs.rows()) throw std::runtime_error("training diverged");
    }
    epoch_s = seconds_since(epoch_start);
  }
  const double steps = static_cast<double>(loader.num_batches());
  double parts = 0.0;
  std::string fields;
  for (std::size_t i = 0; i < names.size(); ++i) {
    parts += total[i];
    fields += fmt::format(", \"{}\": {:.1f}", names[i], total[i] / steps * 1e6);
  }
  fmt::print(
      "{{\"system\": \"axon\", \"matmul\": \"{}\", \"threads\": {}, \"batch\": {}, "
      "\"prefetch\": {}, \"epoch_s\": {:.4f}, \"step_us\": {:.1f}, \"parts_us\": {:.1f}{}}}\n",
      o.matmul, o.threads, o.batch, o.prefetch, epoch_s, epoch_s / steps * 1e6, parts / steps * 1e6,
      fields);
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  Options o = parse(argc, argv);
  try {
    if (o.matmul == "auto") o.matmul = axon::bf16_gemm_available() ? "bf16" : "fp32";
    axon::set_matmul_precision(axon::parse_matmul_precision(o.matmul));
    std::vector<std::size_t> sizes = {784};
    sizes.insert(sizes.end(), o.hidden.begin(), o.hidden.end());
    sizes.push_back(10);
    if (o.gemm_bound) {
      const std::size_t samples =
          o.train_limit > 0 ? std::min<std::size_t>(o.train_limit, 60000) : 60000;
      return run_gemm_bound(o, sizes, samples);
    }
    if (o.latency) return run_latency(o, sizes);

    const double rss_at_start = current_rss_mib();
    axon::Dataset train = axon::read_idx_dataset(o.data + "/train-images-idx3-ubyte.gz",
                                                 o.data + "/train-labels-idx1-ubyte.gz");
    axon::Dataset test = axon::read_idx_dataset(o.data + "/t10k-images-idx3-ubyte.gz",
                                                o.data + "/t10k-labels-idx1-ubyte.gz");
    if (o.train_limit > 0 && o.train_limit < train.size()) {
      std::vector<std::size_t> first(o.train_limit);
      for (std::size_t i = 0; i < first.size(); ++i) first[i] = i;
      train = train.subset(first);
    }
    if (o.breakdown) return run_breakdown(o, sizes, train);
    const double peak_after_load = peak_rss_mib();
    const double dataset_mib = static_cast<double>((train.inputs.size() + train.targets.size() +
                                                    test.inputs.size() + test.targets.size()) *
                                                   sizeof(float)) /
                               (1024.0 * 1024.0);
    const double rss_after_load = current_rss_mib();

    axon::set_num_threads(o.threads);
    axon::Sequential model =
        axon::Sequential::mlp(sizes, {.activation = "relu", .output = "softmax", .seed = o.seed});
    model.compile(axon::make_loss("cross_entropy"),
                  std::make_unique<axon::Adam>(axon::AdamOptions{.learning_rate = 0.001f}));
    const auto fit_start = Clock::now();
    axon::History history =
        axon::Trainer(model, {.epochs = o.epochs, .batch_size = o.batch, .prefetch = o.prefetch})
            .fit(train);
    const double fit_seconds = seconds_since(fit_start);
    std::vector<double> epoch_seconds;
    for (const axon::EpochRecord& r : history) epoch_seconds.push_back(r.seconds);
    const double rss_after_fit = current_rss_mib();

    const axon::Metrics metrics = model.evaluate(test);
    std::string predict_json;
    if (o.predict) {
      std::vector<double> rates;
      for (int r = 0; r < 5; ++r) {
        const auto start = Clock::now();
        axon::Tensor out = model.predict(test.inputs);
        rates.push_back(static_cast<double>(out.rows()) / seconds_since(start));
      }
      predict_json = fmt::format(", \"predict_samples_per_s\": {:.0f}", median(rates));
    }
    fmt::print(
        "{{\"system\": \"axon\", \"matmul\": \"{}\", \"threads\": {}, \"batch\": {}, \"sizes\": "
        "\"{}\", "
        "\"train_samples\": {}, \"epochs\": {}, \"epoch_s\": {}, \"median_epoch_s\": {:.4f}, "
        "\"fit_s\": {:.3f}, \"final_loss\": {:.4f}, \"test_accuracy\": {:.4f}, "
        "\"rss_at_start_mib\": {:.1f}, \"dataset_f32_mib\": {:.1f}, \"peak_rss_after_load_mib\": "
        "{:.1f}, \"rss_after_load_mib\": {:.1f}, "
        "\"rss_after_fit_mib\": {:.1f}, \"peak_rss_mib\": {:.1f}{}}}\n",
        o.matmul, o.threads, o.batch, fmt::join(sizes, "-"), train.size(), history.size(),
        json_list(epoch_seconds), median(epoch_seconds), fit_seconds, history.back().loss,
        metrics.accuracy.value_or(0.0), rss_at_start, dataset_mib, peak_after_load, rss_after_load,
        rss_after_fit, peak_rss_mib(), predict_json);
  } catch (const std::exception& e) {
    std::cerr << "train_mlp: " << e.what() << "\n";
    return 1;
  }
  return 0;
}
