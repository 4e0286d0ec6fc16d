-- Seed 000: how spike-threshold heterogeneity (v_th_std) and synaptic-weight heterogeneity (g_std) shape
-- chaos in a spiking network of LIF neurons, measured by perturbing one neuron with one extra spike.
--
--   chaoslab examples/heterogeneity_chaos.lua            -- the study: 20 x 20 grid, N = 1000, 20 twins
--   chaoslab examples/heterogeneity_chaos.lua --quick    -- 3 x 3 grid, N = 200, 4 twins (CI)
--   mpirun -n 2 chaoslab examples/heterogeneity_chaos.lua   -- the same, points spread over 2 ranks
--   options: --n N  --grid G  --twins K  --session S  --observe MS  --precision double|single
--            --output FILE.h5 (a CSV is written beside it, and the figures FILE_lz.svg,
--            FILE_hamming_slope.svg, FILE_raster.svg)
local cl = require "chaoslab"

local opts = cl.args(arg, { n = 1000, grid = 20, twins = 20, session = 1, observe = 500.0, precision = "double",
                           output = "results/heterogeneity_chaos.h5" },
                     { quick = { n = 200, grid = 3, twins = 4, output = "results/heterogeneity_chaos_quick.h5" } })

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

-- The grid as a sweep: runs in one process or under mpirun (scripts/sweep), keeps every finished
-- point in an HDF5 file, and resumes after a kill; each point's seed is seed{session, block = index}.
local axis = cl.linspace(0.05, 0.5, opts.grid)
local t_start = cl.clock()
local results = cl.sweep{
  output = opts.output, session = opts.session,
  id = ("N=%d twins=%d observe=%g"):format(opts.n, opts.twins, opts.observe)
    .. (opts.precision == "double" and "" or " precision=" .. opts.precision), -- single: a separate sweep
  params = { v_th_std = axis, g_std = axis }, order = { "v_th_std", "g_std" },
  units = { v_th_std = "mV", g_std = "mV", rate = "Hz", hamming_slope = "neurons/ms", slope_std = "neurons/ms" },
  run = function(p, ctx)
    local r = cl.perturbation{ network = build(p, ctx.seed), dt = 0.1, baseline = 50, observe = opts.observe,
                               kick = cl.extra_spike{ neurons = opts.twins }, seed = ctx.seed,
                               precision = opts.precision }
    return { lz = r.lz:mean(), lz_std = r.lz:std(), lz_normalized = r.lz_normalized:mean(),
             hamming_slope = r.hamming_slope:mean(), slope_std = r.hamming_slope:std(), rate = r.rate,
             cv_isi = r.cv_isi, simulate_s = r.timing.simulate, measure_s = r.timing.measure }
  end,
}
local elapsed = cl.clock() - t_start
if results.info.done == 0 then -- e.g. a bad option: every point failed the same way
  error("heterogeneity_chaos: no point of the grid finished; the first error: " .. results.errors[1], 0)
end
local rows, sim_time, measure_time = {}, 0, 0
for k = 1, results.info.points do
  local row = { v_th_std = results.params.v_th_std[k], g_std = results.params.g_std[k] }
  for _, key in ipairs { "lz", "lz_std", "lz_normalized", "hamming_slope", "slope_std", "rate", "cv_isi" } do
    row[key] = results[key][k]
  end
  rows[k] = row
  sim_time, measure_time = sim_time + results.simulate_s[k], measure_time + results.measure_s[k]
end

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
local best, best_index = rows[1], 1
for k, row in ipairs(rows) do if row.lz > best.lz then best, best_index = row, k end end
print(string.format("most chaotic point: v_th_std = %.3f mV, g_std = %.3f mV: LZ %.0f (normalised %.3f), " ..
                    "Hamming slope %.3f neurons/ms, rate %.1f Hz", best.v_th_std, best.g_std, best.lz,
                    best.lz_normalized, best.hamming_slope, best.rate))

-- Results: the sweep's HDF5 file, and one CSV row per grid point beside it (rank 0 writes files).
if cl.rank() ~= 0 then return end
local csv = opts.output:gsub("%.h5$", "") .. ".csv"
local f = assert(io.open(csv, "w"))
local columns = { "v_th_std", "g_std", "lz", "lz_std", "lz_normalized", "hamming_slope", "slope_std", "rate", "cv_isi" }
f:write(table.concat(columns, ","), "\n")
for _, row in ipairs(rows) do
  local values = {}
  for c, name in ipairs(columns) do values[c] = string.format("%.10g", row[name]) end
  f:write(table.concat(values, ","), "\n")
end
f:close()
print("results: " .. opts.output .. " and " .. csv)

-- Figures beside the results: the chaos landscape as two heatmaps over the grid (failed points show
-- as hatched cells), and a raster of the most chaotic point's network (its own sweep seed; 300 ms,
-- short enough to tell single spikes apart at N = 1000).
local stem = opts.output:gsub("%.h5$", "")
local units = { v_th_std = "mV", g_std = "mV", hamming_slope = "neurons/ms" }
local figures = {
  cl.plot.heatmap{ data = results, x = "g_std", y = "v_th_std", value = "lz", units = units, file = stem .. "_lz.svg",
                   label = "LZ complexity (phrases)",
                   title = ("LZ complexity of the spike-difference pattern, N = %d"):format(opts.n) },
  cl.plot.heatmap{ data = results, x = "g_std", y = "v_th_std", value = "hamming_slope", units = units, cmap = "rdbu",
                   center = 0, file = stem .. "_hamming_slope.svg",
                   title = ("Hamming-distance slope after one extra spike, N = %d"):format(opts.n) },
}
local net = build(best, cl.seed{ session = opts.session, block = best_index })
local run = net:run{ duration = 300, dt = 0.1 }
figures[#figures + 1] = cl.plot.raster{ spikes = run.spikes[1], populations = net:populations(), legend = "none",
  file = stem .. "_raster.svg", title = ("Most chaotic point: v_th_std = %.3g mV, g_std = %.3g mV (%.1f Hz)")
    :format(best.v_th_std, best.g_std, best.rate) }
print("figures: " .. table.concat(figures, ", "))
