#!/bin/sh
# run-fuzz.sh BUILD_DIR SECONDS TARGET...
# Run each libFuzzer target for SECONDS, seeded from corpus/, under the
# sanitizers BUILD_DIR's targets were built with (ASan+UBSan for make fuzz);
# fail on any crash, leak, timeout or out-of-memory. Inputs that crash are
# left in BUILD_DIR/artifacts: copy them into loader/fuzz/regressions/TARGET/.
# FUZZ_RUNS, when set, ends a target earlier once it has run that many inputs.
set -u
build=$1 seconds=$2
shift 2
status=0
for t in "$@"; do
	seeds="$build/seeds-$t"
	work="$build/corpus-$t"
	mkdir -p "$work" "$build/artifacts"
	loader/fuzz/seeds.sh "$t" "$seeds"
	dict=""
	runs=""
	[ -n "${FUZZ_RUNS:-}" ] && runs="-runs=$FUZZ_RUNS"
	[ -f "loader/fuzz/$t.dict" ] && dict="-dict=loader/fuzz/$t.dict"
	echo "== fuzz_$t for ${seconds}s"
	# shellcheck disable=SC2086
	if ! "$build/fuzz_$t" -max_total_time="$seconds" -timeout=5 -rss_limit_mb=1024 \
		-max_len=65536 -print_final_stats=1 -artifact_prefix="$build/artifacts/$t-" \
		$dict $runs "$work" "$seeds" 2>"$build/fuzz-$t.log"; then
		echo "fuzz_$t: FAILED; see $build/fuzz-$t.log and $build/artifacts/"
		tail -n 30 "$build/fuzz-$t.log"
		status=1
	fi
	grep -E '^stat::(number_of_executed_units|peak_rss_mb)|cov:' "$build/fuzz-$t.log" | tail -n 3
done
exit $status
