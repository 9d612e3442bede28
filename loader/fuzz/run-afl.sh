#!/bin/sh
# run-afl.sh BUILD_DIR SECONDS TARGET...
# The libFuzzer targets under AFL++ (built with afl-clang-fast, which links
# AFL++'s driver in place of libFuzzer): each runs for SECONDS from the same
# seeds and dictionary; any crash or hang fails the run. A second run resumes
# from BUILD_DIR/out-TARGET; remove it to start again from the seeds.
set -u
build=$1 seconds=$2
shift 2
# Containers and CI machines have no CPU governor or core_pattern to tune;
# these say that is known, not an error.
export AFL_SKIP_CPUFREQ=1 AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1 AFL_NO_UI=1 AFL_AUTORESUME=1
status=0
for t in "$@"; do
	seeds="$build/seeds-$t"
	out="$build/out-$t"
	loader/fuzz/seeds.sh "$t" "$seeds"
	dict=""
	[ -f "loader/fuzz/$t.dict" ] && dict="-x loader/fuzz/$t.dict"
	echo "== afl fuzz_$t for ${seconds}s"
	# shellcheck disable=SC2086
	if ! afl-fuzz -i "$seeds" -o "$out" -V "$seconds" -t 5000 $dict -- "$build/fuzz_$t" \
		>"$build/afl-$t.log" 2>&1; then
		echo "afl fuzz_$t: afl-fuzz failed; see $build/afl-$t.log"
		tail -n 20 "$build/afl-$t.log"
		status=1
		continue
	fi
	found=$(find "$out/default/crashes" "$out/default/hangs" -type f ! -name README.txt 2>/dev/null)
	if [ -n "$found" ]; then
		echo "afl fuzz_$t: FAILED; inputs that crash or hang:"
		echo "$found"
		status=1
	fi
	grep -E '^(execs_done|execs_per_sec|bitmap_cvg|saved_crashes|saved_hangs) ' "$out/default/fuzzer_stats"
done
exit $status
