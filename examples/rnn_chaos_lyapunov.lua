-- Seed 001 (RNN_chaos): the largest Lyapunov exponent of a rate RNN versus the synaptic upscaling g,
-- fitted from the divergence of twin trajectories exactly as the seed code does (spec section 2).
--
--   chaoslab examples/rnn_chaos_lyapunov.lua           -- g = 1, 4, ..., 22, sessions 1-5, 20 trials, N = 200
--   chaoslab examples/rnn_chaos_lyapunov.lua --quick   -- g = 4, 16, session 1, 4 trials, 2 s (CI)
--   options: --sessions S  --trials K  --duration MS  --g 1,4,7  --output FILE.h5  (--help lists them)
local cl = require "chaoslab"

local opts = cl.args(arg, { sessions = 5, trials = 20, duration = 7000.0, n = 200,
                           g = { 1, 4, 7, 10, 13, 16, 19, 22 }, output = "results/rnn_chaos_lyapunov.h5" },
                     { quick = { sessions = 1, trials = 4, duration = 2000.0, g = { 4, 16 },
                                 output = "results/rnn_chaos_lyapunov_quick.h5" } })
local g_values = cl.array(opts.g)

-- Seed 001's network (preset 'seed001'): tau = 20 ms, tau dr/dt = -r + tanh(J r), p = 0.1 without autapses,
-- weights N(0, (1/(N p))^2) with their sample mean removed, times g; one connectivity per session, the
-- same 20 initial states (uniform in [-1, 1]) for every g.
local function build(session, g)
  local net = cl.network{ seed = cl.seed{ session = session } }
  local pop = net:rate{ n = opts.n, preset = "seed001" }
  net:connect(pop, pop, { g = g, preset = "seed001" })
  return net
end

local sessions = cl.range(1, opts.sessions)
local t_start = cl.clock()
local results = cl.sweep{
  output = opts.output, session = 1, id = ("N=%d trials=%d duration=%g"):format(opts.n, opts.trials, opts.duration),
  params = { session = sessions, g = g_values }, order = { "session", "g" },
  units = { lambda = "1/s", stderr = "1/s", fit_end = "ms" },
  run = function(p)
    local d = cl.lyapunov.divergence{ network = build(p.session, p.g), preset = "seed001", trials = opts.trials,
                                      duration = opts.duration }
    return { lambda = d.lambda_per_s or 0 / 0, stderr = d.stderr * 1000, trials_used = d.trials_used,
             fit_end = d.fit_end, log_delta = d.log_delta }
  end,
}

-- The seed's published table (spec 2.5, 1/s; the seed reports g >= 10 only).
local reference = { [10] = 3.542, [13] = 6.691, [16] = 9.761, [19] = 11.463, [22] = 13.654 }
print(("Seed 001: lambda_max (1/s) versus g, N = %d, %d trials, %g ms, %d session(s), %.1f s"):format(
  opts.n, opts.trials, opts.duration, opts.sessions, cl.clock() - t_start))
print("      g   mean lambda   sd over sessions   trials used   reference (seed, mean of 5)")
local per_g = {}
for k = 1, results.info.points do
  local g = results.params.g[k]
  per_g[g] = per_g[g] or {}
  table.insert(per_g[g], k)
end
for _, g in ipairs(g_values:totable()) do
  local sum, sq, used, count = 0, 0, 0, 0
  for _, k in ipairs(per_g[g]) do
    local l = results.lambda[k]
    if l == l then sum, sq, count = sum + l, sq + l * l, count + 1 end
    used = used + results.trials_used[k]
  end
  local mean = count > 0 and sum / count or 0 / 0
  local sd = count > 1 and math.sqrt(math.max(0, (sq - count * mean * mean) / (count - 1))) or 0 / 0
  local function show(x) return x == x and ("%.3f"):format(x) or "-" end
  print(("%7g   %11s   %16s   %11d   %s"):format(g, show(mean), show(sd), used, show(reference[g] or 0 / 0)))
end
-- Figures beside the results: lambda versus g (one line per session) and the divergence curves.
local stem = opts.output:gsub("%.h5$", "")
cl.plot.lines{ data = results, x = "g", y = "lambda", by = "session", units = { lambda = "1/s" },
               markers = true, title = "Seed 001: largest Lyapunov exponent", file = stem .. "_lambda.svg" }
local curves = {}
for k = 1, results.info.points do
  if results.params.session[k] == 1 then
    local curve = results.log_delta[k]
    curves[#curves + 1] = { x = cl.range(0, curve:size() - 1), y = curve,
                            label = ("g = %g"):format(results.params.g[k]) }
  end
end
cl.plot.lines{ series = curves, xlabel = "time (ms)", ylabel = "ln D(t)",
               title = "Divergence of twin trajectories (session 1)", file = stem .. "_divergence.svg" }
print("results: " .. opts.output .. ", figures: " .. stem .. "_{lambda,divergence}.svg")
