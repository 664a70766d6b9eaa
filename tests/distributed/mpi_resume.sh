#!/bin/sh
# Checkpoints on two ranks: 3 epochs, resumed to 6, give the weights of 6 epochs never stopped, bit
# for bit; a two-rank checkpoint resumed by one process is refused on every rank, naming both
# counts, before training.
# Usage: mpi_resume.sh AXON MPIRUN [MPIRUN FLAGS...]   (MPIRUN FLAGS without -np)
set -u
axon=$1
shift
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
flags="--data moons:samples=400 --layers auto 16 auto --batch_size 32 --validation_split 0.2 --threads 1"

fail() {
  echo "FAIL: $*"
  exit 1
}

"$@" -np 2 "$axon" train $flags --epochs 3 --checkpoint "$dir/run.ckpt" ||
  fail "the first 3 epochs"
"$@" -np 2 "$axon" train $flags --epochs 6 --resume "$dir/run.ckpt" --save "$dir/resumed.axon" ||
  fail "the resumed run"
"$@" -np 2 "$axon" train $flags --epochs 6 --save "$dir/straight.axon" || fail "the 6 epochs"
cmp "$dir/resumed.axon" "$dir/straight.axon" ||
  fail "resumed to 6 epochs differs from 6 epochs never stopped"
echo "resumed to 6 epochs: the same model file as 6 epochs never stopped"

# A checkpoint of two ranks is refused by one, before training.
"$@" -np 2 "$axon" train $flags --epochs 3 --checkpoint "$dir/two.ckpt" >/dev/null ||
  fail "the second checkpoint"
"$@" -np 1 "$axon" train $flags --epochs 6 --resume "$dir/two.ckpt" >"$dir/one.out" 2>&1
code=$?
cat "$dir/one.out"
[ "$code" -ne 0 ] || fail "one rank resumed a checkpoint of two"
grep -q "written by 2 ranks, this run has 1 rank" "$dir/one.out" ||
  fail "the refusal does not name both counts"
if grep -q "Epoch 4" "$dir/one.out"; then fail "training started before the refusal"; fi

# On two ranks, a checkpoint of one process is refused by both (two error lines).
"$axon" train $flags --epochs 3 --checkpoint "$dir/one.ckpt" >/dev/null || fail "one process"
"$@" -np 2 "$axon" train $flags --epochs 6 --resume "$dir/one.ckpt" >"$dir/two.out" 2>&1
code=$?
cat "$dir/two.out"
[ "$code" -ne 0 ] || fail "two ranks resumed a checkpoint of one process"
[ "$(grep -c "written by 1 rank, this run has 2 ranks" "$dir/two.out")" -eq 2 ] ||
  fail "not both ranks said that the counts differ"
echo "PASS"
