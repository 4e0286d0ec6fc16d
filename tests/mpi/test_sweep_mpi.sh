#!/usr/bin/env bash
# shellcheck disable=SC2015  # "cond && pass || fail" is safe: pass and fail always return 0
# Sweeps under mpirun: the same datasets bit for bit for 1, 2 and 3 ranks and both schedules; a
# sweep killed with SIGKILL (one process, and a whole mpirun job) resumes to the same datasets
# without recomputing finished points; print() and shared errors appear once; a rank that dies
# takes the job down instead of leaving it hanging.
# usage: bash tests/mpi/test_sweep_mpi.sh <path of the chaoslab binary>
set -euo pipefail

BIN=$(realpath "${1:?usage: test_sweep_mpi.sh <chaoslab binary>}")
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
STUDY=$HERE/sweep_study.lua
SAME=$HERE/same_datasets.lua
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# CI runs as root on 2 cores: allow root, and more ranks than cores.
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1 OMPI_MCA_rmaps_base_oversubscribe=1
MPIRUN=(mpirun --oversubscribe)
# In the sanitizer build, LeakSanitizer reports Open MPI's own start-up allocations: not ours.
export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0"

# shellcheck source=../harness.sh
source "$(dirname "${BASH_SOURCE[0]}")/../harness.sh"
# same A B WHAT: the datasets of two sweep files are bitwise equal.
same() {
    local out
    if out=$("$BIN" "$SAME" "$1" "$2" 2>&1); then pass; else fail "$3" "$out"; fi
}
# calls_total DIR: how many runs finished (all ranks).
calls_total() { find "$1" -name 'calls.*' -exec cat {} + | wc -l; }
# kill_job PID PATTERN: SIGKILL to mpirun's process group and to every rank (ranks are not always
# in mpirun's group), as a batch system's kill of a job's cgroup does.
kill_job() {
    kill -9 -- "-$1" 2>/dev/null || kill -9 "$1" 2>/dev/null || true
    pkill -9 -f "$2" 2>/dev/null || true
    wait "$1" 2>/dev/null || true
    sleep 0.2
}

# ---- reference: one process, no mpirun --------------------------------------------------------
"$BIN" "$STUDY" "$tmp/ref.h5" >/dev/null 2>"$tmp/ref.err" || fail "reference sweep" "$(cat "$tmp/ref.err")"
[[ -f "$tmp/ref.h5" && ! -e "$tmp/ref.h5.journal" ]] && pass || fail "reference file without journal"

# ---- 1, 2, 3 ranks, static and dynamic: the same bits ----------------------------------------
for ranks in 1 2 3; do
    for schedule in static dynamic; do
        out="$tmp/r${ranks}_$schedule.h5"
        if "${MPIRUN[@]}" -n "$ranks" "$BIN" "$STUDY" "$out" "$schedule" >"$tmp/log" 2>&1; then
            same "$tmp/ref.h5" "$out" "$ranks ranks, $schedule: datasets differ from one process"
        else
            fail "$ranks ranks, $schedule: mpirun failed" "$(cat "$tmp/log")"
        fi
    done
done
ranks_attr=$("$BIN" -e "print(chaoslab.h5.attributes('$tmp/r3_dynamic.h5').ranks)")
[[ "$ranks_attr" == "3" ]] && pass || fail "the file records 3 ranks" "got '$ranks_attr'"

# ---- SIGKILL of one process, then resume ------------------------------------------------------
# wait_calls DIR N PID: waits until N runs finished (or the process ended).
wait_calls() {
    for _ in $(seq 1 600); do
        [[ $(calls_total "$1") -ge $2 ]] && return 0
        kill -0 "$3" 2>/dev/null || return 0
        sleep 0.05
    done
}
mkdir "$tmp/calls1"
CALLS_DIR=$tmp/calls1 "$BIN" "$STUDY" "$tmp/killed.h5" static 0.15 >/dev/null 2>&1 &
pid=$!
wait_calls "$tmp/calls1" 3 "$pid"
kill -9 "$pid"
wait "$pid" 2>/dev/null || true
before=$(calls_total "$tmp/calls1")
"$BIN" -e "local s = chaoslab.h5.read('$tmp/killed.h5', '/status'); assert(#s == 9)" 2>"$tmp/err" &&
    pass || fail "the file is readable right after SIGKILL" "$(cat "$tmp/err")"
[[ -s "$tmp/killed.h5.journal" ]] && pass || fail "a killed sweep leaves its journal"
mkdir "$tmp/calls2"
if CALLS_DIR=$tmp/calls2 "$BIN" "$STUDY" "$tmp/killed.h5" static >"$tmp/log" 2>&1; then
    same "$tmp/ref.h5" "$tmp/killed.h5" "killed and resumed (one process) differs from uninterrupted"
    after=$(calls_total "$tmp/calls2")
    # Finished points are not computed again: at most the one in flight at the kill is.
    [[ $((before + after)) -le 10 && $((before + after)) -ge 9 ]] && pass ||
        fail "resume recomputed finished points" "$before before the kill + $after after"
    grep -q "resuming $tmp/killed.h5: " "$tmp/log" && pass || fail "resume says so" "$(cat "$tmp/log")"
    [[ ! -e "$tmp/killed.h5.journal" ]] && pass || fail "the journal is gone after completion"
else
    fail "resume after SIGKILL failed" "$(cat "$tmp/log")"
fi

# ---- SIGKILL of a whole mpirun job (as a batch system does), resumed on another rank count -----
mkdir "$tmp/calls3"
CALLS_DIR=$tmp/calls3 setsid "${MPIRUN[@]}" -n 2 "$BIN" "$STUDY" "$tmp/job.h5" dynamic 0.15 >/dev/null 2>&1 &
pid=$!
wait_calls "$tmp/calls3" 4 "$pid"
kill_job "$pid" "$tmp/job.h5"
before=$(calls_total "$tmp/calls3")
mkdir "$tmp/calls4"
if CALLS_DIR=$tmp/calls4 "${MPIRUN[@]}" -n 3 "$BIN" "$STUDY" "$tmp/job.h5" dynamic >"$tmp/log" 2>&1; then
    same "$tmp/ref.h5" "$tmp/job.h5" "killed mpirun job resumed on 3 ranks differs from uninterrupted"
    after=$(calls_total "$tmp/calls4")
    echo "job: $before runs before the kill, $after after"
    [[ $((before + after)) -le 11 && $after -gt 0 ]] && pass || fail "resume recomputed finished points" "$before + $after"
else
    fail "resume of the killed job failed" "$(cat "$tmp/log")"
fi

# ---- kills at arbitrary moments until the sweep completes ------------------------------------
delays=(0.35 0.9 0.5 1.3 0.2 0.7)
completed=0
for d in "${delays[@]}"; do
    setsid "${MPIRUN[@]}" -n 2 "$BIN" "$STUDY" "$tmp/many.h5" static 0.05 >/dev/null 2>&1 &
    pid=$!
    sleep "$d"
    if ! kill -0 "$pid" 2>/dev/null; then
        wait "$pid" && completed=1 || true
        [[ $completed -eq 1 ]] && break
        continue
    fi
    kill_job "$pid" "$tmp/many.h5"
done
[[ $completed -eq 1 ]] || "$BIN" "$STUDY" "$tmp/many.h5" >/dev/null 2>&1 || fail "final run after repeated kills"
same "$tmp/ref.h5" "$tmp/many.h5" "repeatedly killed sweep differs from uninterrupted"

# ---- the launcher: ranks, threads per rank, session and output folder ----------------------------
SWEEP=$(realpath "$HERE/../../scripts/sweep")
cmd=$("$SWEEP" --ranks 3 --threads 1 --session 9 --output-dir "$tmp/out" --dry-run "$STUDY" x.h5)
[[ "$cmd" == *"-n 3"* && "$cmd" == *"--oversubscribe"* && "$cmd" == *"--session 9"* && "$cmd" == *"--threads 1"* ]] &&
    pass || fail "scripts/sweep builds the mpirun command" "$cmd"
if CHAOSLAB_BIN=$BIN "$SWEEP" -n 2 -o "$tmp/out" "$STUDY" launched.h5 >"$tmp/log" 2>&1; then
    same "$tmp/ref.h5" "$tmp/out/launched.h5" "scripts/sweep -n 2 differs from one process"
else
    fail "scripts/sweep -n 2 failed" "$(cat "$tmp/log")"
fi
set +e
"$SWEEP" -n 0 "$STUDY" 2>"$tmp/err"
rc=$?
set -e
[[ $rc -eq 2 && "$(cat "$tmp/err")" == "scripts/sweep: -n needs a positive integer, got '0'" ]] && pass ||
    fail "scripts/sweep rejects bad ranks" "rc=$rc $(cat "$tmp/err")"
out=$("${MPIRUN[@]}" -n 2 "$BIN" -e 'print(chaoslab.threads())' 2>&1)
[[ "$out" == "1" ]] && pass || fail "a rank bound to one core runs one thread" "$out"

# ---- print and errors appear once; a dying rank ends the job --------------------------------
out=$("${MPIRUN[@]}" -n 3 "$BIN" -e 'print("hello from", chaoslab.rank(), "of", chaoslab.ranks())' 2>&1)
[[ "$out" == $'hello from\t0\tof\t3' ]] && pass || fail "print on rank 0 only" "$out"
out=$("${MPIRUN[@]}" -n 2 "$BIN" --print-all-ranks -e 'print("hi")' 2>&1 | sort)
[[ "$out" == $'[rank 1]\thi\nhi' ]] && pass || fail "--print-all-ranks prefixes other ranks" "$out"
set +e
out=$("${MPIRUN[@]}" -n 2 "$BIN" -e "chaoslab.sweep{ params = { g = {1, 2} }, output = '$tmp/ref.h5', progress = false,
      run = function() return { y = 1 } end }" 2>&1)
rc=$?
set -e
[[ $rc -ne 0 && $(grep -c "holds a different sweep" <<<"$out") -eq 1 ]] && pass ||
    fail "a refused sweep under mpirun is reported once and fails" "rc=$rc: $out"
grep -q "MPI_ABORT" <<<"$out" && fail "a shared error needs no MPI_Abort" "$out" || pass
set +e
out=$(timeout 60 "${MPIRUN[@]}" -n 2 "$BIN" -e "chaoslab.sweep{ params = { g = {1, 2, 3, 4} }, progress = false,
      run = function(p, ctx) if ctx.rank == 1 then error(setmetatable({}, {__tostring = function() os.exit(7) end})) end
      return { y = p.g } end }" 2>&1)
rc=$?
set -e
[[ $rc -ne 0 && $rc -ne 124 ]] && pass || fail "a rank that dies ends the job (no hang)" "rc=$rc: $out"

finish
