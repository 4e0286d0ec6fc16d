#!/usr/bin/env bash
# shellcheck disable=SC2015  # "cond && pass || fail" is safe: pass and fail always return 0
# The chaoslab command line as a user drives it: -e, scripts with arguments, stdin, options,
# exit codes and error reports, and finding the stdlib from another cwd and from an installed tree.
# usage: bash tests/host/test_cli.sh <path of the chaoslab binary>
set -euo pipefail

BIN=$(realpath "${1:?usage: test_cli.sh <chaoslab binary>}")
BUILD_DIR=$(realpath "$(dirname "$BIN")/..") # the binary is <build>/bin/chaoslab
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# shellcheck source=../harness.sh
source "$(dirname "${BASH_SOURCE[0]}")/../harness.sh"

# run CMD...: runs the command with stdin from /dev/null; sets $out, $err and $rc.
run() {
    set +e
    "$@" <"${STDIN_FILE:-/dev/null}" >"$tmp/out" 2>"$tmp/err"
    rc=$?
    set -e
    out=$(cat "$tmp/out")
    err=$(cat "$tmp/err")
}
# run_stdin TEXT CMD...: like run, with TEXT as standard input (a pipe, not a terminal).
run_stdin() {
    local text=$1
    shift
    set +e
    printf '%s\n' "$text" | "$@" >"$tmp/out" 2>"$tmp/err"
    rc=$?
    set -e
    out=$(cat "$tmp/out")
    err=$(cat "$tmp/err")
}

expect_rc() { # name expected
    if [[ "$rc" == "$2" ]]; then pass; else fail "$1: exit status $rc, expected $2" "stdout: $out | stderr: $err"; fi
}
expect_eq() { # name actual expected
    if [[ "$2" == "$3" ]]; then pass; else fail "$1" "expected: $(printf '%q' "$3")  got: $(printf '%q' "$2")"; fi
}
expect_contains() { # name haystack needle
    if [[ "$2" == *"$3"* ]]; then pass; else fail "$1: missing '$3'" "in: $2"; fi
}
expect_not_contains() { # name haystack needle
    if [[ "$2" != *"$3"* ]]; then pass; else fail "$1: unexpected '$3'" "in: $2"; fi
}

# ---- -e --------------------------------------------------------------------------------------------

run "$BIN" -e 'print(chaoslab.linspace(0, 1, 5):sum())'
expect_rc "-e one-liner" 0
expect_eq "-e prints 2.5" "$out" "2.5"
expect_eq "-e: nothing on stderr" "$err" ""

run "$BIN" -e 'x = 1' -e 'x = x + 1' -e 'print("x", x)'
expect_rc "several -e" 0
expect_eq "several -e run in order in one state" "$out" "x	2"

run "$BIN" -e'print("glued")'
expect_eq "-ecode without a space" "$out" "glued"

run "$BIN" -e 'print(require("chaoslab") == chaoslab, help == chaoslab.help)'
expect_eq "module global and require are the same table" "$out" "true	true"

run "$BIN" -e 'error("first fails")' -e 'print("second")'
expect_rc "-e error" 1
expect_not_contains "-e error stops the later -e" "$out" "second"
expect_contains "-e error names the chunk" "$err" "chaoslab: (command line):1: first fails"
expect_contains "-e error has a traceback" "$err" "stack traceback:"

run "$BIN" -e
expect_rc "-e without code" 1
expect_contains "-e without code says why" "$err" "'-e' needs an argument"

# ---- scripts and arguments -----------------------------------------------------------------------

cat >"$tmp/args.lua" <<'EOF'
print("arg0", arg[0])
print("arg1", arg[1])
print("arg2", arg[2])
print("n", #arg)
print("varargs", select("#", ...), ...)
print("argm1", arg[-1])
EOF
run "$BIN" "$tmp/args.lua" a "b c"
expect_rc "script with arguments" 0
expect_contains "arg[0] is the script" "$out" "arg0	$tmp/args.lua"
expect_contains "arg[1]" "$out" "arg1	a"
expect_contains "arg[2] keeps spaces" "$out" "arg2	b c"
expect_contains "#arg counts script arguments" "$out" "n	2"
expect_contains "... are the script arguments" "$out" "varargs	2	a	b c"
expect_contains "arg[-1] is the interpreter" "$out" "argm1	$BIN"

run "$BIN" --threads 2 "$tmp/args.lua" x
expect_contains "options go to negative arg indices" "$out" "argm1	2"
expect_contains "script args after options" "$out" "varargs	1	x"

run "$BIN" "$tmp/args.lua" -e 'print(1)'
expect_contains "options after the script belong to the script" "$out" "varargs	2	-e	print(1)"

run "$BIN" -- "$tmp/args.lua" y
expect_contains "-- ends the options" "$out" "varargs	1	y"

printf '#!/usr/bin/env chaoslab\nprint("shebang ok")\n' >"$tmp/shebang.lua"
run "$BIN" "$tmp/shebang.lua"
expect_eq "a #! first line is skipped" "$out" "shebang ok"

printf 'os.exit(3)\n' >"$tmp/exit3.lua"
run "$BIN" "$tmp/exit3.lua"
expect_rc "os.exit(3) is the exit status" 3

# ---- stdin -----------------------------------------------------------------------------------------

run_stdin 'print("from stdin", ...)' "$BIN" - p q
expect_rc "- reads stdin" 0
expect_eq "- runs stdin with the arguments" "$out" "from stdin	p	q"

run_stdin 'print("piped", chaoslab.linspace(0, 1, 5):sum())' "$BIN"
expect_rc "piped script without arguments" 0
expect_eq "non-terminal stdin runs as a script (no banner, no prompt)" "$out" "piped	2.5"

run_stdin $'local t = 0\nfor i = 1, 4 do t = t + i end\nprint(t)' "$BIN"
expect_eq "multi-line piped script" "$out" "10"

run_stdin $'print("before")\nprint(typo_global_zz)' "$BIN"
expect_rc "piped script error" 1
expect_eq "piped script ran up to the error" "$out" "before"
expect_contains "piped script is strict, error names stdin:2" "$err" "chaoslab: stdin:2: undeclared global 'typo_global_zz'"

run_stdin 'print("ignored")' "$BIN" -e 'print("only -e")'
expect_eq "with -e, stdin is not read (as lua.c)" "$out" "only -e"

# ---- options ---------------------------------------------------------------------------------------

run "$BIN" --version
expect_rc "--version" 0
[[ "$out" =~ ^chaoslab\ [0-9]+\.[0-9]+\.[0-9]+\ \(Lua\ 5\.4 ]] && pass || fail "--version output" "$out"
version_line=$out
run "$BIN" -v
expect_eq "-v is --version" "$out" "$version_line"
run "$BIN" -e 'print(chaoslab.version)'
expect_contains "--version shows chaoslab.version" "$version_line" "chaoslab $out "

run "$BIN" --help
expect_rc "--help" 0
expect_contains "--help shows usage" "$out" "usage: chaoslab [options] [script [args]]"
for opt in -e -i --threads --no-strict --version --help; do
    expect_contains "--help lists $opt" "$out" "$opt"
done
expect_eq "--help writes nothing on stderr" "$err" ""
run "$BIN" -h
expect_contains "-h is --help" "$out" "usage: chaoslab"

run "$BIN" --bogus
expect_rc "unknown option" 1
expect_contains "unknown option is named" "$err" "chaoslab: unrecognized option '--bogus'"
expect_contains "unknown option prints usage on stderr" "$err" "usage: chaoslab"
expect_eq "unknown option: nothing on stdout" "$out" ""

run "$BIN" --threads 2 -e 'print(chaoslab.threads())'
expect_rc "--threads 2" 0
expect_eq "--threads 2 sets chaoslab.threads()" "$out" "2"
run "$BIN" --threads=1 -e 'print(chaoslab.threads())'
expect_eq "--threads=1" "$out" "1"
for bad in 0 x -1 1.5 1025 ""; do
    run "$BIN" --threads "$bad" -e 'print("ran")'
    expect_rc "--threads '$bad' is rejected" 1
    expect_contains "--threads '$bad' says why" "$err" "'--threads' must be an integer from 1 to 1024, got '$bad'"
    expect_not_contains "--threads '$bad' runs nothing" "$out" "ran"
done
run "$BIN" --threads
expect_rc "--threads without a number" 1
expect_contains "--threads without a number says why" "$err" "'--threads' needs a number"

run "$BIN" -e 'print(undeclared_global_q)'
expect_rc "strict globals in -e" 1
expect_contains "strict error text" "$err" "(command line):1: undeclared global 'undeclared_global_q'"
run "$BIN" --no-strict -e 'print(undeclared_global_q)'
expect_rc "--no-strict" 0
expect_eq "--no-strict reads nil" "$out" "nil"

# ---- errors ----------------------------------------------------------------------------------------

cat >"$tmp/fails.lua" <<'EOF'
local function inner()
  error("boom from inner")
end
print("started")
inner()
EOF
run "$BIN" "$tmp/fails.lua"
expect_rc "script error exits 1" 1
expect_eq "script ran until the error" "$out" "started"
expect_contains "error message names file:line" "$err" "chaoslab: $tmp/fails.lua:2: boom from inner"
expect_contains "error has a traceback" "$err" "stack traceback:"
expect_contains "traceback names the caller's line" "$err" "$tmp/fails.lua:5: in main chunk"

cat >"$tmp/badarg.lua" <<'EOF'
local n = 0
local a = chaoslab.linspace(0, 1, n)
EOF
run "$BIN" "$tmp/badarg.lua"
expect_rc "bound function error exits 1" 1
expect_contains "bound function error has the script position" "$err" \
    "chaoslab: $tmp/badarg.lua:2: bad argument #3 to 'linspace' (must be in [1, 68719476736], got 0)"
expect_contains "traceback names the C function" "$err" "in function 'chaoslab.linspace'"

printf 'print("never")\nlocal x = = 1\n' >"$tmp/syntax.lua"
run "$BIN" "$tmp/syntax.lua"
expect_rc "syntax error exits 1" 1
expect_contains "syntax error names file:line" "$err" "chaoslab: $tmp/syntax.lua:2: unexpected symbol near '='"
expect_eq "a script with a syntax error does not run" "$out" ""

run "$BIN" "$tmp/no_such_script.lua"
expect_rc "missing script exits 1" 1
expect_contains "missing script is named" "$err" "chaoslab: cannot open $tmp/no_such_script.lua"

run "$BIN" -e 'error({})'
expect_rc "non-string error object" 1
expect_contains "non-string error object is described" "$err" "(error object is a table value)"

run "$BIN" -e 'error(setmetatable({}, {__tostring = function() return "custom error object" end}))'
expect_contains "error object with __tostring" "$err" "chaoslab: custom error object"

# Ctrl-C (SIGINT) stops a running script with "interrupted", in native code and in Lua code.
# The signal is sent once the script says it runs: before that (start-up, slow under ASan and
# load) SIGINT keeps its default action, as in lua.c.
interrupt_when_ready() { # code
    "$BIN" -e "io.stderr:write('ready\\n'); $1" >"$tmp/out" 2>"$tmp/err" &
    local pid=$! i
    for ((i = 0; i < 200; i++)); do
        grep -q ready "$tmp/err" 2>/dev/null && break
        sleep 0.05
    done
    sleep 0.2
    kill -INT "$pid"
    set +e
    wait "$pid"
    rc=$?
    set -e
    out=$(cat "$tmp/out")
    err=$(cat "$tmp/err")
}
t0=$SECONDS
interrupt_when_ready 'chaoslab.sleep(20000)'
expect_rc "SIGINT during a native call exits 1" 1
expect_contains "SIGINT during a native call reports it" "$err" "chaoslab: (command line):1: interrupted"
((SECONDS - t0 <= 10)) && pass || fail "SIGINT stops chaoslab.sleep within seconds ($((SECONDS - t0)) s)"
interrupt_when_ready 'while true do end'
expect_rc "SIGINT during a Lua loop exits 1" 1
expect_contains "SIGINT during a Lua loop reports it" "$err" "interrupted"

# ---- the stdlib is found relative to the executable -------------------------------------------------

mkdir -p "$tmp/cwd/chaoslab"
printf 'error("stdlib loaded from the current directory")\n' >"$tmp/cwd/chaoslab/prelude.lua"
cp "$tmp/cwd/chaoslab/prelude.lua" "$tmp/cwd/chaoslab/strict.lua"
cp "$tmp/cwd/chaoslab/prelude.lua" "$tmp/cwd/chaoslab/help.lua"
printf 'print("script in another dir", chaoslab.linspace(0, 1, 5):sum(), ...)\n' >"$tmp/elsewhere.lua"
(cd "$tmp/cwd" && run "$BIN" "$tmp/elsewhere.lua" z && printf '%s\n%s\n%s\n' "$rc" "$out" "$err" >"$tmp/cwd.result")
{ read -r rc; read -r out; err=$(cat); } <"$tmp/cwd.result"
expect_rc "running from another cwd" 0
expect_eq "another cwd: the real stdlib is used" "$out" "script in another dir	2.5	z"

(cd "$tmp/cwd" && LUA_PATH='./?.lua;./?/init.lua;;' run "$BIN" "$tmp/elsewhere.lua" &&
    printf '%s\n%s\n' "$rc" "$out" >"$tmp/cwd.result")
{ read -r rc; read -r out; } <"$tmp/cwd.result"
expect_eq "LUA_PATH with ./?.lua first still loads the real stdlib" "$out" "script in another dir	2.5"

(cd /tmp && run "$BIN" "$tmp/elsewhere.lua" && printf '%s\n%s\n' "$rc" "$out" >"$tmp/cwd.result")
{ read -r rc; read -r out; } <"$tmp/cwd.result"
expect_rc "running from /tmp with an absolute script path" 0
expect_eq "from /tmp" "$out" "script in another dir	2.5"

ln -s "$BIN" "$tmp/chaoslab-link"
run "$tmp/chaoslab-link" -e 'print("via symlink")'
expect_eq "a symlink to the binary finds the stdlib" "$out" "via symlink"

mkdir -p "$tmp/lonely/bin"
cp "$BIN" "$tmp/lonely/bin/chaoslab"
run "$tmp/lonely/bin/chaoslab" -e 'print("ran")'
expect_rc "a binary without its stdlib fails" 1
expect_contains "missing stdlib is reported with the place looked in" "$err" \
    "chaoslab: cannot find the Lua stdlib (looked in $tmp/lonely/share/chaoslab/lua)"

# ---- cmake --install ------------------------------------------------------------------------------------

if [[ -f "$BUILD_DIR/CMakeCache.txt" ]]; then
    set +e
    cmake --install "$BUILD_DIR" --prefix "$tmp/prefix" >"$tmp/install.log" 2>&1
    rc=$?
    set -e
    out=$(cat "$tmp/install.log")
    err=""
    expect_rc "cmake --install" 0
    [[ -x "$tmp/prefix/bin/chaoslab" ]] && pass || fail "installed binary at <prefix>/bin/chaoslab"
    [[ -f "$tmp/prefix/share/chaoslab/lua/chaoslab/prelude.lua" ]] && pass ||
        fail "installed stdlib at <prefix>/share/chaoslab/lua"
    (cd / && run "$tmp/prefix/bin/chaoslab" "$tmp/elsewhere.lua" && printf '%s\n%s\n' "$rc" "$out" >"$tmp/inst.result")
    { read -r rc; read -r out; } <"$tmp/inst.result"
    expect_rc "installed binary runs a script" 0
    expect_eq "installed binary output" "$out" "script in another dir	2.5"
    run "$tmp/prefix/bin/chaoslab" -e 'print(package.searchpath("chaoslab.strict", package.path))'
    expect_eq "installed binary uses the installed stdlib" "$out" \
        "$tmp/prefix/share/chaoslab/lua/chaoslab/strict.lua"
    run "$tmp/prefix/bin/chaoslab" --version
    expect_eq "installed --version" "$out" "$version_line"
else
    fail "cmake --install: no CMakeCache.txt in $BUILD_DIR (derived from $BIN)"
fi

finish
