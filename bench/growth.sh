#!/usr/bin/env bash
# How cost grows with the size of the registry: generates network
# registries of increasing size with `liaison generate` (timed with
# /usr/bin/time -v) and runs the page, list and search benchmarks of
# ./bench on each, on SQLite. Results go to $DIR (default
# /tmp/liaison-growth): gen-N-Y.txt and bench-N-Y.txt per size.
#
#   bench/growth.sh                          # the sizes below
#   SIZES="20x15" BENCHTIME=500x bench/growth.sh
#
# A registry already generated in $DIR is reused.
set -euo pipefail
cd "$(dirname "$0")/.."
sizes=${SIZES:-"10x3 20x15 100x15 200x30"} # institutions x years: about 1k, 10k, 50k, 200k events
dir=${DIR:-/tmp/liaison-growth}
mkdir -p "$dir"
go build -o "$dir/liaison" ./cmd/liaison
for s in $sizes; do
  n=${s%x*}
  y=${s#*x}
  db="$dir/network-$n-$y.db"
  if [ ! -f "$db" ]; then
    /usr/bin/time -v "$dir/liaison" generate --institutions "$n" --years "$y" --db "$db" >"$dir/gen-$n-$y.txt" 2>&1
    grep -E "records|Elapsed|Maximum resident" "$dir/gen-$n-$y.txt" | tail -4
  fi
  # An unreachable PostgreSQL skips the second pass of the benchmarks.
  LIAISON_BENCH_DB="$db" LIAISON_TEST_POSTGRES=postgres://none@127.0.0.1:1/none \
    go test -count=1 -run '^$' -bench 'Pages|EventListLatency|Search$|Suggest' -benchtime "${BENCHTIME:-200x}" ./bench/ |
    grep -E '^Benchmark' | tee "$dir/bench-$n-$y.txt"
done
