-- A small real sweep for the MPI tests: 9 points of a perturbed LIF network, each returning
-- numbers and arrays. usage: chaoslab sweep_study.lua OUTPUT [static|dynamic] [slow_seconds]
-- With CALLS_DIR set, each finished run appends its point index to CALLS_DIR/calls.<rank>.
local cl = require "chaoslab"
local output, schedule, slow = arg[1], arg[2] or "static", tonumber(arg[3] or "0")
local calls_dir = os.getenv("CALLS_DIR")

cl.sweep{
  output = output, session = 3, schedule = schedule, id = "mpi-test", progress = false,
  params = { g_std = { 0.1, 0.3, 0.5 }, v_th_std = { 0.1, 0.4, 0.8 } },
  run = function(p, ctx)
    local net = cl.network{ seed = ctx.seed }
    local exc = net:lif{ n = 60, tau_m = 20, v_rest = -65, v_reset = -65, t_ref = 2,
                         v_th = cl.normal(-55, p.v_th_std) }
    net:connect(exc, exc, { p = 0.2, weight = cl.normal(0, p.g_std), synapse = "exponential", tau_syn = 5 })
    net:poisson(exc, { rate = 200, weight = 2.5 })
    local r = cl.perturbation{ network = net, dt = 0.1, baseline = 20, observe = 60,
                               kick = cl.extra_spike{ neurons = 2 }, seed = ctx.seed }
    if slow > 0 then
      local t = os.clock()
      while os.clock() - t < slow do end
    end
    if calls_dir then
      local f = assert(io.open(calls_dir .. "/calls." .. ctx.rank, "a"))
      f:write(ctx.index, "\n")
      f:close()
    end
    return { lz = r.lz:mean(), lz_trials = r.lz, rate = r.rate, label = "g" .. p.g_std }
  end,
}
