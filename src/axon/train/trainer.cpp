// Trainer: the loop. Per epoch: set the scheduled rate, step through the shuffled batches,
// validate, record, tell the callbacks; stop after the last epoch or when one asks.
#include "axon/train/trainer.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <limits>
#include <vector>

#include "axon/data/data_loader.hpp"
#include "axon/layers/sample_shape.hpp"
#include "axon/metrics/accuracy.hpp"
#include "axon/tensor/error.hpp"
#include "axon/tensor/runtime.hpp"
#include "axon/train/distributed.hpp"
#include "axon/train/shard_schedule.hpp"

namespace axon {
namespace {

using Clock = std::chrono::steady_clock;

// The training data and the validation data, split off from it or given.
struct Parts {
  std::pair<Dataset, Dataset> split;
  const Dataset* train = nullptr;
  const Dataset* validation = nullptr;
};

void split_validation(const Dataset& data, const TrainerOptions& o, Rng& rng, Parts& parts) {
  parts.train = &data;
  parts.validation = o.validation_data;
  if (parts.validation != nullptr || o.validation_split == 0.0) return;
  parts.split = data.split(o.validation_split, rng);
  parts.train = &parts.split.first;
  parts.validation = &parts.split.second;
}

// The running sums of an epoch: mean loss over samples and accuracy for classification.
struct Running {
  double loss_sum = 0.0;
  std::size_t seen = 0, correct = 0;
  std::optional<double> accuracy(bool classification) const {
    if (!classification) return std::nullopt;
    return static_cast<double>(correct) / static_cast<double>(seen);
  }
};

// One step's rows on this rank, and the rows of all ranks together.
struct LocalBatch {
  const Tensor& inputs;
  const Tensor& targets;
  std::size_t global_rows = 0;
};

bool is_sharded(const TrainerOptions& o) {
  return o.data_parallel && o.sharded && distributed::size() > 1;
}

// With sharded data: every rank's shard size, gathered once, gives every step's global rows.
std::optional<ShardSchedule> shard_schedule(const TrainerOptions& o, const Dataset& train) {
  if (!is_sharded(o)) return std::nullopt;
  const std::vector<std::uint64_t> sizes = distributed::allgather(train.size());
  return ShardSchedule(std::vector<std::size_t>(sizes.begin(), sizes.end()), o.batch_size);
}

// This rank's share of each global batch and the step options that sum the ranks' gradients; with
// one rank (or data_parallel off) the batch passes through untouched.
class RankShare {
 public:
  RankShare(const TrainerOptions& options, const std::optional<ShardSchedule>& shards)
      : step(options.step),
        ranks_(options.data_parallel ? distributed::size() : 1),
        shards_(shards) {}

  TrainStepOptions step;  // every train_step's options, the gradient sum added with >1 rank

  // Batch `b` of the loader: with sharded data this rank's own rows, else the global batch.
  LocalBatch take(const DataLoader::Batch& global, std::size_t b) {
    if (ranks_ == 1) return {global.inputs, global.targets, global.inputs.rows()};
    if (shards_) {
      step.reduce_gradients = distributed::gradient_reducer(shards_->global_rows(b));
      return {global.inputs, global.targets, shards_->global_rows(b)};
    }
    const std::size_t rows = global.inputs.rows();
    // A rank with no rows would take the mean loss of nothing (0 / 0).
    check(rows >= static_cast<std::size_t>(ranks_),
          "a batch of {} rows cannot be shared by {} ranks: use a batch_size of at least {} and "
          "a training set whose last batch has as many rows",
          rows, ranks_, ranks_);
    const distributed::Share mine = distributed::share(rows, distributed::rank(), ranks_);
    indices_.resize(mine.count);
    for (std::size_t i = 0; i < mine.count; ++i) indices_[i] = mine.begin + i;
    gather_rows(global.inputs, indices_, inputs_);
    gather_rows(global.targets, indices_, targets_);
    step.reduce_gradients = distributed::gradient_reducer(rows);
    return {inputs_, targets_, rows};
  }

  // Turns this rank's mean loss and correct count into the global batch's (one small allreduce),
  // which also carries this rank's pending stop; returns true when any rank asked to stop.
  bool combine(std::size_t local_rows, float& loss, std::size_t& correct, bool stop) {
    if (ranks_ == 1) return stop;
    float sums[4] = {loss * static_cast<float>(local_rows), static_cast<float>(correct),
                     static_cast<float>(local_rows), stop ? 1.0f : 0.0f};
    distributed::allreduce_sum(sums);
    loss = sums[0] / sums[2];
    correct = static_cast<std::size_t>(std::lround(sums[1]));
    return sums[3] > 0.0f;
  }

 private:
  int ranks_;
  const std::optional<ShardSchedule>& shards_;
  std::vector<std::size_t> indices_;
  Tensor inputs_, targets_;
};

}  // namespace

Trainer::Trainer(Sequential& model, TrainerOptions options)
    : model_(model), options_(std::move(options)) {}

Trainer& Trainer::add(Callback& callback) {
  callbacks_.push_back(&callback);
  return *this;
}

Trainer& Trainer::add(std::unique_ptr<Callback> callback) {
  check(callback != nullptr, "Trainer::add: the callback is null");
  owned_.push_back(std::move(callback));
  return add(*owned_.back());
}

void Trainer::request_stop(std::string reason, StopPoint when) {
  // Ranks that stopped after different batches would wait on each other's allreduce.
  if (when == StopPoint::kAfterBatch && options_.data_parallel && distributed::size() > 1) {
    if (!stop_pending_) stop_reason_ = std::move(reason);
    stop_pending_ = true;
    return;
  }
  stop_requested_ = true;
  stop_after_batch_ = stop_after_batch_ || when == StopPoint::kAfterBatch;
  stop_reason_ = std::move(reason);
}

History Trainer::fit(const Dataset& train, const ResumeState& resume) {
  check_ready(train);
  const FlushToZeroScope flush_to_zero;
  Loss& loss_fn = *model_.loss();
  const bool classification = loss_fn.is_classification();
  Parts data;
  // A shard is split and shuffled by its rank's stream, so that the model's Rng, which the blocks
  // of different sizes would move apart, stays alike on every rank (a checkpoint saves rank 0's).
  Rng shard_rng(distributed::shard_seed(model_.rng().state().words[0], distributed::rank()));
  split_validation(train, options_, is_sharded(options_) ? shard_rng : model_.rng(), data);
  const std::optional<ShardSchedule> shards = shard_schedule(options_, *data.train);
  DataLoader loader(
      *data.train,
      {.batch_size = shards ? shards->local_batch(distributed::rank()) : options_.batch_size,
       .shuffle = options_.shuffle,
       .prefetch = options_.prefetch},
      shards ? shard_rng : model_.rng());
  const std::size_t batches = shards ? shards->steps() : loader.num_batches();
  RankShare local(options_, shards);
  LrSchedule schedule = options_.lr_schedule;
  schedule.start(model_.optimizer()->learning_rate());
  replay(resume, loader, batches, schedule);
  stop_requested_ = stop_after_batch_ = stop_pending_ = false;
  stop_reason_.clear();
  partial_.reset();

  for (Callback* c : callbacks_) c->on_train_begin(*this);
  for (std::size_t epoch = history_.size() + 1; epoch <= options_.epochs && !stop_requested_;
       ++epoch) {
    // A resumed partial epoch goes on after its last batch, with its sums so far.
    const bool resuming = resume.partial && epoch == resume.partial->epoch;
    const PartialEpoch done = resuming ? *resume.partial : PartialEpoch{.epoch = epoch};
    const Clock::time_point start = Clock::now();
    const double learning_rate = apply_learning_rate(schedule);
    loader.begin();  // the epoch's shuffle
    if (resuming) check_replayed_rng(resume);
    for (Callback* c : callbacks_) c->on_epoch_begin(*this, epoch);
    Running run{.loss_sum = done.loss_sum, .seen = done.samples, .correct = done.correct};
    BatchRecord batch_record{.epoch = epoch, .batch = done.batches, .batches = batches};
    while (batch_record.batch < batch_record.batches && !stop_after_batch_) {
      const DataLoader::Batch global = loader.batch(batch_record.batch);
      const LocalBatch batch = local.take(global, batch_record.batch);
      float loss = model_.train_step(batch.inputs, batch.targets, local.step);
      std::size_t correct = classification ? count_correct(model_.last_output(), batch.targets,
                                                           loss_fn.decision_threshold())
                                           : 0;
      if (local.combine(batch.inputs.rows(), loss, correct, stop_pending_)) {
        if (!stop_pending_) stop_reason_ = "another rank was asked to stop";
        stop_requested_ = stop_after_batch_ = true;
      }
      ++batch_record.batch;
      if (options_.check_divergence) check_finite(loss, epoch, batch_record.batch);
      const std::size_t n = batch.global_rows;
      run.loss_sum += static_cast<double>(loss) * static_cast<double>(n);
      run.seen += n;
      run.correct += correct;
      batch_record.samples = n;
      batch_record.loss = loss;
      batch_record.mean_loss = run.loss_sum / static_cast<double>(run.seen);
      batch_record.accuracy = run.accuracy(classification);
      for (Callback* c : callbacks_) c->on_batch_end(*this, batch_record);
    }
    const double seconds =
        done.seconds + std::chrono::duration<double>(Clock::now() - start).count();
    if (batch_record.batch < batch_record.batches) {  // stopped between two batches
      partial_ = PartialEpoch{.epoch = epoch,
                              .batches = batch_record.batch,
                              .loss_sum = run.loss_sum,
                              .samples = run.seen,
                              .correct = run.correct,
                              .seconds = seconds};
      break;
    }
    EpochRecord record{.epoch = epoch,
                       .loss = run.loss_sum / static_cast<double>(run.seen),
                       .accuracy = run.accuracy(classification),
                       .learning_rate = learning_rate};
    if (data.validation != nullptr) validate(*data.validation, record, shards.has_value());
    record.seconds = done.seconds + std::chrono::duration<double>(Clock::now() - start).count();
    history_.push_back(record);
    schedule.end_epoch(monitored_loss(record));
    for (Callback* c : callbacks_) c->on_epoch_end(*this, record);
  }
  for (Callback* c : callbacks_) c->on_train_end(*this);
  return history_;
}

void Trainer::validate(const Dataset& validation, EpochRecord& record, bool sharded) {
  Metrics m = model_.evaluate(validation, std::max<std::size_t>(options_.batch_size, 256));
  if (sharded) m = distributed::sum_metrics(m);  // each rank validated on its shard's part
  record.val_loss = m.loss;
  record.val_accuracy = m.accuracy;
}

void Trainer::check_ready(const Dataset& train) const {
  const TrainerOptions& o = options_;
  check(model_.loss() != nullptr && model_.optimizer() != nullptr,
        "the model has no loss and optimizer: call compile() first");
  check(o.epochs > 0, "epochs must be > 0, got {}", o.epochs);
  check(o.batch_size > 0, "batch_size must be > 0, got {}", o.batch_size);
  check(!train.empty(), "fit: the training data is empty");
  check(o.validation_split >= 0.0 && o.validation_split < 1.0,
        "validation_split must be in [0, 1), got {}", o.validation_split);
  model_.build(sample_shape(train.inputs.shape()));
  check(train.features() == model_.input_features(),
        "fit: the model takes {} input features, the data has {}", model_.input_features(),
        train.features());
}

// A resumed run: the completed epochs' shuffles and schedule steps, drawn again from the same
// streams, bring the loader and the schedule to where the first run stopped.
void Trainer::replay(const ResumeState& resume, DataLoader& loader, std::size_t batches,
                     LrSchedule& schedule) {
  history_ = resume.completed;
  resumed_epochs_ = resume.completed.size();
  if (resume.partial) {
    const PartialEpoch& p = *resume.partial;
    check(
        p.epoch == resume.completed.size() + 1 && p.epoch <= options_.epochs && p.batches < batches,
        "fit: the partial epoch {} (after {} batches) does not follow the {} completed epochs "
        "of {} batches each, or is past the last epoch ({})",
        p.epoch, p.batches, resume.completed.size(), batches, options_.epochs);
  }
  if (resume.completed.empty()) return;
  check(resume.completed.size() < options_.epochs,
        "fit: {} epochs are already completed, none left of {}", resume.completed.size(),
        options_.epochs);
  for (const EpochRecord& done : resume.completed) {
    loader.begin();  // the epoch's shuffle
    schedule.end_epoch(monitored_loss(done));
  }
  if (!resume.partial) check_replayed_rng(resume);
}

// The saved Rng state must be where the replay arrives: the first run's seed, data, batch size and
// validation split.
void Trainer::check_replayed_rng(const ResumeState& resume) const {
  if (!resume.rng) return;
  const Rng::State now = model_.rng().state(), saved = *resume.rng;
  check(std::equal(std::begin(now.words), std::end(now.words), std::begin(saved.words)),
        "fit: replaying the {} completed epochs does not reproduce the saved random state: the "
        "seed, the data, the batch size or the validation split differ from the first run",
        resume.completed.size());
}

// The optimizers take rates > 0: a scheduled 0 becomes the smallest float, a no-op step.
double Trainer::apply_learning_rate(const LrSchedule& schedule) {
  Optimizer& optimizer = *model_.optimizer();
  if (schedule.is_constant()) return optimizer.learning_rate();
  optimizer.set_learning_rate(
      std::max(static_cast<float>(schedule.learning_rate()), std::numeric_limits<float>::min()));
  return schedule.learning_rate();
}

// After a step the weights can hold NaN or infinity while the loss, computed before the step, was
// still finite; the next loss need not show it (ReLU maps NaN to 0). One bit test per weight.
void Trainer::check_finite(float loss, std::size_t epoch, std::size_t batch) {
  check(std::isfinite(loss),
        "training diverged: the loss is {} at epoch {}, batch {}; try a smaller learning rate",
        loss, epoch, batch);
  if (all_finite(model_.parameters().values())) return;
  for (auto& [name, parameter] : model_.named_parameters())
    for (const float v : parameter->values())
      check(std::isfinite(v),
            "training diverged: {} holds {} after epoch {}, batch {}; try a smaller learning rate",
            name, v, epoch, batch);
}

}  // namespace axon
