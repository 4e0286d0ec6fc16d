-- The chaoslab module as a script sees it: global and require, help, version, type/methods,
-- threads and sleep, strict globals, and the exact error messages of the API, each carrying the
-- script position ("test_module.lua:<line>:").
local T = dofile((arg[0]:match("^(.*)[/\\]") or ".") .. "/helpers.lua")
local expect_error, expect_error_at, near, eq, contains = T.expect_error, T.expect_error_at, T.near, T.eq, T.contains
local cl = chaoslab

-- ---- the module itself ------------------------------------------------------------------------

T.test("chaoslab is a preloaded global and the value of require 'chaoslab'", function()
  eq(type(chaoslab), "table")
  eq(require "chaoslab", chaoslab)
  eq(package.loaded.chaoslab, chaoslab)
  eq(require("chaoslab"), require("chaoslab"))
end)

T.test("help is a global equal to chaoslab.help", function()
  eq(type(help), "function")
  eq(help, chaoslab.help)
  eq(type(chaoslab.doc), "function")
end)

T.test("chaoslab.version is a version string and matches --version", function()
  eq(type(cl.version), "string")
  assert(cl.version:match("^%d+%.%d+%.%d+"), "version looks like x.y.z: " .. cl.version)
  local bin = os.getenv("CHAOSLAB_TEST_BIN")
  if bin then
    local out = T.run(T.shell_quote(bin) .. " --version")
    contains(out, "chaoslab " .. cl.version)
  end
end)

T.test("stdlib modules come from the stdlib folder beside the executable", function()
  local path = package.searchpath("chaoslab.strict", package.path)
  assert(path, "chaoslab.strict is on package.path")
  assert(path:match("share/chaoslab/lua/chaoslab/strict%.lua$"), "found at " .. path)
  assert(path:sub(1, 1) == "/", "an absolute path, not relative to the cwd: " .. path)
end)

-- ---- type and methods ---------------------------------------------------------------------------

T.test("chaoslab.type names chaoslab objects and falls back to Lua's type", function()
  eq(cl.type(cl.zeros(3)), "chaoslab.Array")
  eq(cl.type(cl.seed(1)), "chaoslab.Seed")
  eq(cl.type(cl.normal(0, 1)), "chaoslab.Distribution")
  eq(cl.type(1), "number")
  eq(cl.type("s"), "string")
  eq(cl.type({}), "table")
  eq(cl.type(nil), "nil")
  eq(cl.type(io.stdout), "FILE*") -- a foreign userdata reports its own __name
  expect_error_at(function() cl.type() end, "bad argument #1 to 'type' (value expected)")
end)

T.test("chaoslab.methods lists the sorted methods of an object", function()
  local m = cl.methods(cl.zeros(2))
  local set = {}
  for i, name in ipairs(m) do
    set[name] = true
    if i > 1 then assert(m[i - 1] < name, "sorted") end
  end
  for _, name in ipairs { "sum", "mean", "var", "std", "min", "max", "slice", "totable", "shape", "copy" } do
    assert(set[name], "Array has method " .. name)
  end
  eq(table.concat(cl.methods(cl.seed(1)), ","), "child")
  eq(table.concat(cl.methods(cl.normal(0, 1)), ","), "mean,sample,var")
  eq(#cl.methods({}), 0)
  eq(#cl.methods(5), 0)
  expect_error_at(function() cl.methods() end, "bad argument #1 to 'methods' (value expected)")
end)

-- ---- help for every bound function and type --------------------------------------------------------

T.test("help(x) knows every function of the module", function()
  local n = 0
  for name, v in pairs(cl) do
    if type(v) == "function" then
      local text = cl.doc(v)
      assert(not text:find("^no help"), "no help for chaoslab." .. name)
      n = n + 1
    end
  end
  assert(n >= 15, "the module has its functions, got " .. n)
end)

T.test("help(sub-module) lists its documented functions, and every function in it has help", function()
  local modules = 0
  for name, v in pairs(cl) do
    if type(v) == "table" and name ~= "_docs" then
      local fns = {}
      for k, f in pairs(v) do
        if type(f) == "function" then
          assert(not cl.doc(f):find("^no help"), "no help for chaoslab." .. name .. "." .. k)
          fns[#fns + 1] = k
        end
      end
      if #fns > 0 then
        local text = cl.doc(v)
        eq(text:match("^[^\n]*"), "chaoslab." .. name)
        for _, k in ipairs(fns) do contains(text, k) end
        modules = modules + 1
      end
    end
  end
  assert(modules >= 4, "plot, lyapunov, connectome, h5 are sub-modules, got " .. modules)
  contains(cl.doc(cl.plot), "Figures as standalone SVG files")
  contains(cl.doc({}), "no help for this table value")
end)

T.test("help(x) knows every type and every method", function()
  for _, obj in ipairs { cl.zeros(2), cl.seed(1), cl.normal(0, 1) } do
    local tname = cl.type(obj)
    eq(cl.doc(obj):match("^[^\n]*"), tname)
    eq(cl.doc(tname):match("^[^\n]*"), tname)
    for _, m in ipairs(cl.methods(obj)) do
      local text = cl.doc(obj[m])
      assert(not text:find("^no help"), "no help for " .. tname .. ":" .. m)
      contains(cl.doc(tname), m) -- listed under the type's Methods
    end
  end
end)

T.test("help prints the signature and summary; doc returns them", function()
  local lines = {}
  local real_print = print
  print = function(...) lines[#lines + 1] = table.concat({ ... }, "\t") end -- luacheck: ignore
  local ok, err = pcall(help, cl.linspace)
  print = real_print -- luacheck: ignore
  assert(ok, err)
  contains(lines[1], "linspace(a, b, n) -> chaoslab.Array")
  contains(lines[1], "evenly spaced")
  eq(cl.doc("linspace"), cl.doc(cl.linspace))
  contains(cl.doc(cl.zeros(1).mean), "a:mean(")
  contains(cl.doc("seed"), "session")               -- options are listed
  contains(cl.doc("lins"), "related: chaoslab.linspace")
  contains(cl.doc(), "Types: chaoslab.Array")
end)

-- ---- threads and sleep ----------------------------------------------------------------------------

T.test("threads gets and sets the thread count", function()
  local n0 = cl.threads()
  eq(math.type(n0), "integer")
  assert(n0 >= 1)
  eq(cl.threads(1), 1)
  eq(cl.threads(), 1)
  eq(cl.threads(2), 2)
  eq(cl.threads(nil), 2)
  eq(cl.threads(3.0), 3) -- an integral float is accepted
  eq(cl.threads(n0), n0)
end)

T.test("threads rejects bad counts", function()
  expect_error_at(function() cl.threads(0) end, "bad argument #1 to 'threads' (must be in [1, 1024], got 0)")
  expect_error_at(function() cl.threads(1025) end, "bad argument #1 to 'threads' (must be in [1, 1024], got 1025)")
  expect_error_at(function() cl.threads(-3) end, "bad argument #1 to 'threads' (must be in [1, 1024], got -3)")
  expect_error_at(function() cl.threads(1.5) end, "bad argument #1 to 'threads' (integer expected, got 1.5)")
  expect_error_at(function() cl.threads("x") end, "bad argument #1 to 'threads' (number expected, got string)")
  expect_error_at(function() cl.threads({}) end, "bad argument #1 to 'threads' (number expected, got table)")
end)

T.test("sleep waits and rejects bad durations", function()
  cl.sleep(0)
  local t0 = os.clock() -- CPU time: the sleep must not busy-wait much
  local w0 = os.time()
  cl.sleep(20)
  assert(os.clock() - t0 < 0.5, "sleep does not spin")
  assert(os.time() - w0 <= 1)
  expect_error_at(function() cl.sleep(-1) end, "bad argument #1 to 'sleep' (duration must be >= 0 ms)")
  expect_error_at(function() cl.sleep(0 / 0) end, "bad argument #1 to 'sleep' (number must be finite, got ")
  expect_error_at(function() cl.sleep(math.huge) end, "bad argument #1 to 'sleep' (number must be finite, got inf)")
  expect_error_at(function() cl.sleep(-math.huge) end, "bad argument #1 to 'sleep' (number must be finite, got -inf)")
  expect_error_at(function() cl.sleep("soon") end, "bad argument #1 to 'sleep' (number expected, got string)")
  expect_error_at(function() cl.sleep() end, "bad argument #1 to 'sleep' (number expected, got no value)")
end)

T.test("sleep(NaN) names nan", function()
  -- 0/0 may print as "nan" or "-nan" depending on the sign bit; the message uses "nan".
  expect_error_at(function() cl.sleep(0 / 0) end, "got nan)")
end)

-- ---- strict globals ---------------------------------------------------------------------------------

T.test("reading an undeclared global is an error at the reading line", function()
  local msg = expect_error_at(function() return undeclared_thing_q end, "undeclared global 'undeclared_thing_q'")
  contains(msg, "rawget(_G, 'undeclared_thing_q')")
end)

T.test("the strict error suggests a near global name", function()
  my_counter_value = 1
  local msg = expect_error_at(function() return my_counter_valeu end, "undeclared global 'my_counter_valeu'")
  contains(msg, "(did you mean 'my_counter_value'?)")
  expect_error_at(function() pirnt("x") end, "(did you mean 'print'?)")
  -- nothing near: no hint
  local far = expect_error(function() return zzqqxxww_nothing_like_it end, "undeclared global")
  assert(not far:find("did you mean", 1, true), far)
end)

T.test("assigning a global declares it", function()
  strict_a = 42
  eq(strict_a, 42)
  strict_b = nil -- declared with a nil value: reading it is fine
  eq(strict_b, nil)
  local function set_in_function() strict_c = "c" end
  set_in_function()
  eq(strict_c, "c")
  eq(rawget(_G, "never_assigned_r"), nil) -- rawget is the sanctioned test
  eq(_G.strict_a, 42)
  expect_error(function() return _G.never_assigned_r end, "undeclared global 'never_assigned_r'")
end)

T.test("globals that existed before the script are readable", function()
  eq(type(print), "function")
  eq(type(arg), "table")
  eq(type(chaoslab), "table")
  eq(type(help), "function")
end)

-- ---- arrays: messages ---------------------------------------------------------------------------------

T.test("array constructors report bad arguments", function()
  expect_error_at(function() cl.linspace(0, 1, 0) end,
    "bad argument #3 to 'linspace' (must be in [1, 68719476736], got 0)")
  expect_error_at(function() cl.linspace(0, 1, 2.5) end, "bad argument #3 to 'linspace' (integer expected, got 2.5)")
  expect_error_at(function() cl.linspace(0 / 0, 1, 3) end,
    "bad argument #1 to 'linspace' (number must be finite, got nan)")
  expect_error_at(function() cl.linspace(0, math.huge, 3) end,
    "bad argument #2 to 'linspace' (number must be finite, got inf)")
  expect_error_at(function() cl.linspace("a", 1, 3) end, "bad argument #1 to 'linspace' (number expected, got string)")
  expect_error_at(function() cl.range(1, 2, 0) end, "bad argument #3 to 'range' (step must be non-zero)")
  expect_error_at(function() cl.zeros(-1) end, "bad argument #1 to 'zeros' (must be in [0, 68719476736], got -1)")
  expect_error_at(function() cl.zeros({ 2, -1 }) end,
    "bad argument #1 to 'zeros' (shape entries must be non-negative integers, got -1)")
  expect_error_at(function() cl.ones({ 2, 1.5 }) end,
    "bad argument #1 to 'ones' (shape entries must be non-negative integers, got 1.5)")
  expect_error_at(function() cl.zeros({}) end, "bad argument #1 to 'zeros' (shape must have at least one axis)")
  expect_error_at(function() cl.zeros("a") end,
    "bad argument #1 to 'zeros' (shape expected (an integer or a table of integers), got string)")
  expect_error_at(function() cl.zeros({ 2 ^ 20, 2 ^ 20 }) end,
    "bad argument #1 to 'zeros' (shape has too many elements)")
  expect_error_at(function() cl.full(3) end, "bad argument #2 to 'full' (number expected, got no value)")
  expect_error_at(function() cl.array(5) end, "bad argument #1 to 'array' (table expected, got number)")
  expect_error_at(function() cl.array({ 1, "a" }) end, "array: element [2] must be a number, got 'a'")
  expect_error_at(function() cl.array({ { 1, 2 }, { 3 } }) end,
    "array: rows must have equal lengths, element [2] has 1 instead of 2")
  expect_error_at(function() cl.array({ { 1, 2 }, 3 }) end, "array: element [2] must be a table (a row), got 3")
  expect_error_at(function() cl.array({ 1, 2, 3 }, { 2, 2 }) end, "cannot reshape 3 elements into shape {2, 2}")
end)

T.test("array indexing and assignment report bad indices", function()
  local a = cl.zeros(3)
  expect_error_at(function() return a[4] end, "array index 4 out of range for length 3")
  expect_error_at(function() return a[0] end, "array index 0 out of range for length 3")
  expect_error_at(function() return a[-4] end, "array index -4 out of range for length 3")
  expect_error_at(function() return a[1.5] end, "array index must be an integer, got 1.5")
  expect_error_at(function() return a[true] end, "array index must be an integer, got true")
  expect_error_at(function() a.x = 1 end, "array index must be an integer, got 'x' (arrays have no fields to set)")
  expect_error_at(function() a[1] = "x" end, "array element must be a number, got 'x'")
  expect_error_at(function() a[5] = 1 end, "array index 5 out of range for length 3")
  expect_error_at(function() return a:get(1, 2) end, "expected 1 indices for a 1-D array, got 2")
  expect_error_at(function() return a:get(9) end, "array index 9 out of range for axis 1 of length 3")
  expect_error_at(function() return a.mean(5) end, "bad argument #1 to 'mean' (chaoslab.Array expected, got number)")
  local m = cl.zeros({ 2, 2 })
  expect_error_at(function() m[1] = "row" end, "array row must be set from a number or an array, got 'row'")
  expect_error_at(function() m[1] = cl.zeros(3) end, "shape {3} does not match {2}")
  eq(a[-1], 0.0)
end)

T.test("array arithmetic and reductions report bad operands", function()
  local a = cl.zeros(3)
  expect_error_at(function() return a + "x" end, "arithmetic on chaoslab.Array needs a number or an array, got 'x'")
  expect_error_at(function() return {} * a end, "arithmetic on chaoslab.Array needs a number or an array, got table")
  expect_error_at(function() return a + cl.zeros(4) end, "shapes {3} and {4} do not broadcast")
  expect_error_at(function() return cl.zeros(0):mean() end, "mean: the array is empty")
  expect_error_at(function() return cl.zeros(0):max() end, "max: the array is empty")
  expect_error_at(function() return cl.zeros(0):argmax() end, "argmax: the array is empty")
  expect_error_at(function() return a:sum { axs = 1 } end, "sum: unknown option 'axs' (did you mean 'axis'?)")
  expect_error_at(function() return a:var { ddof = -1 } end, "var: option 'ddof' must be an integer >= 0, got -1")
  expect_error_at(function() return a:var { ddof = 3 } end, "variance with ddof=3 needs more than 3 elements, got 3")
  expect_error_at(function() return a:mean { 1 } end,
    "mean: option names must be strings, got 1 (a positional value in an option table?)")
  expect_error_at(function() return cl.zeros({ 2, 2 }):sum { axis = 3 } end,
    "sum: option 'axis' must be <= 2 for this array, got 3")
  expect_error_at(function() return cl.zeros({ 2, 2 }):sum(3) end,
    "bad argument #1 to 'sum' (must be in [1, 2], got 3)")
  expect_error_at(function() return a:reshape { 2, 2 } end, "cannot reshape 3 elements into shape {2, 2}")
  expect_error_at(function() return a:slice(1, 2, 0) end, "bad argument #3 to 'slice' (must be >= 1, got 0)")
end)

-- ---- seeds and distributions: messages ------------------------------------------------------------------

T.test("seed reports bad keys and values", function()
  expect_error_at(function() cl.seed(-1) end, "bad argument #1 to 'seed' (must be in [0, 9007199254740992], got -1)")
  expect_error_at(function() cl.seed(1.5) end, "bad argument #1 to 'seed' (integer expected, got 1.5)")
  expect_error_at(function() cl.seed("x") end, "bad argument #1 to 'seed' (table expected, got string)")
  expect_error_at(function() cl.seed { sesion = 1 } end, "seed: unknown option 'sesion' (did you mean 'session'?)")
  expect_error_at(function() cl.seed { session = 1.5 } end, "seed: option 'session' must be an integer >= 0, got 1.5")
  expect_error_at(function() cl.seed { trial = -2 } end, "seed: option 'trial' must be an integer >= 0, got -2")
  expect_error_at(function() cl.seed { block = "b" } end, "seed: option 'block' must be a number, got 'b'")
  expect_error_at(function() cl.seed { session = 2 ^ 60 } end,
    "seed: option 'session' must be <= 2^53, got 1.1529215046068e+18")
  expect_error_at(function() cl.seed { 1 } end,
    "seed: option names must be strings, got 1 (a positional value in an option table?)")
  local s = cl.seed { session = 1, block = 2, trial = 3 }
  expect_error_at(function() s.trial = 4 end, "chaoslab.Seed is immutable; use seed:child{trial = ...}")
  expect_error_at(function() s:child(5) end, "bad argument #1 to 'child' (table expected, got number)")
  expect_error_at(function() s:child { tria = 1 } end, "child: unknown option 'tria' (did you mean 'trial'?)")
end)

T.test("seeds: fields, child, equality, tostring", function()
  local s = cl.seed { session = 1, block = 2, trial = 3 }
  eq(s.session, 1); eq(s.block, 2); eq(s.trial, 3)
  local c = s:child { trial = 9 }
  eq(c.session, 1); eq(c.block, 2); eq(c.trial, 9)
  eq(s.trial, 3) -- the parent is unchanged
  assert(s == cl.seed { session = 1, block = 2, trial = 3 })
  assert(s ~= c)
  eq(tostring(s), "chaoslab.seed{session=1, block=2, trial=3}")
  eq(cl.seed(7).session, 7)
end)

T.test("distributions report bad parameters", function()
  expect_error_at(function() cl.normal(0, -1) end, "normal: sigma must be >= 0, got -1")
  expect_error_at(function() cl.normal(0 / 0, 1) end, "normal: mu must be finite, got nan")
  expect_error_at(function() cl.normal(0, math.huge) end, "normal: sigma must be finite, got inf")
  expect_error_at(function() cl.normal("a", 1) end, "bad argument #1 to 'normal' (number expected, got string)")
  expect_error_at(function() cl.lognormal(0, -0.5) end, "lognormal: sigma must be >= 0, got -0.5")
  expect_error_at(function() cl.uniform(2, 1) end, "uniform: hi must be >= lo, got lo=2, hi=1")
  expect_error_at(function() cl.uniform(-1e308, 1e308) end,
    "uniform: hi - lo must be finite, got lo=-1e+308, hi=1e+308")
  expect_error_at(function() cl.exponential(0) end, "exponential: mean must be > 0, got 0")
  expect_error_at(function() cl.exponential(-2) end, "exponential: mean must be > 0, got -2")
  expect_error_at(function() cl.bernoulli(2) end, "bernoulli: p must be in [0, 1], got 2")
  expect_error_at(function() cl.bernoulli(-0.1) end, "bernoulli: p must be in [0, 1], got -0.1")
  expect_error_at(function() cl.constant(math.huge) end, "constant: value must be finite, got inf")
  local d = cl.normal(0, 1)
  expect_error_at(function() d:sample(-1, cl.seed(1)) end,
    "bad argument #1 to 'sample' (must be in [0, 68719476736], got -1)")
  expect_error_at(function() d:sample(3, 5) end, "bad argument #2 to 'sample' (chaoslab.Seed expected, got number)")
  expect_error_at(function() d:sample(3) end, "bad argument #2 to 'sample' (chaoslab.Seed expected, got no value)")
  expect_error_at(function() d:sample(3, cl.seed(1), -1) end, "bad argument #3 to 'sample' (must be >= 0, got -1)")
  expect_error_at(function() d.sample(cl.zeros(1), 3, cl.seed(1)) end,
    "bad argument #1 to 'sample' (chaoslab.Distribution expected, got chaoslab.Array)")
end)

T.test("sampling is deterministic per seed and stream", function()
  local d = cl.normal(0, 1)
  local a = d:sample(1000, cl.seed(1))
  local b = d:sample(1000, cl.seed(1))
  eq(#a, 1000)
  assert(a == b, "same seed, same draws")
  assert(a ~= d:sample(1000, cl.seed(2)), "another seed, other draws")
  assert(a ~= d:sample(1000, cl.seed(1), "other"), "another stream, other draws")
  assert(a == d:sample(1000, cl.seed(1), "sample"), "the default stream is 'sample'")
  assert(near(a:mean(), 0, 0.2))
  eq(tostring(d), "chaoslab.normal(mu=0, sigma=1)")
  assert(near(cl.uniform(2, 4):mean(), 3))
  assert(near(cl.exponential(2):var(), 4))
end)

-- ---- a little arithmetic, summaries ------------------------------------------------------------------------

T.test("arrays compute in C++ and print in summary", function()
  assert(near(cl.linspace(0, 1, 5):sum(), 2.5))
  eq(#cl.range(1, 10), 10)
  assert(near(cl.range(1, 10):mean(), 5.5))
  local big = cl.zeros(10 ^ 6)
  local s = tostring(big)
  contains(s, "(1000000 elements)")
  assert(#s < 100, "a large array prints in summary: " .. s)
  eq(tostring(cl.array { 1, 2, 3 }), "array{1, 2, 3}")
end)

T.test("pretty.format summarises tables", function()
  local t = {}
  for i = 1, 1000 do t[i] = i end
  local s = cl.pretty.format(t)
  contains(s, "(988 more)")
  assert(#s < 120, s)
  eq(cl.pretty.format { 1, 2, 3 }, "{1, 2, 3}")
  eq(cl.pretty.format { a = 1, b = "x" }, '{a = 1, b = "x"}')
  local cyc = {}
  cyc.self = cyc
  eq(cl.pretty.format(cyc), "{self = <cycle>}")
  eq(cl.pretty.format { { { { 1 } } } }, "{{{...}}}")
  eq(cl.pretty.format(cl.linspace), "function chaoslab.linspace")
end)

-- ---- REPL completion (stdlib/chaoslab/repl.lua), usable without a terminal -----------------------------

T.test("completion of module fields, methods and globals", function()
  local repl = require "chaoslab.repl"
  eq(table.concat(repl.complete("chaoslab.lins"), ","), "chaoslab.linspace")
  local s_fields = {}
  for k in pairs(cl) do
    if k:sub(1, 1) == "s" then s_fields[#s_fields + 1] = "chaoslab." .. k end
  end
  table.sort(s_fields)
  eq(table.concat(repl.complete("chaoslab.s"), ","), table.concat(s_fields, ","))
  tab_table = { alpha = 1, also = 2, beta = 3 }
  eq(table.concat(repl.complete("tab_table.al"), ","), "tab_table.alpha,tab_table.also")
  completion_array = cl.zeros(3)
  eq(table.concat(repl.complete("completion_array:me"), ","), "completion_array:mean")
  eq(table.concat(repl.complete("completion_array:ta"), ","), "completion_array:tanh")
  eq(table.concat(repl.complete("string.for"), ","), "string.format")
  eq(table.concat(repl.complete("complet"), ","), "completion_array")
  contains(table.concat(repl.complete("whi"), ","), "while")
  eq(#repl.complete("no_such_table_z.x"), 0) -- strict globals do not break completion
  eq(#repl.complete("chaoslab..x"), 0)
end)

T.done()
