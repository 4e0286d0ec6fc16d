# Pass/fail counting shared by the shell tests (tests/host, tests/mpi): source it, call pass or
# fail WHAT [DETAIL] per check, and end with finish (summary line; status 1 if anything failed).
# A test that wants more detail on failure redefines fail and calls count_failure.
passed=0
failed=0
pass() { passed=$((passed + 1)); }
count_failure() {
    failed=$((failed + 1))
    echo "FAIL: $1" >&2
}
fail() {
    count_failure "$1"
    if [[ -n "${2:-}" ]]; then printf '  %s\n' "$2" >&2; fi
}
finish() {
    echo "$passed passed, $failed failed"
    [[ $failed -eq 0 ]]
}
