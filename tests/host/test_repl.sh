#!/usr/bin/env bash
# shellcheck disable=SC2015  # "cond && pass || fail" is safe: pass and fail always return 0
# The interactive REPL on a real terminal (a tmux pane): banner, printing of values, multi-line
# input, tab completion, help, Ctrl-C at the prompt and during a running command, errors, Ctrl-D,
# the persistent history file, and -i after a script.
# usage: bash tests/host/test_repl.sh <path of the chaoslab binary>
set -euo pipefail

BIN=$(realpath "${1:?usage: test_repl.sh <chaoslab binary>}")
if ! command -v tmux >/dev/null 2>&1; then
    echo "SKIP: tmux is not installed; the REPL needs a terminal to be tested"
    exit 0
fi

tmp=$(mktemp -d)
SOCKET="$tmp/tmux.sock" # a private server, its socket removed with $tmp
SESSION=repl
TIMEOUT=10 # seconds to wait for any expected text
# Checks of known, reported bugs in non-test code run only with CHAOSLAB_TEST_KNOWN_BUGS=1, so the
# suite stays green until they are fixed.
KNOWN_BUGS=${CHAOSLAB_TEST_KNOWN_BUGS:-0}

cleanup() {
    tmux -S "$SOCKET" kill-server >/dev/null 2>&1 || true
    rm -rf "$tmp"
}
trap cleanup EXIT

# shellcheck source=../harness.sh
source "$(dirname "${BASH_SOURCE[0]}")/../harness.sh"
# A failure here also shows the REPL's screen.
fail() {
    count_failure "$1"
    echo "---- screen ----" >&2
    screen >&2 || true
    echo "----------------" >&2
}

# A private tmux server without user configuration; panes stay after the program exits, so a
# failing check can still show the last screen.
printf 'set -g remain-on-exit on\nset -g history-limit 10000\n' >"$tmp/tmux.conf"
: >"$tmp/inputrc" # readline without site settings, so key bindings are the defaults
tm() { tmux -S "$SOCKET" -f "$tmp/tmux.conf" "$@"; }

# start [args...]: a new session running chaoslab (with args) on a 200x50 terminal. A bash
# wrapper records the exit status in $tmp/status (tmux's #{pane_dead_status} is not reliably set
# in time); bash waits out a Ctrl-C while chaoslab runs in the foreground, so C-c reaches only
# chaoslab's own handling.
start() {
    tm kill-session -t "$SESSION" >/dev/null 2>&1 || true
    rm -f "$tmp/status"
    {
        printf 'env CHAOSLAB_HISTORY=%q INPUTRC=%q %q "$@"\n' "$tmp/hist" "$tmp/inputrc" "$BIN"
        printf 'echo "$?" >%q\n' "$tmp/status"
    } >"$tmp/run.sh"
    local cmd a
    cmd="bash $(printf '%q' "$tmp/run.sh")"
    for a in "$@"; do cmd+=" $(printf '%q' "$a")"; done
    tm new-session -d -s "$SESSION" -x 200 -y 50 "$cmd"
}

# The whole pane, scrollback included; line numbers stay stable as output grows.
screen() { tm capture-pane -p -t "$SESSION" -S - -E -; }
# The last non-empty line of the screen (capture-pane trims trailing blanks: the prompt is ">").
last_line() { screen | awk 'NF { l = $0 } END { print l }'; }
# mark: the line number of the current prompt; checks look only at lines from there on, so the
# output of an earlier, identical command cannot satisfy them.
mark=1
set_mark() { mark=$(screen | awk 'NF { n = NR } END { print n + 0 }'); }
new_lines() { screen | awk -v m="$mark" 'NR >= m'; }
# Lines after the first line, from the mark on, equal to $1 (a command echoed after its prompt).
after() { screen | awk -v p="$1" -v m="$mark" 'found { print } NR >= m && !found && $0 == p { found = 1 }'; }

# poll CMD...: runs CMD every 0.1 s until it succeeds (status 0) or TIMEOUT passes (status 1).
poll() {
    local deadline=$((SECONDS + TIMEOUT))
    while ((SECONDS < deadline)); do
        "$@" && return 0
        sleep 0.1
    done
    return 1
}
# wait_until DESC CMD...: a check: polls CMD and counts a pass, or a failure named DESC.
wait_until() {
    local desc=$1
    shift
    if poll "$@"; then
        pass
        return 0
    fi
    fail "$desc (waited ${TIMEOUT}s)"
    return 1
}
prompt_ready() { [[ "$(last_line)" == ">" ]]; }
continuation_ready() { [[ "$(last_line)" == ">>" ]]; }
screen_has() { screen | grep -qF -- "$1"; }
new_lines_match() { new_lines | grep -qE -- "$1"; }
after_has_line() { after "$1" | grep -qxF -- "$2"; }  # exact line after command $1
after_has_text() { after "$1" | grep -qF -- "$2"; }   # substring after command $1
after_matches() { after "$1" | grep -qE -- "$2"; }    # extended regex after command $1
last_line_is() { [[ "$(last_line)" == "$1" ]]; }
exited() { [[ -s "$tmp/status" ]]; } # chaoslab has exited (its status is in $tmp/status)

type_text() { tm send-keys -t "$SESSION" -l -- "$1"; } # literal: "end" must not become the End key
key() { tm send-keys -t "$SESSION" "$@"; }
# ready: waits for a fresh prompt and marks it (not a check of its own: a failure is reported).
ready() {
    poll prompt_ready || fail "no prompt (waited ${TIMEOUT}s)"
    set_mark
}
# send LINE: at a fresh prompt, types LINE and Enter.
send() {
    ready
    type_text "$1"
    key Enter
}
# expect LINE OUTPUT: runs LINE and waits for OUTPUT as a whole line after it.
expect() {
    send "$1"
    wait_until "'$1' prints '$2'" after_has_line "> $1" "$2" || true
}

# ---- first session ----------------------------------------------------------------------------------

start
wait_until "banner" screen_has "chaoslab $("$BIN" -e 'io.write(chaoslab.version)') (Lua 5.4" || true
wait_until "banner mentions help()" screen_has "help() lists everything" || true
if ! wait_until "first prompt" prompt_ready; then
    echo "$passed passed, $failed failed (no prompt: the remaining checks would only time out)"
    exit 1
fi

expect '1 + 2' '3'
expect '{1, 2, 3}' '{1, 2, 3}'
expect '"text"' '"text"'
send '1, nil, true'
# Several values print tab-separated (the terminal shows the tabs as spaces).
wait_until "several results print on one line" after_matches '> 1, nil, true' '^1 +nil +true$' || true
expect '=2 * 21' '42'

big='(function() local t = {} for i = 1, 1000 do t[i] = i end return t end)()'
expect "$big" '{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, ... (988 more)}'
send 'chaoslab.zeros(10^6)'
wait_until "an array of 10^6 elements prints in summary" after_has_line '> chaoslab.zeros(10^6)' \
    'array{0, 0, 0, ..., 0, 0, 0} (1000000 elements)' || true
long_lines=$(after '> chaoslab.zeros(10^6)' | awk 'length($0) > 120' | wc -l)
[[ $long_lines -eq 0 ]] && pass || fail "no long lines printed for a large array"

# Multi-line statement: incomplete input asks for more with ">> ".
send 'for i = 1, 3 do'
wait_until "continuation prompt after 'for ... do'" continuation_ready || true
type_text 'print(i * 10)'
key Enter
wait_until "continuation prompt after the body" after_has_line '>> print(i * 10)' '>>' || true
type_text 'end'
key Enter
wait_until "the loop runs once complete" after_has_line '>> end' '30' || true
out=$(after '>> end' | head -3 | tr '\n' ' ')
[[ "$out" == "10 20 30 " ]] && pass || fail "the loop prints 10 20 30 (got '$out')"

send 'x = 42'
expect 'x' '42'

# Ctrl-C at a continuation prompt drops the unfinished statement.
send 'if true then'
wait_until "continuation prompt after 'if ... then'" continuation_ready || true
key C-c
wait_until "Ctrl-C at '>>' gives a fresh prompt" prompt_ready || true
expect 'x + 1' '43'

# Tab completion: module fields and object methods.
ready
type_text 'chaoslab.lins'
key Tab
wait_until "Tab completes chaoslab.lins to chaoslab.linspace" last_line_is '> chaoslab.linspace' || true
type_text '(0, 1, 5):sum()'
key Enter
wait_until "the completed line runs" after_has_line '> chaoslab.linspace(0, 1, 5):sum()' '2.5' || true

ready
type_text 'print(chaoslab.lins'
key Tab
wait_until "Tab completes after '('" last_line_is '> print(chaoslab.linspace' || true
type_text '(0, 1, 3):sum())'
key Enter
wait_until "the completed call runs" after_has_line '> print(chaoslab.linspace(0, 1, 3):sum())' '1.5' || true

send 'a = chaoslab.zeros(3)'
ready
type_text 'a:me'
key Tab
wait_until "Tab completes a:me to a:mean" last_line_is '> a:mean' || true
type_text '()'
key Enter
wait_until "the completed method call runs" after_has_line '> a:mean()' '0.0' || true

send 'tabs = {alpha = 1, also = 2, beta = 3}'
ready
type_text 'tabs.al'
key Tab
key Tab
wait_until "Tab Tab lists tabs.alpha and tabs.also" new_lines_match '^tabs\.alpha +tabs\.also$' || true
key C-u
key Enter

# help(x)
send 'help(chaoslab.linspace)'
wait_until "help prints the signature" after_has_line '> help(chaoslab.linspace)' 'linspace(a, b, n) -> chaoslab.Array' || true
send 'help(a)'
wait_until "help(object) names its type" after_has_line '> help(a)' 'chaoslab.Array' || true

# Ctrl-C at the prompt drops a half-typed line.
ready
type_text 'print("half typed'
wait_until "the half-typed line is shown" screen_has 'print("half typed' || true
key C-c
wait_until "Ctrl-C at the prompt gives a fresh prompt" prompt_ready || true
if [[ $KNOWN_BUGS == 1 ]]; then
    # Known bug (bindings/host/repl.cpp read_line): with readline's default enable-bracketed-paste,
    # rl_callback_handler_remove() writes "\e[?2004l\r" before "^C\n" is printed, so "^C"
    # overwrites the prompt: the screen shows '^Cprint("half typed', not '> print("half typed^C'.
    new_lines | grep -qF '> print("half typed^C' && pass || fail "the dropped line stays readable after its prompt"
fi
expect 'x' '42' # had the line been kept, this would read print("half typedx

# Ctrl-C during a long native call interrupts it; the session stays.
send 'chaoslab.sleep(30000)'
sleep 1
t0=$SECONDS
key C-c
wait_until "Ctrl-C interrupts chaoslab.sleep" after_has_text '> chaoslab.sleep(30000)' 'interrupted' || true
wait_until "prompt after the interrupted sleep" prompt_ready || true
((SECONDS - t0 <= 5)) && pass || fail "the interrupted sleep returned within 5 s ($((SECONDS - t0)) s)"
expect 'x' '42'

# Ctrl-C also stops a pure-Lua infinite loop.
send 'while true do end'
sleep 0.5
key C-c
wait_until "Ctrl-C interrupts an infinite Lua loop" after_has_text '> while true do end' 'interrupted' || true
expect 'x' '42'

# Errors print and the session continues.
send 'error("oops from the test")'
wait_until "runtime errors are printed" after_has_text '> error("oops from the test")' 'stdin:1: oops from the test' || true
send 'x = = 1'
wait_until "syntax errors are printed" after_has_text '> x = = 1' "unexpected symbol near '='" || true
send 'chaoslab.linspace(0, 1, 0)'
wait_until "binding errors are printed" after_has_text '> chaoslab.linspace(0, 1, 0)' \
    "bad argument #3 to 'linspace' (must be in [1, 68719476736], got 0)" || true
expect 'x' '42'

# The REPL is not strict: an undeclared global is nil.
expect 'never_assigned_in_repl' 'nil'

# Commands over 1 s print their time.
send 'chaoslab.sleep(1100)'
wait_until "a slow command prints its time" after_has_text '> chaoslab.sleep(1100)' '(1.1' || true

send 'last_in_first_session = 7'
ready
key C-d
wait_until "Ctrl-D exits" exited || true
status=$(cat "$tmp/status" 2>/dev/null || true)
[[ "$status" == 0 ]] && pass || fail "Ctrl-D exits with status 0 (got '$status')"

# ---- the history file ------------------------------------------------------------------------------

if [[ -f "$tmp/hist" ]]; then
    pass
    for line in '1 + 2' 'x = 42' 'chaoslab.linspace(0, 1, 5):sum()' 'a:mean()' 'chaoslab.sleep(30000)' \
        'last_in_first_session = 7'; do
        grep -qxF -- "$line" "$tmp/hist" && pass || fail "history file has '$line'"
    done
    grep -qF 'half typed' "$tmp/hist" && fail "a line dropped with Ctrl-C is not in the history" || pass
else
    fail "the history file $tmp/hist was written"
fi

# ---- second session: history recall and -i after a script -------------------------------------------

cat >"$tmp/init.lua" <<'EOF'
from_script = 99
print("init script ran")
EOF
start -i "$tmp/init.lua"
wait_until "-i runs the script first" screen_has 'init script ran' || true
wait_until "-i then starts the REPL" prompt_ready || true
key Up
wait_until "Up recalls the previous session's last line" last_line_is '> last_in_first_session = 7' || true
key Enter
expect 'last_in_first_session' '7'
expect 'from_script' '99'
expect 'never_assigned_after_script' 'nil' # the script was strict, the REPL is not

if [[ $KNOWN_BUGS == 1 ]]; then
    # Known bug (bindings/host/repl.cpp run_repl): results are printed (print_results) after docall
    # has put SIGINT back to SIG_DFL, so Ctrl-C while a result is being printed kills the REPL
    # (exit status 130) and the session is lost.
    slow='setmetatable({}, {__tostring = function() chaoslab.sleep(3000) return "slow" end})'
    send "$slow"
    sleep 1
    key C-c
    wait_until "Ctrl-C while a result prints is an interrupt" after_has_text "> $slow" 'interrupted' || true
    expect 'from_script' '99'
fi

ready
key C-d
wait_until "Ctrl-D exits the second session" exited || true
status=$(cat "$tmp/status" 2>/dev/null || true)
[[ "$status" == 0 ]] && pass || fail "the second session exits with status 0 (got '$status')"

finish
