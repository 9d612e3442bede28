#!/bin/sh
# run-corpus.sh LOADER CORPUS_DIR
# Each corpus case is a guest tree (root/, or one its generate script writes:
# corpus-tree.sh) and the exact --plan output it must give (expect); an optional args file adds arguments, one per line (a line
# starting with ./ names a file in the case's directory). A case
# whose expect starts with "error:" must fail with that message on stderr.
# Set UPDATE=1 to rewrite the expect files (then read every diff before committing).
# WRAP runs the loader under a tool, e.g. WRAP="valgrind -q --error-exitcode=99".
# Cases run JOBS at a time (default: one per CPU); failures print in case order.
set -u

# run-corpus.sh --case LOADER RESULTS CASE_DIR: one case, its verdict written
# to RESULTS/NAME.pass or RESULTS/NAME.fail (the diff).
if [ "${1:-}" = --case ]; then
	loader=$2 results=$3 dir=${4%/}
	case=$(basename "$dir")
	[ -f "$dir/expect" ] || exit 0
	err_file=$results/$case.err
	# A case may generate its tree (corpus-tree.sh).
	root=$("$(dirname "$0")/corpus-tree.sh" "$dir") || {
		echo "FAIL corpus/$case: cannot build its tree" > "$results/$case.fail"
		exit 0
	}
	[ -f "$dir/generate" ] && trap 'rm -rf "$root"' EXIT
	set -- --plan --root "$root"
	if [ -f "$dir/args" ]; then
		while IFS= read -r a || [ -n "$a" ]; do
			case $a in ./*) a=$dir/${a#./} ;; esac
			[ -n "$a" ] && set -- "$@" "$a"
		done < "$dir/args"
	fi
	# shellcheck disable=SC2086
	out=$(${WRAP:-} "$loader" "$@" 2>"$err_file"); rc=$?
	if [ $rc -eq 99 ]; then
		{ echo "FAIL corpus/$case: $WRAP found errors"; cat "$err_file"; } > "$results/$case.fail"
		exit 0
	fi
	# valgrind's notes ("--PID-- …") are not the loader's output
	err=$(grep -v -e ': warning: ' -e '^--[0-9]*--' "$err_file")
	if [ $rc -ne 0 ]; then got="error: $err"; else got=$out; fi
	if [ "${UPDATE:-0}" = 1 ]; then
		printf '%s\n' "$got" > "$dir/expect"
	fi
	if [ "$got" = "$(cat "$dir/expect")" ]; then
		: > "$results/$case.pass"
	else
		{ echo "FAIL corpus/$case"; printf '%s\n' "$got" | diff -u "$dir/expect" - | sed 's/^/    /'; } \
			> "$results/$case.fail"
	fi
	exit 0
fi

loader=$1 corpus=$2
jobs=${JOBS:-$(nproc 2>/dev/null || echo 1)}
results=$(mktemp -d)
trap 'rm -rf "$results"' EXIT
for dir in "$corpus"/*/; do
	printf '%s\n' "$dir"
done | xargs -P "$jobs" -n 1 "$0" --case "$loader" "$results"
pass=$(find "$results" -name '*.pass' | wc -l)
fail=$(find "$results" -name '*.fail' | wc -l)
for f in "$results"/*.fail; do
	[ -f "$f" ] && cat "$f"
done
echo "corpus: $pass passed, $fail failed"
[ "$fail" -eq 0 ] && [ "$pass" -gt 0 ]
