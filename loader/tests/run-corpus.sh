#!/bin/sh
# run-corpus.sh LOADER CORPUS_DIR
# Each corpus case is a guest tree (root/) and the exact --plan output it must
# give (expect); an optional args file adds arguments, one per line (a line
# starting with ./ names a file in the case's directory). A case
# whose expect starts with "error:" must fail with that message on stderr.
# Set UPDATE=1 to rewrite the expect files (then read every diff before committing).
# WRAP runs the loader under a tool, e.g. WRAP="valgrind -q --error-exitcode=99".
set -u
loader=$1 corpus=$2
pass=0 fail=0
for dir in "$corpus"/*/; do
	case=$(basename "$dir")
	[ -f "$dir/expect" ] || continue
	set -- --plan --root "$dir/root"
	if [ -f "$dir/args" ]; then
		while IFS= read -r a || [ -n "$a" ]; do
			case $a in ./*) a=$dir${a#./} ;; esac
			[ -n "$a" ] && set -- "$@" "$a"
		done < "$dir/args"
	fi
	# shellcheck disable=SC2086
	out=$(${WRAP:-} "$loader" "$@" 2>/tmp/corpus-err.$$); rc=$?
	if [ $rc -eq 99 ]; then
		echo "FAIL corpus/$case: $WRAP found errors"
		cat /tmp/corpus-err.$$
		fail=$((fail + 1))
		continue
	fi
	# valgrind's notes ("--PID-- …") are not the loader's output
	err=$(grep -v -e ': warning: ' -e '^--[0-9]*--' /tmp/corpus-err.$$)
	if [ $rc -ne 0 ]; then got="error: $err"; else got=$out; fi
	if [ "${UPDATE:-0}" = 1 ]; then
		printf '%s\n' "$got" > "$dir/expect"
	fi
	if [ "$got" = "$(cat "$dir/expect")" ]; then
		pass=$((pass + 1))
	else
		fail=$((fail + 1))
		echo "FAIL corpus/$case"
		printf '%s\n' "$got" | diff -u "$dir/expect" - | sed 's/^/    /'
	fi
done
rm -f /tmp/corpus-err.$$
echo "corpus: $pass passed, $fail failed"
[ $fail -eq 0 ] && [ $pass -gt 0 ]
