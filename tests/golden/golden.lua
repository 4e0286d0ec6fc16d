-- The numbers chaoslab's refactorings must not change: prints one line "<name> <hash> <count>" per
-- result (a 64-bit hash of the exact bits of every number). tests/golden/test_golden.sh compares the
-- lines with the ones recorded for this platform (compiler and CPU flags), so a change that moves a
-- single bit of a spike time, a measure or an exponent fails the suite.
--
--   chaoslab tests/golden/golden.lua [work-dir]    -- work-dir: where the quick study writes its file
local cl = require "chaoslab"

local work = arg[1] or os.getenv("TMPDIR") or "/tmp"

-- FNV-1a-like mixing of the 64 bits of each double (Lua integers wrap on overflow).
local function mix(h, x)
  local bits = string.unpack("<i8", string.pack("<d", x))
  return (h ~ bits) * 0x100000001b3
end

local function hash_value(h, v, count)
  local kind = cl.type(v)
  if kind == "chaoslab.Array" then
    local flat = v:reshape{ v:size() }
    for k = 1, #flat do h = mix(h, flat[k]) end
    return h, count + #flat
  elseif type(v) == "number" then
    return mix(h, v), count + 1
  elseif type(v) == "boolean" then
    return mix(h, v and 1 or 0), count + 1
  elseif type(v) == "string" then
    for k = 1, #v do h = mix(h, v:byte(k)) end
    return h, count + 1
  elseif type(v) == "table" then
    local keys = {}
    for key in pairs(v) do keys[#keys + 1] = key end
    table.sort(keys, function(a, b) return tostring(a) < tostring(b) end)
    for _, key in ipairs(keys) do
      h = hash_value(h, tostring(key), 0)
      h, count = hash_value(h, v[key], count)
    end
    return h, count
  end
  return h, count
end

local lines = {}
local function record(name, v)
  local h, count = hash_value(0xcbf29ce484222325, v, 0)
  lines[#lines + 1] = string.format("%s %016x %d", name, h, count)
end

-- Spiking: the seed-000 bench network (N = 10^4, in-degree 100) and the seed-000 point (N = 1000).
local function seed000_network(n, connect, seed)
  local net = cl.network{ seed = seed or cl.seed{ session = 1, block = 7 } }
  local exc = net:lif{ n = n, tau_m = 20, v_rest = -65, v_reset = -65, t_ref = 2, v_th = cl.normal(-55, 0.3) }
  connect.weight = cl.normal(0, 0.3)
  net:connect(exc, exc, connect)
  net:poisson(exc, { rate = 200, weight = 2.5 })
  return net
end
local big = seed000_network(10000, { indegree = 100 })
for _, precision in ipairs { "double", "single" } do
  record("bench10k_spikes_" .. precision, big:run{ duration = 550, precision = precision }.spikes)
end
local point = seed000_network(1000, { p = 0.1 })
for _, precision in ipairs { "double", "single" } do
  local r = cl.perturbation{ network = point, kick = cl.extra_spike{ neurons = 20 }, baseline = 50, observe = 500,
                             precision = precision, measures = { "patterns", "coincidence", "dimensionality" } }
  r.timing = nil
  record("seed000_point_" .. precision, r)
end
do
  local r = cl.perturbation{ network = point, kick = cl.extra_spike{ neurons = 5 }, baseline = 50, observe = 300,
                             lz = "dictionary", symbols = "spatial_decimal", order = "increasing",
                             slope_search = "seed_v2", coincidence_convention = "seed", settling_convention = "seed",
                             dimensionality_convention = "seed", tail = "counted", spikes = true,
                             measures = { "patterns", "coincidence", "dimensionality" } }
  r.timing = nil
  record("seed000_point_seed_variants", r)
  local v = cl.perturbation{ network = point, kick = cl.voltage_kick{ neurons = 3, size = 0.5 }, observe = 200 }
  v.timing = nil
  record("seed000_voltage_kick", v)
  local s = cl.perturbation{ network = point, kick = cl.state_kick{ epsilon = 0.01, twins = 3 }, observe = 200 }
  s.timing = nil
  record("seed000_state_kick", s)
end

-- Spiking features: two populations with Dale signs, delta and exponential synapses, delays drawn,
-- channels with a rate series, a step current, Euler, recordings and timed kicks.
do
  local net = cl.network{ seed = cl.seed{ session = 3, block = 2 } }
  local e = net:lif{ n = 300, v_th = cl.uniform(-56, -54), i_e = cl.normal(2, 1), dale = "excitatory", name = "e",
                     v_init = cl.uniform(-65, -55) }
  local i = net:lif{ n = 100, tau_m = 10, t_ref = cl.constant(1), dale = "inhibitory", name = "i" }
  net:connect(e, e, { p = 0.05, weight = cl.lognormal(-1, 0.5), delay = cl.uniform(0.5, 2) })
  net:connect(e, i, { indegree = 20, weight = 0.5, synapse = "delta" })
  net:connect(i, e, { p = 0.2, weight = cl.normal(-1, 0.2), tau_syn = 3 })
  net:connect(i, i, { pre = { 1, 2, 3 }, post = { 4, 5, 6 }, weight = cl.array{ -0.5, -0.6, -0.7 }, delay = 1 })
  net:poisson(e, { rate = 300, weight = 1.5 })
  net:poisson(i, { rate = 100, weight = cl.uniform(1, 2), synapse = "delta" })
  local series = cl.zeros{ 4, 3 } + cl.array{ 10, 50, 20 }
  net:channels{ n = 4, p = 0.3, rate = series, rate_step = 100, weight = 1, target = e }
  net:current(i, { amplitude = 5, start = 50, stop = 150 })
  for _, method in ipairs { "exact", "euler" } do
    local r = net:run{ duration = 300, trials = { 0, 4 }, method = method,
                       record = { v = { 1, 2, 301 }, every = 0.5, rate = 5 },
                       perturb = { cl.extra_spike{ neurons = { 7 }, at = 100 }, cl.voltage_kick{ neurons = 2,
                         size = 1, at = 120 }, cl.state_kick{ epsilon = 0.1, at = 150 } } }
    record("features_run_" .. method, r)
  end
  record("features_values", { e:values("v_th"), e:values("i_e"), i:values("t_ref"), net:synapses() })
end

-- Measures on their own.
do
  local bits = cl.bernoulli(0.3):sample(20000, cl.seed(4))
  record("measure_lz", { cl.lz(bits), cl.lz(bits, { method = "dictionary" }) })
  local t = cl.linspace(0, 99, 100)
  local y = (t * 0.3) + cl.normal(0, 1):sample(100, cl.seed(5))
  record("measure_slope", cl.robust_slope(t, y))
  local a = seed000_network(200, { p = 0.1 }):run{ duration = 200, trials = 2 }
  record("measure_hamming", cl.hamming(a.spikes[1], a.spikes[2], { n = 200, duration = 200 }))
  record("measure_firing", cl.firing_stats(a.spikes[1], { n = 200, duration = 200 }))
  record("measure_coincidence", cl.coincidence(a.spikes[1], a.spikes[2], { n = 200, duration = 200 }))
end

-- Rate networks: runs, spectra, divergence and renormalisation, with the seed presets.
do
  local net = cl.network{ seed = cl.seed{ session = 2, block = 1 } }
  local pop = net:rate{ n = 60, tau = cl.uniform(1, 2), phi = "tanh_pos", gain = cl.normal(1, 0.1),
                        shift = 0.1, input = cl.normal(0, 0.1) }
  net:connect(pop, pop, { g = 2.5 })
  for _, method in ipairs { "euler", "rk4" } do
    record("rate_run_" .. method, net:run{ duration = 50, dt = 0.05, method = method, trials = 3,
                                           record = { every = 1, what = "phi" } })
  end
  local s = cl.lyapunov.spectrum{ network = net, duration = 200, k = 20 }
  s.seconds = nil
  record("rate_spectrum", s)
  local rk = cl.lyapunov.spectrum{ network = net, duration = 100, method = "rk4", storage = "sparse" }
  rk.seconds = nil
  record("rate_spectrum_rk4_sparse", rk)
  local p4 = cl.lyapunov.spectrum{ network = net, duration = 100, preset = "seed004" }
  p4.seconds = nil
  record("rate_spectrum_seed004", p4)
  record("rate_renormalization", cl.lyapunov.renormalization{ network = net, duration = 200, trials = 2 })
  record("rate_divergence", cl.lyapunov.divergence{ network = net, duration = 100, trials = 3 })

  local s1 = cl.network{ seed = 1 }
  local p1 = s1:rate{ n = 200, preset = "seed001" }
  s1:connect(p1, p1, { g = 13, preset = "seed001" })
  record("rate_seed001_divergence", cl.lyapunov.divergence{ network = s1, preset = "seed001", trials = 3,
                                                            duration = 1500 })

  local series = cl.zeros{ 5, 4 } + cl.array{ 0, 1, -1, 0.5 }
  local ts = cl.network{ seed = 9 }
  local tp = ts:rate{ n = 5, phi = "sigmoid", input = series, input_step = 2, x_init = 0.1, form = "rate" }
  ts:connect(tp, tp, { p = 0.5, g = 1.5, autapses = true })
  record("rate_series_rate_form", ts:run{ duration = 20, dt = 0.1 })
end

-- Connectomes: a synthetic graph, Dale signs and Sinkhorn.
do
  local c = cl.connectome.synthetic{ n = 300, mean_degree = 8, seed = 5, regions = { EB = 0.5, FB = 0.5 },
                                     signs = { ACh = 1, GABA = -1, Glu = -1 }, normalize = "sinkhorn" }
  record("connectome_synthetic", { c.pre, c.post, c.weight, c.sign })
  local path = work .. "/golden_connectome.csv"
  cl.connectome.write(path, c, { neurons = work .. "/golden_neurons.csv" })
  local back = cl.connectome.read(path, { neurons = work .. "/golden_neurons.csv", region = "EB",
                                          signs = { ACh = 1, GABA = -1, Glu = -1 }, normalize = "sinkhorn_seed004" })
  record("connectome_read_eb", { back.pre, back.post, back.weight })
  os.remove(path)
  os.remove(work .. "/golden_neurons.csv")
end

-- A sweep in memory, and the seed-000 quick study's HDF5 results (timings left out).
do
  local r = cl.sweep{ params = { a = { 1, 2, 3 }, b = { "x", "y" } }, session = 4, progress = false,
                      run = function(p, ctx)
                        local net = seed000_network(100, { p = 0.1 }, ctx.seed)
                        local q = cl.perturbation{ network = net, kick = cl.extra_spike{ neurons = 2 },
                                                   observe = 100, seed = ctx.seed:child{ trial = p.a } }
                        return { lz = q.lz:mean(), tag = p.b .. ctx.index, u = cl.normal(0, 1):sample(3, ctx.seed) }
                      end }
  record("sweep_memory", { r.params, r.lz, r.tag, r.u, r.status })
end
do
  local output = work .. "/golden_quick.h5"
  os.remove(output)
  local here = arg[0]:match("^(.*)/") or "."
  local script = here .. "/../../examples/heterogeneity_chaos.lua"
  local chunk = assert(loadfile(script))
  local saved = arg
  arg = { [0] = script, "--quick", "--output", output }
  local saved_print = print
  print = function() end
  chunk("--quick", "--output", output)
  print = saved_print
  arg = saved
  local f = cl.h5.read(output)
  f.results.simulate_s, f.results.measure_s = nil, nil
  record("seed000_quick_study", { f.params, f.results, f.status })
  for _, suffix in ipairs { "", ".csv", "_lz.svg", "_hamming_slope.svg", "_raster.svg" } do
    os.remove((output:gsub("%.h5$", "")) .. suffix)
  end
  os.remove(output)
end

for _, line in ipairs(lines) do print(line) end
