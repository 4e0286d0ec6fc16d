-- Seed 004 (FlyStability): Lyapunov spectra of random rate networks tau dh/dt = -h + J tanh(h), J ~ N(0, g^2/N)
-- -- the convergence of a full spectrum over time, and the transition to chaos of lambda_max over g.
--
--   chaoslab examples/lyapunov_spectrum.lua           -- N = 400 full spectrum; N = 1000, g = 0.5..3 (7 x 5 networks)
--   chaoslab examples/lyapunov_spectrum.lua --quick   -- N = 80 spectrum; N = 150, 3 g values x 2 networks (CI)
--   chaoslab examples/lyapunov_spectrum.lua --help    -- the options; --connectome_n sets the synthetic connectome
--   (time in units of tau = 1; the connectome network is its EB region, about half the neurons)
local cl = require "chaoslab"

local opts = cl.args(arg, { n = 1000, spectrum_n = 400, samples = 5, duration = 200.0, g_points = 7,
                           connectome_n = 800, output = "results/lyapunov_spectrum.h5" },
                     { quick = { n = 150, spectrum_n = 80, samples = 2, duration = 60.0, g_points = 3,
                                 connectome_n = 200, output = "results/lyapunov_spectrum_quick.h5" } })

-- The seed's random network: dense Gaussian J with variance g^2/N, zero diagonal, tau = 1, tanh.
local function build(n, g, session)
  local net = cl.network{ seed = cl.seed{ session = session } }
  local pop = net:rate{ n = n, tau = 1, phi = "tanh", x_init = cl.normal(0, 1) }
  net:connect(pop, pop, { g = g })
  return net
end

-- 1. One full spectrum and how it converges (seed 004's lyapu_convergence, with the exact normalisation).
local t0 = cl.clock()
local spectrum = cl.lyapunov.spectrum{ network = build(opts.spectrum_n, 2, 1), dt = 0.1, t_ons = 1,
                                       duration = opts.duration * 2, transient = 50, basis_transient = 20 }
print(("Full spectrum, N = %d, g = 2 (%.1f s): lambda_1 = %.4f +- %.4f, sum = %.2f "
  .. "(Euler map; the flow's trace average is %.2f), Kaplan-Yorke dimension %.1f, entropy rate %.4f"):format(
  opts.spectrum_n, cl.clock() - t0, spectrum.lambda_max, spectrum.stderr[1], spectrum.sum, spectrum.mean_trace,
  spectrum.kaplan_yorke, spectrum.entropy_rate))
print("  running estimate of lambda_1, lambda_2, lambda_10 (time: value)")
local rows = spectrum.running:shape()[1]
for _, r in ipairs { math.max(1, rows // 10), rows // 4, rows // 2, rows } do
  print(("  t = %6.1f: %8.4f %8.4f %8.4f"):format(spectrum.times[r], spectrum.running[r][1], spectrum.running[r][2],
    spectrum.running[r][math.min(10, opts.spectrum_n)]))
end

-- 2. The transition to chaos: lambda_max over g, several networks per g (seed 004's transition_2_chaos).
local results = cl.sweep{
  output = opts.output, session = 1, id = ("N=%d duration=%g"):format(opts.n, opts.duration),
  params = { g = cl.linspace(0.5, 3, opts.g_points), sample = cl.range(1, opts.samples) }, order = { "g", "sample" },
  units = { lambda_max = "1/tau", stderr = "1/tau" },
  run = function(p)
    local s = cl.lyapunov.spectrum{ network = build(opts.n, p.g, p.sample), k = 1, dt = 0.1, t_ons = 0.2,
                                    duration = opts.duration, transient = 20, basis_transient = 2 }
    return { lambda_max = s.lambda_max, stderr = s.stderr[1] }
  end,
}
print(("Transition to chaos, N = %d, %d networks per g:"):format(opts.n, opts.samples))
print("      g   median lambda_max   min      max")
local by_g = {}
for k = 1, results.info.points do
  local g = results.params.g[k]
  by_g[g] = by_g[g] or {}
  table.insert(by_g[g], results.lambda_max[k])
end
for _, g in ipairs(cl.linspace(0.5, 3, opts.g_points):totable()) do
  local v = by_g[g]
  table.sort(v)
  local median = #v % 2 == 1 and v[(#v + 1) // 2] or 0.5 * (v[#v // 2] + v[#v // 2 + 1])
  print(("%7.3f   %17.4f   %7.4f  %7.4f"):format(g, median, v[1], v[#v]))
end
-- 3. A connectome-constrained network (seed 004's flybrain runs): the fly connectome is not
-- distributable, so a connectome-like graph (heavy-tailed degrees, typed neurons, two regions) is
-- written in the three file formats, and each is read back the way a real connectome is: the EB
-- region, Dale's law from the cell types, excitation and inhibition balanced by Sinkhorn.
local stem = opts.output:gsub("%.h5$", "")
local SIGNS = { ACh = 1, GABA = -1, Glu = -1 }
local graph = cl.connectome.synthetic{ n = opts.connectome_n, mean_degree = 12, seed = cl.seed{ session = 4 },
                                       regions = { EB = 0.5, FB = 0.5 } }
local eb = {}
for _, format in ipairs { "csv", "mtx", "h5" } do
  local file, neurons = stem .. "_graph." .. format, stem .. "_graph_neurons.csv"
  cl.connectome.write(file, graph, { neurons = format ~= "h5" and neurons or nil })
  eb[format] = cl.connectome.read(file, { neurons = format ~= "h5" and neurons or nil, region = "EB", signs = SIGNS,
                                          normalize = "sinkhorn" })
end
for _, format in ipairs { "mtx", "h5" } do
  assert(eb[format].n == eb.csv.n and (eb[format].weight - eb.csv.weight):abs():max() == 0,
         format .. " reads back a different EB network than csv")
end
local roi = eb.h5
local connectome_results = cl.sweep{
  output = stem .. "_connectome.h5", session = 1, id = ("EB of a synthetic connectome, N = %d"):format(roi.n),
  params = { g = { 0.5, 1, 2, 3, 4, 6, 8 }, sample = cl.range(1, opts.samples) }, order = { "g", "sample" },
  units = { lambda_max = "1/tau", stderr = "1/tau" },
  run = function(p)
    local net = cl.network{ seed = cl.seed{ session = p.sample } }
    local pop = net:rate{ n = roi.n, tau = 1, phi = "tanh", x_init = cl.normal(0, 1) }
    net:connect(pop, pop, { pre = roi.pre, post = roi.post, weight = roi.weight * p.g })
    local s = cl.lyapunov.spectrum{ network = net, k = 1, dt = 0.1, t_ons = 1, duration = opts.duration,
                                    transient = 20 }
    return { lambda_max = s.lambda_max, stderr = s.stderr[1] }
  end,
}
print(("Connectome-constrained network: EB region, %d of %d neurons, %d synapses (signed, Sinkhorn-balanced)")
  :format(roi.n, graph.n, #roi.pre))
for k = 1, connectome_results.info.points do
  if connectome_results.params.sample[k] == 1 then
    print(("  g = %-4g lambda_max = %8.4f +- %.4f"):format(connectome_results.params.g[k],
      connectome_results.lambda_max[k], connectome_results.stderr[k]))
  end
end

-- Figures beside the results: the spectrum, its convergence, and lambda_max over g.
local k = spectrum.exponents:size()
cl.plot.lines{ x = cl.range(1, k), y = spectrum.exponents, xlabel = "index", ylabel = "lambda (1/tau)",
               title = ("Lyapunov spectrum, N = %d, g = 2"):format(opts.spectrum_n), file = stem .. "_spectrum.svg" }
local running = {}
for _, j in ipairs { 1, 2, math.min(10, k) } do
  local column = {}
  for r = 1, spectrum.times:size() do column[r] = spectrum.running[r][j] end
  running[#running + 1] = { x = spectrum.times, y = column, label = "lambda_" .. j }
end
cl.plot.lines{ series = running, xlabel = "time (tau)", ylabel = "running estimate (1/tau)",
               title = "Convergence of the exponents", file = stem .. "_convergence.svg" }
cl.plot.scatter{ data = results, x = "g", y = "lambda_max", title = "Transition to chaos",
                 file = stem .. "_transition.svg" }
cl.plot.scatter{ data = connectome_results, x = "g", y = "lambda_max", file = stem .. "_connectome.svg",
                 title = ("Connectome-constrained EB network (N = %d): lambda_max over g"):format(roi.n) }
print("results: " .. opts.output .. ", " .. stem .. "_connectome.h5; figures: " .. stem
  .. "_{spectrum,convergence,transition,connectome}.svg")
