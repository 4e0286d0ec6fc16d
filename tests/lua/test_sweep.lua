-- chaoslab.sweep in one process: how points are declared and ordered, what run() sees, the
-- results table, the HDF5 file, resuming, refusing a different sweep, and declaration errors.
-- Failing points make the process exit non-zero, so those cases run in a child process.
local T = dofile((arg[0]:match("^(.*)/") or ".") .. "/helpers.lua")
local cl = require "chaoslab"

local tmp = os.tmpname()
os.remove(tmp)
assert(os.execute("mkdir -p " .. T.shell_quote(tmp)))
local function path(name) return tmp .. "/" .. name end
local function exists(p) local f = io.open(p, "rb"); if f then f:close() end; return f ~= nil end
local function slurp(p) local f = assert(io.open(p, "rb")); local s = f:read("a"); f:close(); return s end
local BIN = os.getenv("CHAOSLAB_TEST_BIN") or "chaoslab"

-- Runs Lua code in a child chaoslab; returns its output and exit code.
local function child(code)
  local file = path("child.lua")
  local f = assert(io.open(file, "w")); f:write(code); f:close()
  local out, ok, _, rc = T.run(T.shell_quote(BIN) .. " " .. T.shell_quote(file))
  return out, ok and 0 or rc
end

T.test("a grid is the product of the axes, sorted by name, the last varying fastest", function()
  local seen = {}
  local r = cl.sweep{ params = { b = {10, 20, 30}, a = cl.array{1, 2} }, progress = false,
                      run = function(p, ctx) seen[#seen + 1] = ctx.index; return { s = p.a * 100 + p.b } end }
  T.eq(#seen, 6)
  T.eq(r.info.points, 6)
  T.eq(r.info.axes[1], "a"); T.eq(r.info.axes[2], "b")
  local want = {110, 120, 130, 210, 220, 230}
  for k = 1, 6 do
    T.eq(r.s[k], want[k], "s[" .. k .. "]")
    T.eq(r.params.a[k], math.floor(want[k] / 100))
    T.eq(r.params.b[k], want[k] % 100)
    T.eq(r.status[k], "done")
    T.eq(r.errors[k], "")
  end
  T.eq(r.info.grid.shape[1], 2); T.eq(r.info.grid.shape[2], 3)
  T.eq(r.info.grid.b[3], 30)
  T.eq(next(r.info.units), nil, "no units given, none reported")
end)

T.test("results.info.units carries the units option, and figures label their axes with it", function()
  local r = cl.sweep{ params = { g = { 1, 2 } }, units = { g = "mV", y = "Hz" }, progress = false,
                      run = function(p) return { y = 2 * p.g } end }
  T.eq(r.info.units.g, "mV"); T.eq(r.info.units.y, "Hz")
  local file = path("units.svg")
  cl.plot.lines{ data = r, x = "g", y = "y", file = file }
  local f = assert(io.open(file)); local svg = f:read("a"); f:close()
  T.contains(svg, ">g (mV)<"); T.contains(svg, ">y (Hz)<")
end)

T.test("'order' sets the axis order", function()
  local r = cl.sweep{ params = { a = {1, 2}, b = {10, 20} }, order = {"b", "a"}, progress = false,
                      run = function(p) return { s = p.a + p.b } end }
  T.eq(r.s[2], 12); T.eq(r.s[3], 21)
end)

T.test("ctx gives the index, the block, a seed of (session, block) and the rank", function()
  local r = cl.sweep{ points = { {x = 1}, {x = 2}, {x = 3} }, session = 9, progress = false,
                      run = function(p, ctx)
                        T.eq(ctx.index, p.x); T.eq(ctx.block, p.x); T.eq(ctx.points, 3)
                        T.eq(ctx.rank, 0); T.eq(ctx.ranks, 1)
                        assert(ctx.seed == cl.seed{ session = 9, block = p.x, trial = 0 }, tostring(ctx.seed))
                        return { block = ctx.seed.block, session = ctx.seed.session }
                      end }
  T.eq(r.block[3], 3); T.eq(r.session[1], 9)
  T.eq(r.info.session, 9)
end)

T.test("results hold numbers, strings and arrays, one row per point", function()
  local r = cl.sweep{ params = { n = {2, 3} }, progress = false,
                      run = function(p)
                        return { name = "n" .. p.n, v = cl.linspace(0, p.n, 4), m = cl.zeros{2, 2} + p.n }
                      end }
  T.eq(r.name[1], "n2"); T.eq(r.name[2], "n3")
  T.eq(r.v:shape()[1], 2); T.eq(r.v:shape()[2], 4)
  T.eq(r.v[2][4], 3)
  T.eq(#r.m:shape(), 3)
  T.eq(r.m[2][1][2], 3)
end)

T.test("string axes and listed points", function()
  local r = cl.sweep{ points = { {syn = "delta", w = 1}, {syn = "exponential", w = 2} }, progress = false,
                      run = function(p) return { len = #p.syn * p.w } end }
  T.eq(r.params.syn[2], "exponential")
  T.eq(r.len[2], 22)
end)

T.test("the output file holds params, results, status and provenance", function()
  local out = path("basic.h5")
  cl.sweep{ params = { g = cl.linspace(0, 1, 3) }, output = out, session = 4, id = "t1", progress = false,
            units = { g = "mV", rate = "Hz" }, run = function(p) return { rate = 10 * p.g } end }
  assert(exists(out), "no file")
  assert(not exists(out .. ".journal"), "the journal of a complete sweep is removed")
  local f = cl.h5.read(out)
  T.eq(f.params.g[3], 1)
  T.eq(f.results.rate[2], 5)
  T.eq(f.status[1], "done")
  local a = cl.h5.attributes(out)
  T.eq(a.session, 4); T.eq(a.id, "t1")
  T.contains(a.script, "the output file holds params")
  T.eq(a.state, "complete")
  T.eq(cl.h5.attributes(out, "/results/rate").units, "Hz")
end)

T.test("running a finished sweep again computes nothing and returns the same results", function()
  local out = path("again.h5")
  local calls = 0
  local function once()
    return cl.sweep{ params = { g = {1, 2, 3} }, output = out, progress = false,
                     run = function(p) calls = calls + 1; return { y = p.g * p.g, v = cl.linspace(0, p.g, 3) } end }
  end
  local first = once()
  T.eq(calls, 3)
  local before = slurp(out)
  local second = once()
  T.eq(calls, 3)
  for k = 1, 3 do T.eq(second.y[k], first.y[k]); T.eq(second.v[k][3], first.v[k][3]) end
  T.eq(slurp(out), before, "the file of a complete sweep is left as it was")
end)

T.test("a different sweep against an existing file is refused and the file left untouched", function()
  local out = path("identity.h5")
  cl.sweep{ params = { g = {1, 2} }, output = out, progress = false, run = function(p) return { y = p.g } end }
  local before = slurp(out)
  T.expect_error(function()
    cl.sweep{ params = { g = {1, 2, 3} }, output = out, progress = false, run = function(p) return { y = p.g } end }
  end, "sweep: " .. out .. " holds a different sweep (2 points there, 3 here); "
    .. "set overwrite = true to replace it, or choose another output")
  T.expect_error(function()
    cl.sweep{ params = { g = {1, 2} }, session = 5, output = out, progress = false,
              run = function(p) return { y = p.g } end }
  end, "holds a different sweep (session 1 there, 5 here)")
  T.expect_error(function()
    cl.sweep{ params = { g = {1, 2} }, id = "v2", output = out, progress = false,
              run = function(p) return { y = p.g } end }
  end, "holds a different sweep (id \"\" there, \"v2\" here)")
  T.eq(slurp(out), before)
  assert(not exists(out .. ".journal"))
  local r = cl.sweep{ params = { g = {1, 2, 3} }, output = out, overwrite = true, progress = false,
                      run = function(p) return { y = -p.g } end }
  T.eq(r.y[3], -3)
  T.eq(cl.h5.read(out, "/results/y")[3], -3)
end)

T.test("an existing file that is not a sweep file is refused", function()
  local out = path("plain.h5")
  local f = assert(io.open(out, "w")); f:write("not hdf5"); f:close()
  T.expect_error(function()
    cl.sweep{ params = { g = {1} }, output = out, progress = false, run = function() return { y = 1 } end }
  end, "sweep: " .. out .. " exists and is not a chaoslab sweep file; "
    .. "set overwrite = true to replace it, or choose another output")
end)

T.test("declaration errors name the option and the value", function()
  local run = function() return { y = 1 } end
  T.expect_error(function() cl.sweep{ params = { g = {} }, run = run } end, "sweep: axis 'g' is empty")
  T.expect_error(function() cl.sweep{ params = { g = cl.zeros(0) }, run = run } end, "sweep: axis 'g' is empty")
  T.expect_error(function() cl.sweep{ params = {}, run = run } end, "sweep: option 'params' has no axes")
  T.expect_error(function() cl.sweep{ params = { g = {1} }, points = { {g = 1} }, run = run } end,
                 "sweep: give either 'params' (a grid) or 'points' (a list), not both")
  T.expect_error(function() cl.sweep{ run = run } end,
                 "sweep: give the points: 'params' (axes of a grid) or 'points' (a list of tables)")
  T.expect_error(function() cl.sweep{ params = { g = {1} } } end,
                 "sweep: option 'run' must be a function(point, ctx), got nil")
  T.expect_error(function() cl.sweep{ params = { g = {1, "a"} }, run = run } end,
                 "sweep: axis 'g' mixes numbers and strings")
  T.expect_error(function() cl.sweep{ params = { g = {1, 0/0} }, run = run } end,
                 "sweep: axis 'g' value 2 must be finite, got nan")
  T.expect_error(function() cl.sweep{ params = { g = {true} }, run = run } end,
                 "sweep: axis 'g' value 1 must be a number or a string, got true")
  T.expect_error(function() cl.sweep{ points = { {a = 1}, {b = 2} }, run = run } end,
                 "sweep: point 2 has parameters {b} but point 1 has {a}")
  T.expect_error(function() cl.sweep{ points = {}, run = run } end,
                 "sweep: option 'points' must be a non-empty list of tables")
  T.expect_error(function() cl.sweep{ params = { g = {1} }, schedule = "fast", run = run } end,
                 "sweep: option 'schedule' must be 'static' or 'dynamic', got 'fast'")
  T.expect_error(function() cl.sweep{ params = { g = {1}, h = {2} }, order = {"g"}, run = run } end,
                 "sweep: option 'order' must list each axis once (g, h)")
  T.expect_error(function() cl.sweep{ params = { ["a/b"] = {1} }, run = run } end,
                 "sweep: axis name 'a/b' cannot be empty or contain '/'")
  T.expect_error(function() cl.sweep{ params = { g = {1} }, run = run, ouput = "x.h5" } end,
                 "sweep: unknown option 'ouput' (did you mean 'output'?)")
  T.expect_error(function() cl.sweep{ params = { g = {1} }, run = run, progress = "loud" } end,
                 "sweep: option 'progress' must be true, false, 'bar' or 'log', got 'loud'")
end)

T.test("a failing point is recorded, the others go on, the exit status is 1 and a rerun retries it", function()
  local out = path("failing.h5")
  local code = [[
    local cl = require "chaoslab"
    local r = cl.sweep{ params = { g = {1, 2, 3, 4} }, output = ]] .. string.format("%q", out) .. [[, progress = false,
      run = function(p)
        if p.g == 2 and not io.open(]] .. string.format("%q", path("fixed")) .. [[) then error("boom at g = 2") end
        return { y = p.g * 10 }
      end }
    print("status", table.concat(r.status, ","))
    print("y", r.y[1], r.y[2], r.y[4])
    print("errors2", r.errors[2])
  ]]
  local out1, rc1 = child(code)
  T.eq(rc1, 1, "exit status after a failed point")
  T.contains(out1, "status\tdone,failed,done,done")
  T.contains(out1, "y\t10.0\tnan\t40.0")
  T.contains(out1, "child.lua:4: boom at g = 2")
  T.contains(out1, "sweep: 1 of 4 points failed, see /errors in " .. out .. " (first: point 2 (g = 2): ")
  local e = cl.h5.read(out, "/errors")
  T.contains(e[2], "boom at g = 2")
  T.eq(cl.h5.read(out, "/status")[2], "failed")
  local f = assert(io.open(path("fixed"), "w")); f:close()
  local out2, rc2 = child(code)
  T.eq(rc2, 0, "exit status after the retry")
  T.contains(out2, "resuming " .. out .. ": 3 of 4 points done, 1 failed ones retried, 1 to go")
  T.contains(out2, "status\tdone,done,done,done")
  T.contains(out2, "y\t10.0\t20.0\t40.0")
end)

T.test("an error whose text ends in 'interrupted' is a failed point, not an interrupt", function()
  local out, rc = child([[
    local cl = require "chaoslab"
    local r = cl.sweep{ params = { n = {1, 2, 3, 4, 5} }, progress = false,
      run = function(p)
        if p.n == 2 then error("interrupted") end
        if p.n == 3 then error("interrupted", 0) end
        if p.n == 4 then error("reading the data: interrupted") end
        if p.n == 5 then error("data was interrupted") end
        return { y = p.n }
      end }
    print("status", table.concat(r.status, ","))
    for k = 2, 5 do print(k, r.errors[k]) end
  ]])
  T.eq(rc, 1, "exit status after failed points")
  T.contains(out, "status\tdone,failed,failed,failed,failed")
  T.contains(out, "child.lua:4: interrupted")
  T.contains(out, "3\tinterrupted")
  T.contains(out, "child.lua:6: reading the data: interrupted")
  T.contains(out, "child.lua:7: data was interrupted")
  T.contains(out, "sweep: 4 of 5 points failed, see results.errors")
end)

T.test("Ctrl-C during a point stops the sweep, in Lua code and in native code", function()
  for _, busy in ipairs({ "while true do end", "cl.sleep(20000)" }) do
    local ready, log = path("ready"), path("points.log")
    os.remove(ready); os.remove(log)
    local file = path("child.lua")
    local f = assert(io.open(file, "w"))
    f:write(string.format([[
      local cl = require "chaoslab"
      cl.sweep{ params = { n = cl.range(1, 6) }, progress = false,
        run = function(p)
          local l = assert(io.open(%q, "a")); l:write(p.n, "\n"); l:close()
          if p.n == 3 then assert(io.open(%q, "w")):close(); %s end
          return { y = p.n }
        end }
      print("the sweep went on")
    ]], log, ready, busy))
    f:close()
    local err = path("child.err")
    local sh = string.format([[
      %s %s >%s 2>&1 & pid=$!
      for i in $(seq 1 200); do [ -e %s ] && break; sleep 0.05; done
      sleep 0.2; kill -INT $pid; wait $pid; echo "rc=$?"
    ]], T.shell_quote(BIN), T.shell_quote(file), T.shell_quote(err), T.shell_quote(ready))
    local status = T.run("sh -c " .. T.shell_quote(sh))
    local text = slurp(err)
    T.contains(status, "rc=1")
    T.contains(text, "interrupted")
    assert(not text:find("points failed", 1, true), "an interrupt is not a failed point: " .. text)
    assert(not text:find("the sweep went on", 1, true), busy .. ": the sweep went on after Ctrl-C")
    T.eq(slurp(log), "1\n2\n3\n", busy .. ": points run")
  end
end)

T.test("bad results fail their point with a clear message", function()
  local out, rc = child([[
    local cl = require "chaoslab"
    local r = cl.sweep{ params = { n = {1, 2, 3, 4, 5} }, progress = false,
      run = function(p)
        if p.n == 2 then return 42 end
        if p.n == 3 then return { v = cl.zeros(p.n) } end
        if p.n == 4 then return { v = cl.zeros(1), status = 1 } end
        if p.n == 5 then return { v = cl.zeros(1), bad = {1, 2} } end
        return { v = cl.zeros(1) }
      end }
    for k = 1, 5 do print(k, r.status[k], r.errors[k]) end
  ]])
  T.eq(rc, 1)
  T.contains(out, "2\tfailed\tsweep: run must return a table of results, got 42")
  T.contains(out, "3\tfailed\tsweep: result 'v' has shape {3} here but {1} at other points")
  T.contains(out, "4\tfailed\tsweep: result key 'status' is reserved (params, status, errors, info)")
  T.contains(out, "5\tfailed\tsweep: result 'bad' is a table; results hold numbers, strings and chaoslab arrays")
  T.contains(out, "sweep: 4 of 5 points failed, see results.errors "
    .. "(first: point 2 (n = 2): sweep: run must return a table of results, got 42)")
end)

T.test("results with other keys than the file's are refused as a different sweep", function()
  local out = path("keys.h5")
  -- Leave a half-done sweep (point 2 fails) so the rerun has to compute.
  local _, rc = child([[
    local cl = require "chaoslab"
    cl.sweep{ params = { g = {1, 2} }, output = ]] .. string.format("%q", out) .. [[, progress = false,
      run = function(p) if p.g == 2 then error("later") end return { y = 1 } end }
  ]])
  T.eq(rc, 1)
  local before = slurp(out)
  T.expect_error(function()
    cl.sweep{ params = { g = {1, 2} }, output = out, progress = false, run = function() return { z = 1 } end }
  end, "sweep: " .. out
    .. " holds a different sweep (its results have keys {y}, this script's {z}); set overwrite = true")
  T.eq(slurp(out), before)
  assert(not exists(out .. ".journal"), "the refused run leaves no journal behind")
end)

T.test("progress is logged as plain lines when stderr is not a terminal", function()
  local out, rc = child([[
    local cl = require "chaoslab"
    cl.sweep{ params = { k = cl.range(1, 4) }, progress_interval = 0.01,
      output = ]] .. string.format("%q", path("progress.h5")) .. [[,
      run = function(p) local t = os.clock(); while os.clock() - t < 0.03 do end; return { k = p.k } end }
  ]])
  T.eq(rc, 0)
  T.contains(out, "sweep " .. path("progress.h5") .. ": 2/4 points (50%), ")
  T.contains(out, " points/s, ETA ")
  T.contains(out, "sweep " .. path("progress.h5") .. ": 4 points in ")
  assert(not out:find("\r", 1, true), "no carriage returns in a log")
end)

T.test("rank and ranks outside mpirun", function()
  T.eq(cl.rank(), 0)
  T.eq(cl.ranks(), 1)
end)

os.execute("rm -rf " .. T.shell_quote(tmp))
T.done()
