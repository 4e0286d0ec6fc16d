-- Shared helpers for tests/lua/test_*.lua (loaded with dofile next to the test script):
-- named test cases with a pass/fail counter, expected-error checks and approximate equality.
--
--   local T = dofile((arg[0]:match("^(.*)/") or ".") .. "/helpers.lua")
--   T.test("linspace sums", function() assert(T.near(chaoslab.linspace(0, 1, 5):sum(), 2.5)) end)
--   T.done()   -- prints "N passed, M failed"; exits non-zero if anything failed
local T = {}

local passed, failed = 0, 0

-- Runs fn as one named case; a failure is reported (with a traceback) and counted, and the
-- script goes on with the next case.
function T.test(name, fn)
  local ok, err = xpcall(fn, debug.traceback)
  if ok then
    passed = passed + 1
  else
    failed = failed + 1
    io.stderr:write("FAIL ", name, ": ", tostring(err), "\n")
  end
end

-- pcalls fn (or the compiled string `code`); returns the error message, or nil and the reason
-- the expectation failed.
local function caught(fn_or_code, expected)
  local fn = fn_or_code
  if type(fn_or_code) == "string" then
    local chunk, err = load(fn_or_code, "=(expect_error)")
    fn = chunk or function() error(err, 0) end -- a syntax error is an error too
  end
  if type(fn) ~= "function" then return nil, "expect_error: a function or a string of code is required" end
  local ok, msg = pcall(fn)
  if ok then return nil, string.format("expected an error containing %q, but the call succeeded", expected) end
  msg = tostring(msg)
  if not msg:find(expected, 1, true) then
    return nil, string.format("expected an error containing %q, got %q", expected, msg)
  end
  return msg
end

-- Calls fn (or compiles and runs the string `code`) and asserts that it raises an error whose
-- message contains `expected` (plain text, no patterns). Returns the message.
function T.expect_error(fn_or_code, expected)
  local msg, why = caught(fn_or_code, expected)
  if not msg then error(why, 2) end
  return msg
end

-- Like expect_error(fn, expected), and also asserts that the message carries the script position
-- of the call: "<file>:<line>:" where <file> is the base name of the script defining fn and
-- <line> is the line fn starts on (so write fn as a one-liner).
function T.expect_error_at(fn, expected)
  local msg, why = caught(fn, expected)
  if not msg then error(why, 2) end
  local info = debug.getinfo(fn, "S")
  local where = info.short_src:match("([^/\\]+)$") .. ":" .. info.linedefined .. ":"
  if not msg:find(where, 1, true) then
    error(string.format("expected the error to name %q, got %q", where, msg), 2)
  end
  return msg
end

-- True when |a - b| <= tol (default 1e-12 relative to max(1, |a|, |b|)); otherwise false and a
-- message, so `assert(T.near(x, y))` explains a failure.
function T.near(a, b, tol)
  if type(a) ~= "number" or type(b) ~= "number" then
    return false, string.format("near: numbers expected, got %s and %s", type(a), type(b))
  end
  tol = tol or 1e-12 * math.max(1, math.abs(a), math.abs(b))
  if math.abs(a - b) <= tol then return true end
  return false, string.format("expected %.17g to be within %g of %.17g", a, tol, b)
end

-- Asserts a == b with a message showing both values.
function T.eq(a, b, what)
  if a ~= b then
    error(string.format("%sexpected %s, got %s", what and (what .. ": ") or "", tostring(b), tostring(a)), 2)
  end
end

-- Asserts that string s contains `needle` (plain text).
function T.contains(s, needle)
  if type(s) ~= "string" or not s:find(needle, 1, true) then
    error(string.format("expected %q to contain %q", tostring(s), needle), 2)
  end
end

-- Runs a shell command; returns its output (stdout and stderr together) and the exit status as
-- io.popen's close gives it (true|nil, "exit"|"signal", code).
function T.run(cmd)
  local p = assert(io.popen(cmd .. " 2>&1", "r"))
  local out = p:read("a")
  local ok, how, code = p:close()
  return out, ok, how, code
end

-- The command prefix that starts n ranks of a program under mpirun: as root (CI) and with more
-- ranks than cores; LeakSanitizer is off there because it reports Open MPI's own start-up
-- allocations (not ours) in the sanitizer build.
function T.mpirun(n)
  local asan = os.getenv("ASAN_OPTIONS")
  asan = (asan and asan ~= "" and (asan .. ":") or "") .. "detect_leaks=0"
  return string.format("ASAN_OPTIONS=%s mpirun --allow-run-as-root --oversubscribe -n %d ", T.shell_quote(asan), n)
end

-- Quotes a string for /bin/sh.
function T.shell_quote(s)
  return "'" .. tostring(s):gsub("'", "'\\''") .. "'"
end

-- Prints "N passed, M failed" and exits non-zero if any case failed.
function T.done()
  print(string.format("%d passed, %d failed", passed, failed))
  if failed > 0 then os.exit(1) end
end

return T
