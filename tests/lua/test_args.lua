-- chaoslab.args: typed script options, presets, positional arguments, --help, and the errors of
-- unknown or malformed arguments (in a script's words: they are what a user at the shell sees).
local T = dofile((arg[0]:match("^(.*)/") or ".") .. "/helpers.lua")
local cl = require "chaoslab"
local BIN = os.getenv("CHAOSLAB_TEST_BIN") or "chaoslab"

local defaults = { n = 1000, rate = 2.5, output = "out.h5", verbose = false, g = { 1, 4, 7 } }
local presets = { quick = { n = 100, output = "quick.h5", g = { 4 } } }

T.test("defaults, typed values in both spellings, booleans, lists", function()
  local o = cl.args({}, defaults, presets)
  T.eq(o.n, 1000); T.eq(o.output, "out.h5"); T.eq(o.verbose, false); T.eq(o.quick, false); T.eq(#o, 0)
  o = cl.args({ "--n", "200", "--rate=0.5", "--output", "x.h5", "--verbose", "--g", "1,2.5,-3" }, defaults, presets)
  T.eq(o.n, 200); T.eq(math.type(o.n), "integer"); T.eq(o.rate, 0.5); T.eq(o.output, "x.h5"); T.eq(o.verbose, true)
  T.eq(#o.g, 3); T.eq(o.g[2], 2.5); T.eq(o.g[3], -3)
  T.eq(cl.args({ "--rate", "3" }, defaults).rate, 3)
  T.eq(cl.args({ "--rate", "-1e-3" }, defaults).rate, -1e-3)
  T.eq(cl.args({ "--verbose", "--no-verbose" }, defaults).verbose, false)
  T.eq(cl.args({ "--verbose=false" }, defaults).verbose, false)
  T.eq(cl.args({ "--n", "1e3" }, defaults).n, 1000)
  -- The defaults table is not changed.
  T.eq(defaults.n, 1000); T.eq(#defaults.g, 3)
end)

T.test("presets set several options; explicit options win whatever their order", function()
  local o = cl.args({ "--quick" }, defaults, presets)
  T.eq(o.quick, true); T.eq(o.n, 100); T.eq(o.output, "quick.h5"); T.eq(#o.g, 1); T.eq(o.rate, 2.5)
  o = cl.args({ "--n", "7", "--quick" }, defaults, presets)
  T.eq(o.n, 7); T.eq(o.output, "quick.h5")
  o = cl.args({ "--quick", "--n=8" }, defaults, presets)
  T.eq(o.n, 8)
end)

T.test("positional arguments form the list part; -- ends the options", function()
  local o = cl.args({ "a.csv", "--n", "5", "b.csv", "--", "--n" }, defaults)
  T.eq(#o, 3); T.eq(o[1], "a.csv"); T.eq(o[2], "b.csv"); T.eq(o[3], "--n"); T.eq(o.n, 5)
end)

T.test("bad arguments name the option and the value, at the script's line", function()
  T.expect_error_at(function() cl.args({ "--nn", "5" }, defaults, presets) end,
    "chaoslab.args: unknown argument '--nn' (did you mean '--n'?); the options are --g, --n, --output, --rate, "
      .. "--verbose, --quick, --help")
  T.expect_error(function() cl.args({ "--quik" }, defaults, presets) end, "(did you mean '--quick'?)")
  local msg = T.expect_error(function() cl.args({ "--zzzzzzz" }, defaults) end, "unknown argument '--zzzzzzz';")
  assert(not msg:find("did you mean", 1, true), msg)
  T.expect_error(function() cl.args({ "--n", "abc" }, defaults) end,
    "chaoslab.args: option '--n' needs a number, got 'abc'")
  T.expect_error(function() cl.args({ "--n", "2.5" }, defaults) end,
    "chaoslab.args: option '--n' needs an integer, got '2.5'")
  T.expect_error(function() cl.args({ "--n", "inf" }, defaults) end, "option '--n' needs a number, got 'inf'")
  T.expect_error(function() cl.args({ "--n" }, defaults) end, "chaoslab.args: option '--n' needs a value")
  T.expect_error(function() cl.args({ "--verbose=maybe" }, defaults) end,
    "chaoslab.args: option '--verbose' needs true or false, got 'maybe'")
  T.expect_error(function() cl.args({ "--g", "1,x" }, defaults) end,
    "chaoslab.args: option '--g' needs a comma-separated list of numbers, got '1,x'")
  T.expect_error(function() cl.args({ "--quick=1" }, defaults, presets) end,
    "chaoslab.args: preset '--quick' takes no value, got '1'")
  T.expect_error(function() cl.args({ "--no-n" }, defaults) end, "unknown argument '--no-n'")
  T.expect_error(function() cl.args({ "-n" }, defaults) end,
    "cannot read argument '-n' (options are written --name value)")
end)

T.test("a wrong declaration in the script is an error too", function()
  T.expect_error(function() cl.args(nil, defaults) end, "chaoslab.args: argument #1 must be the script's arg table")
  T.expect_error(function() cl.args({}, { n = {} }) end,
    "chaoslab.args: default of 'n' must be a number, string, boolean or list of numbers, got table")
  T.expect_error(function() cl.args({}, defaults, { quick = { m = 1 } }) end,
    "chaoslab.args: preset 'quick' sets 'm', which is not an option")
  T.expect_error(function() cl.args({}, defaults, { quick = { n = "big" } }) end,
    "chaoslab.args: preset 'quick' sets 'n' to a string, but its default is an integer")
  T.expect_error(function() cl.args({}, defaults, { n = {} }) end,
    "chaoslab.args: preset 'n' has the name of an option")
end)

T.test("--help prints the usage text, every option with its default and the presets, and exits 0", function()
  local dir = os.tmpname()
  os.remove(dir)
  assert(os.execute("mkdir -p " .. T.shell_quote(dir)))
  local script = dir .. "/study.lua"
  local f = assert(io.open(script, "w"))
  f:write([[
    local o = chaoslab.args(arg, { n = 1000, output = "out.h5", g = { 1, 4 } }, { quick = { n = 10 } },
                            "study.lua: a test study")
    print("ran with n = " .. o.n)
  ]])
  f:close()
  local out, ok = T.run(T.shell_quote(BIN) .. " " .. T.shell_quote(script) .. " --help")
  assert(ok, out)
  T.contains(out, "study.lua: a test study")
  T.contains(out, "--n       integer (default 1000)")
  T.contains(out, "--g       numbers, comma-separated (default 1,4)")
  T.contains(out, "--output  string (default out.h5)")
  T.contains(out, "--quick   preset: n=10")
  assert(not out:find("ran with", 1, true), "the script stops after --help")
  out, ok = T.run(T.shell_quote(BIN) .. " " .. T.shell_quote(script) .. " --quick")
  assert(ok, out)
  T.contains(out, "ran with n = 10")
  out, ok = T.run(T.shell_quote(BIN) .. " " .. T.shell_quote(script) .. " --nn 5")
  assert(not ok, "an unknown argument fails the script")
  T.contains(out, "chaoslab.args: unknown argument '--nn' (did you mean '--n'?)")
  os.execute("rm -rf " .. T.shell_quote(dir))
end)

T.test("help(chaoslab.args) documents it", function()
  T.contains(cl.doc(cl.args), "chaoslab.args(arg, defaults [, presets [, usage]])")
end)

T.done()
