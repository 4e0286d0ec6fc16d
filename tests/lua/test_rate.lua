-- Script tests of rate networks and Lyapunov analysis through the real binary: closed forms (linear
-- decay, a linear system's exponents), the seed presets, determinism, result shapes, and every
-- bad-input path with its message.
local T = dofile((arg[0]:match("^(.*)/") or ".") .. "/helpers.lua")
local cl = chaoslab

local function random_net(n, g, session, opts)
  local net = cl.network{ seed = session or 1 }
  local pop = net:rate(opts or { n = n })
  net:connect(pop, pop, { g = g })
  return net, pop
end

-- math.tanh exists only in Lua builds with LUA_COMPAT_MATHLIB (Debian's has it; Lua 5.4 itself dropped it).
local function tanh(x) return (math.exp(2 * x) - 1) / (math.exp(2 * x) + 1) end

T.test("an uncoupled linear unit decays as e^(-t/tau) under RK4", function()
  local net = cl.network{ seed = 1 }
  net:rate{ n = 3, tau = 20, phi = "linear", x_init = 1 }
  local r = net:run{ duration = 100, dt = 0.1, method = "rk4", record = { every = 10 } }
  T.eq(r.times:size(), 11)
  for s = 1, 11 do
    assert(T.near(r.x[1][1][s], math.exp(-r.times[s] / 20), 1e-10), "sample " .. s)
  end
  assert(T.near(r.final[1][2], math.exp(-5), 1e-10))
end)

T.test("a constant input drives a linear unit to its fixed point, and phi is recorded", function()
  local net = cl.network{ seed = 1 }
  net:rate{ n = 2, tau = 5, phi = "tanh", input = cl.array{ 0.5, -0.25 }, x_init = 0 }
  local r = net:run{ duration = 200, dt = 0.1, method = "rk4", record = { what = "phi", every = 200 } }
  assert(T.near(r.phi[1][1][2], tanh(0.5), 1e-9))
  assert(T.near(r.phi[1][2][2], tanh(-0.25), 1e-9))
end)

T.test("an input time series is held sample by sample", function()
  local net = cl.network{ seed = 1 }
  -- tau dx/dt = -x + I: with tau = 1 ms and I switching 0 -> 1 at 5 ms, x(10) = 1 - e^-5.
  local series = cl.zeros{ 1, 2 }
  series[1][2] = 1
  net:rate{ n = 1, phi = "linear", input = series, input_step = 5, x_init = 0 }
  local r = net:run{ duration = 10, dt = 0.001, method = "rk4" }
  -- The last stage of the step ending at 5 ms already sees the new sample: an O(dt) error of ~1e-6.
  assert(T.near(r.final[1][1], 1 - math.exp(-5), 5e-6))
  local early = net:run{ duration = 4.9, dt = 0.001, method = "rk4" }
  T.eq(early.final[1][1], 0)
end)

T.test("the spectrum of a diagonal linear system is known in closed form", function()
  local net = cl.network{ seed = 1 }
  local pop = net:rate{ n = 3, tau = 2, phi = "linear" }
  net:connect(pop, pop, { pre = { 1, 2, 3 }, post = { 1, 2, 3 }, weight = cl.array{ 1.5, 0.2, -1 }, autapses = true })
  local s = cl.lyapunov.spectrum{ network = net, method = "rk4", dt = 0.01, duration = 100, basis_transient = 30 }
  local expected = { 0.25, -0.4, -1 }
  for j = 1, 3 do assert(T.near(s.exponents[j], expected[j], 1e-6), "exponent " .. j .. " = " .. s.exponents[j]) end
  assert(T.near(s.sum, -1.15, 1e-6))
  assert(T.near(s.kaplan_yorke, 1 + 0.25 / 0.4, 1e-5))
  assert(T.near(s.entropy_rate, 0.25, 1e-6))
  T.eq(s.running:shape()[2], 3)
end)

T.test("lambda_max is negative below g = 1 and positive above", function()
  local calm = random_net(300, 0.5, 2)
  local wild = random_net(300, 2.0, 2)
  local below = cl.lyapunov.spectrum{ network = calm, k = 1, duration = 200 }
  local above = cl.lyapunov.spectrum{ network = wild, k = 1, duration = 200 }
  assert(below.lambda_max < -0.3, below.lambda_max)
  assert(above.lambda_max > 0.02, above.lambda_max)
end)

T.test("seed 001's preset reports lambda in 1/ms and 1/s", function()
  local net = cl.network{ seed = 1 }
  local pop = net:rate{ n = 200, preset = "seed001" }
  net:connect(pop, pop, { g = 19, preset = "seed001" })
  local d = cl.lyapunov.divergence{ network = net, preset = "seed001", trials = 6, duration = 2500 }
  assert(T.near(d.lambda_per_s, d.lambda * 1000, 1e-12))
  -- Reference sessions at g = 19: 10.3 .. 12.6 1/s (spec 2.5); few trials here, so a wider band.
  assert(d.lambda_per_s > 8 and d.lambda_per_s < 15, d.lambda_per_s)
  T.eq(d.log_delta_trials:shape()[1], 6)
  assert(d.fit_start == 0)
  -- The cut: the first sample where ln D reaches 80 % of its maximum.
  local max_l = d.log_delta:max()
  local cut = math.floor(d.fit_end / 1 + 0.5) + 2
  assert(d.log_delta[cut] >= 0.8 * max_l and d.log_delta[cut - 1] < 0.8 * max_l)
end)

T.test("results do not depend on the thread count", function()
  local net = random_net(130, 2.0, 3)
  local before = cl.threads()
  cl.threads(1)
  local one = cl.lyapunov.spectrum{ network = net, duration = 20 }
  local d1 = cl.lyapunov.divergence{ network = net, duration = 30, trials = 5 }
  cl.threads(2)
  local two = cl.lyapunov.spectrum{ network = net, duration = 20 }
  local d2 = cl.lyapunov.divergence{ network = net, duration = 30, trials = 5 }
  cl.threads(before)
  for j = 1, 130 do assert(one.exponents[j] == two.exponents[j], "exponent " .. j) end
  assert(d1.lambda == d2.lambda)
end)

T.test("a trial alone equals the same trial inside a batch", function()
  local net = random_net(60, 1.5, 4)
  local batch = net:run{ duration = 20, trials = { 0, 1, 2, 3, 4 } }
  local alone = net:run{ duration = 20, trials = { 3 } }
  for i = 1, 60 do assert(batch.final[4][i] == alone.final[1][i], "unit " .. i) end
end)

T.test("rate populations list, size and describe themselves", function()
  local net, pop = random_net(10, 1, 1, { n = 10, name = "rnn", gain = cl.uniform(0.5, 1.5) })
  T.eq(#net, 10)
  T.eq(pop:size(), 10)
  T.eq(pop:name(), "rnn")
  assert(tostring(pop):find("10 rate units (tanh)", 1, true))
  assert(tostring(net):find("10 rate units in 1 populations, 90 couplings", 1, true), tostring(net))
  local gain = pop:values("gain")
  assert(gain:min() >= 0.5 and gain:max() < 1.5)
  T.eq(#net:populations(), 1)
end)

T.test("Dale's law signs a rate population's outgoing couplings", function()
  local net = cl.network{ seed = 2 }
  local e = net:rate{ n = 40, dale = "excitatory" }
  local i = net:rate{ n = 10, dale = "inhibitory" }
  net:connect(e, e, { g = 1, p = 0.5 })
  net:connect(i, e, { g = 1, p = 0.5 })
  -- A unit of e driven only by e (zero state elsewhere): its derivative is positive when phi > 0.
  T.expect_error(function() net:connect(e, i, { pre = { 1 }, post = { 1 }, weight = -1 }) end,
    "connect: weight[1] = -1 breaks Dale's law for the excitatory population 'rate population 1'")
end)

T.test("bad inputs give clear errors", function()
  local net = cl.network{ seed = 1 }
  T.expect_error(function() net:rate{ n = 5, tau = -1 } end, "rate: option 'tau' must be > 0, got -1")
  T.expect_error(function() net:rate{ n = 5, phi = "tanhh" } end,
    "rate: option 'phi' must be one of tanh, tanh_stretched, tanh_pos, relu, sigmoid, linear, got 'tanhh'")
  T.expect_error(function() net:rate{ n = 5, form = "x" } end,
    "rate: option 'form' must be one of 'current', 'rate', got 'x'")
  T.expect_error(function() net:rate{ n = 5, preset = "seed002" } end,
    "rate: option 'preset' must be 'seed001', got 'seed002'")
  local pop = net:rate{ n = 5 }
  T.expect_error(function() net:connect(pop, pop, { p = 1.5 }) end, "connect: option 'p' must be in [0, 1], got 1.5")
  T.expect_error(function() net:connect(pop, pop, { scaling = "x" }) end,
    "connect: option 'scaling' must be one of 'textbook', 'seed001', 'none', got 'x'")
  T.expect_error(function() net:connect(pop, pop, { pre = { 6 }, post = { 1 }, weight = 1 }) end, "out of range")
  T.expect_error(function() net:lif{ n = 3 } end,
    "lif: the network already holds rate populations (use another network)")
  net:connect(pop, pop, { g = 1 })
  T.expect_error(function() cl.lyapunov.spectrum{ network = net, k = 6 } end,
    "lyapunov.spectrum: option 'k' must be <= 5 (the number of units), got 6")
  T.expect_error(function() cl.lyapunov.spectrum{ network = net, t_ons = 0.01 } end,
    "lyapunov.spectrum: option 't_ons' must be >= dt (0.1 ms), got 0.01")
  T.expect_error(function() cl.lyapunov.spectrum{ network = net, method = "rk5" } end,
    "lyapunov.spectrum: option 'method' must be one of 'euler', 'rk4', got 'rk5'")
  T.expect_error(function() cl.lyapunov.spectrum{ k = 1 } end, "lyapunov.spectrum: option 'network' is required")
  T.expect_error(function() cl.lyapunov.spectrum{ network = cl.network{} } end,
    "lyapunov.spectrum: option 'network' has no rate population (add one with net:rate{})")
  T.expect_error(function() cl.lyapunov.divergence{ network = net, epsilon = 0 } end,
    "lyapunov.divergence: option 'epsilon' must be > 0, got 0")
  T.expect_error(function() cl.lyapunov.divergence{ network = net, saturation = 2 } end,
    "lyapunov.divergence: option 'saturation' must be in (0, 1], got 2")
  T.expect_error(function() cl.lyapunov.renormalization{ network = net, interval = 0.01 } end,
    "lyapunov.renormalization: option 'interval' must be >= dt (0.1 ms), got 0.01")
  T.expect_error(function() cl.lyapunov.spectrum{ network = net, tONS = 1 } end,
    "lyapunov.spectrum: unknown option 'tONS'")
  T.expect_error(function() net:run{ duration = 10, record = { units = { 9 } } } end,
    "run: option 'record.units' has 9 at position 1, outside the neuron ids 1..5")
end)

T.done()
