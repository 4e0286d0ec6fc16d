-- Seed 000: how spike-threshold heterogeneity (v_th_std) and synaptic-weight heterogeneity (g_std) shape
-- chaos in a spiking network of LIF neurons, measured by perturbing one neuron with one extra spike.
--
--   chaoslab examples/heterogeneity_chaos.lua            -- the study: 20 x 20 grid, N = 1000, 20 twins
--   chaoslab examples/heterogeneity_chaos.lua --quick    -- 3 x 3 grid, N = 200, 4 twins (CI)
--   options: --n N  --grid G  --twins K  --session S  --observe MS  --output FILE.csv
local cl = require "chaoslab"

local opts = { n = 1000, grid = 20, twins = 20, session = 1, observe = 500,
               output = "results/heterogeneity_chaos.csv" }
do
  local i = 1
  while i <= #arg do
    local a = arg[i]
    if a == "--quick" then
      opts.n, opts.grid, opts.twins = 200, 3, 4
    elseif a:match("^%-%-") and opts[a:sub(3)] ~= nil and arg[i + 1] then
      local key, value = a:sub(3), arg[i + 1]
      opts[key] = type(opts[key]) == "number" and assert(tonumber(value), a .. " needs a number") or value
      i = i + 1
    else
      error("unknown argument '" .. a .. "' (see the header of this script)")
    end
    i = i + 1
  end
end

-- The default protocol of the study (issue 3): 10 % connectivity without autapses, Normal(0, g_std) mV
-- weights through 5 ms exponential synapses, 200 Hz x 2.5 mV Poisson background (~18 Hz firing).
local function build(p, seed)
  local net = cl.network{ seed = seed }
  local exc = net:lif{ n = opts.n, tau_m = 20, v_rest = -65, v_reset = -65, t_ref = 2,
                       v_th = cl.normal(-55, p.v_th_std), name = "exc" }
  net:connect(exc, exc, { p = 0.1, weight = cl.normal(0, p.g_std), synapse = "exponential",
                          tau_syn = 5, delay = 0.1, autapses = false })
  net:poisson(exc, { rate = 200, weight = 2.5 })
  return net
end

local axis = cl.linspace(0.05, 0.5, opts.grid)
local points = {}
for i = 1, opts.grid do
  for j = 1, opts.grid do points[#points + 1] = { v_th_std = axis[i], g_std = axis[j] } end
end

local rows, t_start = {}, cl.clock()
local sim_time, measure_time = 0, 0
for k, p in ipairs(points) do
  local seed = cl.seed{ session = opts.session, block = k - 1 }
  local r = cl.perturbation{ network = build(p, seed), dt = 0.1, baseline = 50, observe = opts.observe,
                             kick = cl.extra_spike{ neurons = opts.twins }, seed = seed }
  rows[k] = { v_th_std = p.v_th_std, g_std = p.g_std, lz = r.lz:mean(), lz_std = r.lz:std(),
              lz_normalized = r.lz_normalized:mean(), hamming_slope = r.hamming_slope:mean(),
              slope_std = r.hamming_slope:std(), rate = r.rate, cv_isi = r.cv_isi }
  sim_time, measure_time = sim_time + r.timing.simulate, measure_time + r.timing.measure
end
local elapsed = cl.clock() - t_start

-- Pearson correlation of two columns.
local function corr(x, y)
  local n, mx, my = #rows, 0, 0
  for _, row in ipairs(rows) do mx, my = mx + row[x] / n, my + row[y] / n end
  local sxy, sxx, syy = 0, 0, 0
  for _, row in ipairs(rows) do
    sxy = sxy + (row[x] - mx) * (row[y] - my)
    sxx = sxx + (row[x] - mx) ^ 2
    syy = syy + (row[y] - my) ^ 2
  end
  return (sxx > 0 and syy > 0) and sxy / math.sqrt(sxx * syy) or 0 / 0
end

print(string.format("heterogeneity and chaos: %d points (%d x %d), N = %d, %d perturbed neurons each",
                    #rows, opts.grid, opts.grid, opts.n, opts.twins))
print(string.format("time: %.2f s total, %.2f s simulating, %.2f s measuring (%.3f s per point, %d threads)",
                    elapsed, sim_time, measure_time, elapsed / #rows, cl.threads()))
print(string.format("%-14s %12s %12s %12s", "correlation", "LZ", "Hamming slope", "rate"))
for _, h in ipairs({ "v_th_std", "g_std" }) do
  print(string.format("%-14s %12.3f %12.3f %12.3f", h, corr(h, "lz"), corr(h, "hamming_slope"), corr(h, "rate")))
end
local best = rows[1]
for _, row in ipairs(rows) do if row.lz > best.lz then best = row end end
print(string.format("most chaotic point: v_th_std = %.3f mV, g_std = %.3f mV: LZ %.0f (normalised %.3f), " ..
                    "Hamming slope %.3f neurons/ms, rate %.1f Hz", best.v_th_std, best.g_std, best.lz,
                    best.lz_normalized, best.hamming_slope, best.rate))

-- Results: one CSV row per grid point.
local dir = opts.output:match("^(.*)/[^/]*$")
if dir then os.execute("mkdir -p '" .. dir .. "'") end
local f = assert(io.open(opts.output, "w"))
local columns = { "v_th_std", "g_std", "lz", "lz_std", "lz_normalized", "hamming_slope", "slope_std", "rate", "cv_isi" }
f:write(table.concat(columns, ","), "\n")
for _, row in ipairs(rows) do
  local values = {}
  for c, name in ipairs(columns) do values[c] = string.format("%.10g", row[name]) end
  f:write(table.concat(values, ","), "\n")
end
f:close()
print("results: " .. opts.output)
