-- Script tests of networks, runs and perturbations through the real binary: results against closed forms
-- and invariants (rate under constant drive, weight convention, frozen noise, determinism), and every
-- bad-input path with its message.
local T = dofile((arg[0]:match("^(.*)/") or ".") .. "/helpers.lua")
local cl = chaoslab

-- A 300-neuron version of the seed-000 network.
local function seed000(g_std, v_th_std, seed)
  local net = cl.network{ seed = seed or cl.seed{ session = 3 } }
  local exc = net:lif{ n = 300, v_th = cl.normal(-55, v_th_std or 0.1), name = "exc" }
  net:connect(exc, exc, { p = 0.1, weight = cl.normal(0, g_std) })
  net:poisson(exc, { rate = 200, weight = 2.5 })
  return net, exc
end

T.test("constant drive fires at the closed-form rate", function()
  local net = cl.network{ seed = 1 }
  net:lif{ n = 3, i_e = 20, v_init = -65 } -- V_inf = -45 mV: T = 20 ln(20/10) ms to threshold
  local r = net:run{ duration = 1000, dt = 0.1 }
  local times = r.spikes[1].times
  local period = 2 + math.ceil(20 * math.log(2) / 0.1) * 0.1
  local n = #times / 3
  assert(n == math.floor((1000 - (period - 2)) / period) + 1, "spike count " .. n)
  assert(T.near(times[4] - times[1], period, 1e-9)) -- ids 1..3 fire together
end)

T.test("net:run returns spikes, potentials and the population rate", function()
  local net, exc = seed000(0.3)
  T.eq(#net, 300)
  T.eq(#exc, 300)
  T.eq(exc:ids()[1], 1)
  assert(T.near(exc:values("v_th"):mean(), -55, 0.05))
  local r = net:run{ duration = 200, trials = 2, record = { v = { 1, 2 }, every = 1, rate = 10 } }
  T.eq(r.trials, 2)
  T.eq(#r.spikes, 2)
  local s = r.spikes[1]
  T.eq(#s.times, #s.ids)
  assert(s.ids:min() >= 1 and s.ids:max() <= 300)
  assert(s.times:min() > 0 and s.times:max() <= 200)
  T.eq(r.v[1]:shape()[1], 2)
  T.eq(r.v[1]:shape()[2], #r.v_time)
  assert(r.v[1]:max() < -55 + 2, "potentials stay below threshold after reset")
  -- The population rate integrates to the spike count.
  local rate = r.rate[1]
  T.eq(#rate, 20)
  assert(T.near(rate:sum() * 10 / 1000 * 300, #s.times, 1e-9))
  assert(r.spikes[1].times:totable()[1] ~= nil)
end)

T.test("trials differ in noise; a trial alone equals the same trial in a batch", function()
  local net = seed000(0.5)
  local batch = net:run{ duration = 100, trials = 3 }
  local alone = net:run{ duration = 100, trials = { 2 } }
  assert(alone.spikes[1].times == batch.spikes[3].times)
  assert(alone.spikes[1].ids == batch.spikes[3].ids)
  assert(batch.spikes[1].ids ~= batch.spikes[2].ids)
end)

T.test("threads do not change a single bit", function()
  local net = seed000(0.5)
  local before = cl.threads()
  cl.threads(1)
  local one = cl.perturbation{ network = net, kick = cl.extra_spike{ neurons = 3 }, observe = 100 }
  cl.threads(2)
  local two = cl.perturbation{ network = net, kick = cl.extra_spike{ neurons = 3 }, observe = 100 }
  cl.threads(before)
  assert(one.lz == two.lz and one.hamming == two.hamming and one.rate == two.rate)
end)

T.test("a zero kick gives zero divergence, an extra spike does not", function()
  local net = seed000(1.0)
  local zero = cl.perturbation{ network = net, kick = cl.voltage_kick{ neurons = 4, size = 0 }, observe = 200 }
  T.eq(zero.differences:sum(), 0)
  T.eq(zero.hamming:sum(), 0)
  T.eq(zero.hamming_slope:sum(), 0)
  local state = cl.perturbation{ network = net, kick = cl.state_kick{ epsilon = 0, twins = 2 }, observe = 200 }
  T.eq(state.differences:sum(), 0)
  local r = cl.perturbation{ network = net, kick = cl.extra_spike{ neurons = 5 }, observe = 200 }
  T.eq(r.twins, 5)
  T.eq(#r.neurons, 5)
  assert(r.differences:min() >= 1, "the auxiliary spike itself differs")
  assert(r.lz:min() >= 2)
  assert(r.rate > 5 and r.rate < 40, "firing rate " .. r.rate)
  T.eq(r.hamming:shape()[1], 5)
  T.eq(r.hamming:shape()[2], 200)
  -- The drawn neurons are distinct and stable for the network seed.
  local again = cl.perturbation{ network = net, kick = cl.extra_spike{ neurons = 5 }, observe = 200 }
  assert(again.neurons == r.neurons and again.lz == r.lz)
end)

T.test("precision = 'single' keeps the invariants and the statistics", function()
  local net = seed000(1.0)
  local opts = { network = net, kick = cl.voltage_kick{ neurons = 4, size = 0 }, observe = 200, precision = "single" }
  T.eq(cl.perturbation(opts).differences:sum(), 0)
  opts.kick = cl.extra_spike{ neurons = 3 }
  local before = cl.threads()
  cl.threads(1)
  local one = cl.perturbation(opts)
  cl.threads(2)
  local two = cl.perturbation(opts)
  cl.threads(before)
  assert(one.lz == two.lz and one.hamming == two.hamming and one.rate == two.rate)
  -- Rates of 4 trials x 1 s in single and double: 2 % is about 3 standard deviations of the count.
  local single = net:run{ duration = 1000, trials = 4, precision = "single" }
  local double = net:run{ duration = 1000, trials = 4 }
  local n_single, n_double = 0, 0
  for t = 1, 4 do n_single, n_double = n_single + #single.spikes[t].times, n_double + #double.spikes[t].times end
  assert(n_double > 10000, "double-precision spikes " .. n_double)
  assert(math.abs(n_single / n_double - 1) < 0.02, ("single %d vs double %d spikes"):format(n_single, n_double))
  assert(single.spikes[1].times ~= double.spikes[1].times, "the chaotic trajectories part")
  assert(cl.doc(net.run):find("precision", 1, true))
  assert(cl.doc(cl.perturbation):find("'single'", 1, true))
end)

T.test("extra measures are computed on request", function()
  local net = seed000(1.0)
  local r = cl.perturbation{ network = net, kick = cl.extra_spike{ neurons = 2 }, observe = 150,
                             measures = { "patterns", "coincidence", "dimensionality" }, spikes = true }
  T.eq(#r.symbol_entropy, 2)
  T.eq(#r.gamma, 2)
  assert(r.participation_ratio >= 1)
  assert(#r.control.times > 0 and #r.twin_spikes == 2)
  assert(r.gamma:max() <= 1 + 1e-12)
end)

T.test("net:run applies timed kicks", function()
  local net = seed000(0.5)
  local plain = net:run{ duration = 80 }
  local kicked = net:run{ duration = 80, perturb = { cl.extra_spike{ neurons = { 7 }, at = 40 } } }
  -- Identical up to 40 ms, then neuron 7 has an extra spike at exactly 40 ms.
  local n40 = 0
  for k = 1, #plain.spikes[1].times do
    if plain.spikes[1].times[k] < 40 then n40 = k end
  end
  for k = 1, n40 do T.eq(kicked.spikes[1].ids[k], plain.spikes[1].ids[k]) end
  local found = false
  for k = n40 + 1, #kicked.spikes[1].times do
    if kicked.spikes[1].times[k] == 40 and kicked.spikes[1].ids[k] == 7 then found = true end
  end
  assert(found, "the extra spike of neuron 7 at 40 ms")
end)

T.test("bad network parameters give clear errors", function()
  local net = cl.network{ seed = 1 }
  T.expect_error(function() net:lif{ n = 10, tau_m = -5 } end, "lif: option 'tau_m' must be > 0, got -5")
  T.expect_error(function() net:lif{ n = 10, tau_mm = 5 } end, "lif: unknown option 'tau_mm' (did you mean 'tau_m'?)")
  T.expect_error(function() net:lif{ tau_m = 5 } end, "lif: option 'n' is required")
  T.expect_error(function() net:lif{ n = 10, v_th = "high" } end,
                 "lif: option 'v_th' must be a number, distribution or 1-D array, got 'high'")
  T.expect_error(function() net:lif{ n = 10, v_reset = -50 } end,
    "lif: option 'v_reset' must be below v_th (-55 mV), got -50")
  local a = net:lif{ n = 10 }
  T.expect_error(function() net:connect(a, a, { p = 1.5, weight = 1 }) end,
    "connect: option 'p' must be in [0, 1], got 1.5")
  T.expect_error(function() net:connect(a, a, { p = 0.1 }) end, "connect: option 'weight' is required")
  T.expect_error(function() net:connect(a, a, { p = 0.1, indegree = 2, weight = 1 }) end, "give exactly one of")
  T.expect_error(function() net:connect(a, a, { p = 0.1, weight = 1, synapse = "alpha" }) end,
                 "connect: option 'synapse' must be one of 'exponential', 'delta', got 'alpha'")
  T.expect_error(function() net:connect(a, 5, { p = 0.1, weight = 1 }) end,
                 "bad argument #2 to 'connect' (chaoslab.Population expected, got number)")
  T.expect_error(function() net:connect(a, a, { pre = { 1, 11 }, post = { 1, 2 }, weight = 1 }) end,
                 "connect: pre[2] = 11 is out of range for a population of 10")
  local other = cl.network{ seed = 2 }:lif{ n = 10 }
  T.expect_error(function() net:connect(a, other, { p = 0.1, weight = 1 }) end, "belongs to another network")
  T.expect_error(function() net:poisson(a, { rate = -1, weight = 1 }) end,
    "poisson: option 'rate' must be >= 0, got -1")
  T.expect_error(function() net:run{ duration = 10, dt = 0 } end, "run: option 'dt' must be > 0, got 0")
  T.expect_error(function() net:run{ duration = -10 } end, "run: option 'duration' must be > 0, got -10")
  T.expect_error(function() net:run{ duration = 10, method = "rk4" } end,
                 "run: option 'method' must be one of 'exact', 'euler', got 'rk4'")
  T.expect_error(function() net:run{ duration = 10, precision = "half" } end,
                 "run: option 'precision' must be one of 'double', 'single', got 'half'")
  local tiny = { cl.voltage_kick{ neurons = { 3 }, size = 1e-6, at = 5 } }
  T.expect_error(function() net:run{ duration = 10, precision = "single", perturb = tiny } end,
                 "run: a voltage kick of 1e-06 mV per neuron is below what precision 'single' resolves near -65 mV "
                   .. "(1e-4 mV); use precision 'double'")
  T.expect_error(function() net:run{ duration = 10, record = { v = { 11 } } } end,
                 "run: option 'record.v' has 11 at position 1, outside the neuron ids 1..10")
  T.expect_error(function() net:run{ duration = 10, perturb = { cl.extra_spike{ neurons = { 3 }, at = 20 } } } end,
                 "run: perturbation at 20 ms is not before the end of the run (10 ms)")
  T.expect_error(function() net:run{ duration = 10, perturb = { cl.extra_spike{ neurons = { 3 } } } } end,
                 "run: the extra_spike kick needs its time: extra_spike{..., at = ms}")
end)

T.test("bad perturbation parameters give clear errors", function()
  local net = seed000(0.5)
  T.expect_error(function() cl.perturbation{ kick = cl.extra_spike{} } end,
    "perturbation: option 'network' is required")
  T.expect_error(function() cl.perturbation{ network = net } end, "perturbation: option 'kick' is required")
  T.expect_error(function() cl.perturbation{ network = net, kick = 3 } end,
                 "perturbation: option 'kick' must be a chaoslab.Kick")
  T.expect_error(function() cl.perturbation{ network = net, kick = cl.extra_spike{ neurons = { 301 } } } end,
                 "extra_spike: option 'neurons' has 301 at position 1, outside the neuron ids 1..300")
  T.expect_error(function() cl.perturbation{ network = net, kick = cl.extra_spike{ neurons = 400 } } end,
                 "extra_spike: cannot choose 400 distinct neurons from 300")
  T.expect_error(function() cl.extra_spike{ neurons = "x" } end,
                 "extra_spike: option 'neurons' must be a count or a list of neuron ids, got 'x'")
  T.expect_error(function() cl.extra_spike{ neurons = {} } end,
    "extra_spike: option 'neurons' must not be an empty list")
  T.expect_error(function() cl.extra_spike{ neurons = 0 } end, "extra_spike: option 'neurons' must be >= 1, got 0")
  T.expect_error(function() cl.state_kick{ epsilon = 1, neurons = true } end,
                 "state_kick: option 'neurons' must be a list of neuron ids, got true")
  T.expect_error(function() cl.perturbation{ network = net, kick = cl.extra_spike{}, observe = 0 } end,
                 "perturbation: option 'observe' must be > 0, got 0")
  T.expect_error(function() cl.perturbation{ network = net, kick = cl.extra_spike{}, lz = "lz77" } end,
                 "perturbation: option 'lz' must be one of 'lz76', 'dictionary', got 'lz77'")
  T.expect_error(function() cl.perturbation{ network = net, kick = cl.extra_spike{}, measures = { "chaos" } } end,
                 "perturbation: option 'measures' has unknown measure 'chaos'")
  T.expect_error(function()
    cl.perturbation{ network = net, kick = cl.extra_spike{}, seed = cl.seed{ session = 9 } }
  end, "perturbation: option 'seed' has session 9, block 0 but the network was built with session 3")
  T.expect_error(function() cl.voltage_kick{ neurons = 2 } end, "voltage_kick: option 'size' is required")
  T.expect_error(function() cl.state_kick{ epsilon = -1 } end, "state_kick: option 'epsilon' must be >= 0, got -1")
end)

T.done()
