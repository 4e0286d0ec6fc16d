-- Benchmark of issue 4 (sweeps): the engine's overhead per point (an empty run, in memory and with
-- a journal + HDF5 file), and the speed-up of 2 MPI ranks over 1 on 8 equal points.
-- Run by scripts/bench (not part of the test suite); prints one table.
local cl = require "chaoslab"

local BIN = arg[-1] or "chaoslab"
local tmp = os.tmpname()
os.remove(tmp)
assert(os.execute("mkdir -p '" .. tmp .. "'"))

local rows = {}
local function row(name, value, unit, extra)
  rows[#rows + 1] = string.format("%-56s %10.3f %-3s %s", name, value, unit, extra or "")
end

-- Overhead: best of 3 sweeps of `n` points whose run does nothing.
local function overhead(n, output)
  local best = math.huge
  for rep = 1, 3 do
    local file = output and (tmp .. "/empty" .. rep .. ".h5") or nil
    local t0 = cl.clock()
    cl.sweep{ params = { x = cl.range(1, n) }, output = file, progress = false,
              run = function(p) return { y = p.x } end }
    best = math.min(best, cl.clock() - t0)
  end
  return best / n
end
row("empty run, results in memory (2000 points)", overhead(2000, false) * 1e3, "ms", "per point (goal <= 1 ms)")
row("empty run, journal + HDF5 file (2000 points)", overhead(2000, true) * 1e3, "ms", "per point (goal <= 1 ms)")

-- Speed-up: 8 equal points (same network size, own seeds), 1 thread per rank; the script reports
-- the sweep's own time so mpirun's start-up is not counted.
local script = tmp .. "/equal.lua"
local f = assert(io.open(script, "w"))
f:write([[
local cl = require "chaoslab"
local t0 = cl.clock()
cl.sweep{ params = { k = cl.range(1, 8) }, progress = false, run = function(p, ctx)
  local net = cl.network{ seed = ctx.seed }
  local exc = net:lif{ n = 1000, tau_m = 20, v_rest = -65, v_reset = -65, t_ref = 2, v_th = cl.normal(-55, 0.3) }
  net:connect(exc, exc, { p = 0.1, weight = cl.normal(0, 0.3), synapse = "exponential", tau_syn = 5 })
  net:poisson(exc, { rate = 200, weight = 2.5 })
  local r = cl.perturbation{ network = net, baseline = 50, observe = 500, kick = cl.extra_spike{ neurons = 20 } }
  return { lz = r.lz:mean() }
end }
print(string.format("SWEEP_SECONDS %.6f", cl.clock() - t0))
]])
f:close()
local function timed(cmd)
  local best = math.huge
  for _ = 1, 3 do
    local p = assert(io.popen(cmd .. " 2>&1"))
    local out = p:read("a")
    p:close()
    local s = tonumber(out:match("SWEEP_SECONDS ([%d.]+)"))
    if not s then error("benchmark run failed: " .. cmd .. "\n" .. out) end
    best = math.min(best, s)
  end
  return best
end
local env = "OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1 "
local one = timed(env .. "'" .. BIN .. "' --threads 1 '" .. script .. "'")
local two = timed(env .. "mpirun -n 2 '" .. BIN .. "' --threads 1 '" .. script .. "'")
row("8 equal points (N = 1000, 21 runs of 550 ms), 1 process", one, "s")
row("the same under mpirun -n 2", two, "s", string.format("speed-up %.2fx (goal >= 1.8x)", one / two))

os.execute("rm -rf '" .. tmp .. "'")
print("issue 4 (sweeps)")
for _, line in ipairs(rows) do print(line) end
