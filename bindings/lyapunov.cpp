// Lua bindings of the Lyapunov analyses: chaoslab.lyapunov.divergence / renormalization / spectrum,
// each driving a rate network through the DynamicalSystem interface, with the seeds' presets.
#include "convert.hpp"
#include "module.hpp"

#include "analysis/lyapunov_divergence.hpp"
#include "analysis/lyapunov_spectrum.hpp"
#include "network/rate_network.hpp"
#include "sim/flow_map.hpp"
#include "sim/gemm_rate.hpp"
#include "sim/rate_system.hpp"

#include <string>

namespace chaoslab::lua {

namespace {

// What every analysis takes besides its own options: the network and the integrator.
struct AnalysisCall {
    std::shared_ptr<NetworkHandle> network;
    double dt = 0.1;
    FlowMethod method = FlowMethod::euler;
};

template <class S> Option<S> network_option() {
    return custom<S>("network", "", "required", "the chaoslab.Network of rate populations",
                     [](const OptionContext& c, S& s) {
                         s.network = read_network(c);
                         if (!s.network->template as<RateNetwork>())
                             c.fail("has no rate population (add one with net:rate{})");
                     })
        .needed();
}

template <class S> Option<S> dt_option(const char* doc) {
    return number("dt", &AnalysisCall::dt, "ms", doc, Check::positive);
}

const RateNetwork& rate_of(const AnalysisCall& c) { return *c.network->as<RateNetwork>(); }

void set_number(lua_State* L, const char* key, double v) {
    lua_pushnumber(L, v);
    lua_setfield(L, -2, key);
}
void set_integer(lua_State* L, const char* key, std::size_t v) {
    lua_pushinteger(L, static_cast<lua_Integer>(v));
    lua_setfield(L, -2, key);
}
void set_array(lua_State* L, const char* key, std::vector<double> v, Shape shape = {}) {
    push_array(L, std::move(v), std::move(shape));
    lua_setfield(L, -2, key);
}

// ---- divergence ------------------------------------------------------------------------------------

struct DivergenceCall : AnalysisCall, LyapunovDivergenceOptions {
    TrialSelection trial_selection{20, std::nullopt};
    bool per_second = false; // seed 001 reports lambda in 1/s too
};

const OptionTable<DivergenceCall> kDivergenceOptions{
    "lyapunov.divergence",
    {
        network_option<DivergenceCall>(),
        number("duration", &LyapunovDivergenceOptions::duration, "ms", "integrated time (seed001: 7000)",
               Check::positive),
        dt_option<DivergenceCall>("time step (seed001: 1)"),
        choice("method", &AnalysisCall::method, kFlowMethodNames, "'euler' or 'rk4'"),
        trials_option(&DivergenceCall::trial_selection, "20",
                      "number of trials (initial states) or a list of trial numbers"),
        number("epsilon", &LyapunovDivergenceOptions::epsilon, "",
               "initial separation: the norm for 'random', the per-coordinate size for 'ones' (seed001: 1e-4)",
               Check::positive),
        choice("direction", &LyapunovDivergenceOptions::direction,
               {{"random", PerturbDirection::random}, {"ones", PerturbDirection::ones}},
               "'random' (a random unit direction per trial) or 'ones' (every coordinate, seed 001)"),
        number("sample_every", &LyapunovDivergenceOptions::sample_every, "ms", "spacing of the ln||delta(t)|| curve",
               Check::positive)
            .shows("dt"),
        choice("average", &LyapunovDivergenceOptions::log_of_mean, {{"mean_log", false}, {"log_of_mean", true}},
               "'mean_log' (mean of ln delta_k) or 'log_of_mean' (ln of the mean delta_k, seed 001)"),
        number("min_final", &LyapunovDivergenceOptions::min_final, "",
               "leave out trials whose final distance is below this (seed001: 1)", Check::non_negative),
        number("saturation", &LyapunovDivergenceOptions::saturation, "",
               "end of the fit: the curve has risen by this fraction of its total rise (at most 1)", Check::positive),
        choice("cut", &LyapunovDivergenceOptions::seed001_cut, {{"rise", false}, {"seed001", true}},
               "'rise' (fraction of the rise from the fit start) or 'seed001' (L >= saturation * max L)"),
        number("fit_start", &LyapunovDivergenceOptions::fit_start, "ms",
               "start of the fit window (skip the alignment transient)", Check::non_negative),
    },
    {{"seed001",
      [](DivergenceCall& s) {
          s.duration = 7000.0;
          s.dt = 1.0;
          s.epsilon = 1e-4;
          s.direction = PerturbDirection::ones;
          s.log_of_mean = true;
          s.min_final = 1.0;
          s.seed001_cut = true;
          s.per_second = true;
      }}},
    "'seed001': duration 7000, dt 1, epsilon 1e-4 along 'ones', log_of_mean, min_final 1, cut 'seed001'; adds "
    "lambda_per_s"};

// chaoslab.lyapunov.divergence{network =, ...} -> result table
int lyapunov_divergence_lua(lua_State* L) {
    DivergenceCall call = kDivergenceOptions.read(L, 1);
    call.trials = trial_seeds(call.network->seed, call.trial_selection, kDivergenceOptions.fn());
    const RateSystem system(rate_of(call));
    const FlowMap map(system, call.method, call.dt);
    LyapunovDivergenceResult r = lyapunov_divergence(map, call);

    lua_createtable(L, 0, 20);
    set_number(L, "lambda", r.lambda);
    if (call.per_second) set_number(L, "lambda_per_s", r.lambda * 1000.0);
    set_number(L, "stderr", r.lambda_trials_stderr);
    set_number(L, "slope_stderr", r.slope_stderr);
    set_number(L, "intercept", r.intercept);
    set_number(L, "r2", r.r2);
    set_number(L, "fit_start", r.fit_start);
    set_number(L, "fit_end", r.fit_end);
    set_integer(L, "fit_points", r.fit_points);
    set_integer(L, "trials_used", r.trials_used);
    const std::size_t samples = r.times.size();
    set_array(L, "times", std::move(r.times));
    set_array(L, "log_delta", std::move(r.log_delta));
    set_array(L, "log_delta_trials", std::move(r.log_delta_trials), {call.trials.size(), samples});
    set_array(L, "lambda_trials", std::move(r.lambda_trials));
    set_array(L, "used", std::vector<double>(r.used.begin(), r.used.end()));
    if (!r.note.empty()) {
        lua_pushstring(L, r.note.c_str());
        lua_setfield(L, -2, "note");
    }
    return 1;
}

// ---- renormalisation -------------------------------------------------------------------------------

struct RenormCall : AnalysisCall, RenormalizationOptions {
    TrialSelection trial_selection;
};

const OptionTable<RenormCall> kRenormOptions{
    "lyapunov.renormalization",
    {
        network_option<RenormCall>(),
        number("duration", &RenormalizationOptions::duration, "ms", "time over which the logs are summed",
               Check::positive),
        number("transient", &RenormalizationOptions::transient, "ms", "time before the sum starts",
               Check::non_negative),
        dt_option<RenormCall>("time step"),
        choice("method", &AnalysisCall::method, kFlowMethodNames, "'euler' or 'rk4'"),
        trials_option(&RenormCall::trial_selection, "1", "number of trials or a list of trial numbers"),
        number("epsilon", &RenormalizationOptions::epsilon, "", "separation restored after every interval",
               Check::positive),
        number("interval", &RenormalizationOptions::interval, "ms", "time between renormalisations", Check::positive),
    }};

// chaoslab.lyapunov.renormalization{network =, ...} -> {lambda, stderr, lambda_trials, times, running}
int lyapunov_renormalization_lua(lua_State* L) {
    RenormCall call = kRenormOptions.read(L, 1);
    call.trials = trial_seeds(call.network->seed, call.trial_selection, kRenormOptions.fn());
    const RateSystem system(rate_of(call));
    const FlowMap map(system, call.method, call.dt);
    RenormalizationResult r = lyapunov_renormalization(map, call);
    lua_createtable(L, 0, 5);
    set_number(L, "lambda", r.lambda);
    set_number(L, "stderr", r.stderr);
    set_array(L, "lambda_trials", std::move(r.lambda_trials));
    set_array(L, "times", std::move(r.times));
    set_array(L, "running", std::move(r.running));
    return 1;
}

// ---- spectrum ----------------------------------------------------------------------------------------

struct SpectrumCall : AnalysisCall, SpectrumOptions {
    std::optional<std::int64_t> trial_number;
    bool jacobian_seed004 = false;
    bool tangent_after_step = false;
    RateSystem::Storage storage = RateSystem::Storage::automatic;
};

const OptionTable<SpectrumCall> kSpectrumOptions{
    "lyapunov.spectrum",
    {
        network_option<SpectrumCall>(),
        integer("k", &SpectrumOptions::k, "number of leading exponents (1..n)", Check::positive_integer)
            .shows("all units"),
        number("duration", &SpectrumOptions::duration, "ms", "time over which the logs are summed (seed004: tSim)",
               Check::positive),
        number("transient", &SpectrumOptions::transient, "ms", "time the state runs alone first", Check::non_negative),
        number("basis_transient", &SpectrumOptions::basis_transient, "ms",
               "time the tangent vectors align before the sum starts", Check::non_negative),
        dt_option<SpectrumCall>("time step"),
        number("t_ons", &SpectrumOptions::t_ons, "ms", "time between QR reorthonormalisations (>= dt; seed004: 0.2)",
               Check::positive),
        choice("method", &AnalysisCall::method, kFlowMethodNames,
               "'euler' or 'rk4' (the tangent vectors use the same integrator)"),
        integer("trial", &SpectrumCall::trial_number, "trial number of the initial state and basis",
                Check::non_negative_integer)
            .shows("network seed's trial"),
        custom<SpectrumCall>("x0", "", "x_init",
                             "explicit initial state: an array or table of n values, or one number for every unit",
                             [](const OptionContext& c, SpectrumCall& s) {
                                 if (luaL_testudata(c.L, c.idx, kDistributionMT))
                                     c.fail("must be a number or an array of the initial state, got " + c.got());
                                 s.x0 = read_numbers(c.L, c.idx, c.list(), true);
                             }),
        choice("jacobian", &SpectrumCall::jacobian_seed004, {{"exact", false}, {"seed004", true}},
               "'exact' or 'seed004' (G/cosh^2(x) for every phi, seed 004's bug)"),
        integer("blocks", &SpectrumOptions::blocks, "blocks of time for the statistical error",
                Check::positive_integer),
        integer("max_records", &SpectrumOptions::max_records, "rows of the running estimate", Check::positive_integer),
        choice("storage", &SpectrumCall::storage,
               {{"auto", RateSystem::Storage::automatic},
                {"dense", RateSystem::Storage::dense},
                {"sparse", RateSystem::Storage::sparse}},
               "J as 'dense', 'sparse' (CSR) or 'auto' (sparse at <= 20 % nonzeros)"),
    },
    {{"seed004",
      [](SpectrumCall& s) {
          s.dt = 0.1;
          s.t_ons = 0.2;
          s.seed004_schedule = true;
          s.tangent_after_step = true;
          s.jacobian_seed004 = true;
      }}},
    "'seed004': dt 0.1, t_ons 0.2, seed 004's schedule (1 % transients, time normalised by the total), tangent "
    "map at the updated state, jacobian 'seed004'"};

// chaoslab.lyapunov.spectrum{network =, k =, ...} -> result table
int lyapunov_spectrum_lua(lua_State* L) {
    SpectrumCall call = kSpectrumOptions.read(L, 1);
    call.trial = trial_seed(call.network->seed, call.trial_number);
    const RateSystem system(rate_of(call), call.storage, call.jacobian_seed004);
    FlowMap map(system, call.method, call.dt, call.tangent_after_step);
    SpectrumResult r = lyapunov_spectrum(map, call);
    const std::size_t k = r.exponents.size(), records = r.times.size();
    lua_createtable(L, 0, 16);
    set_number(L, "lambda_max", r.exponents.front());
    set_array(L, "exponents", std::move(r.exponents));
    set_array(L, "stderr", std::move(r.stderr));
    set_array(L, "times", std::move(r.times));
    set_array(L, "running", std::move(r.running), {records, k});
    set_number(L, "sum", r.sum);
    set_number(L, "kaplan_yorke", r.kaplan_yorke);
    set_number(L, "entropy_rate", r.entropy_rate);
    set_number(L, "mean_trace", r.mean_trace);
    set_number(L, "accumulated", r.accumulated);
    set_integer(L, "orthonormalizations", r.orthonormalizations);
    lua_createtable(L, 0, 3);
    set_number(L, "tangent", r.seconds_tangent);
    set_number(L, "qr", r.seconds_qr);
    set_number(L, "total", r.seconds_total);
    lua_setfield(L, -2, "seconds");
    return 1;
}

// chaoslab.lyapunov.gemm_rate(n, threads) -> GFLOP/s of Eigen's own n x n product (benchmarks)
int gemm_rate_lua(lua_State* L) {
    const auto n = static_cast<int>(check_int_in(L, 1, 1, 20000));
    const auto threads = static_cast<int>(check_int_in(L, 2, 1, 1024));
    lua_pushnumber(L, eigen_gemm_gflops(n, threads));
    return 1;
}

} // namespace

void register_lyapunov(lua_State* L) {
    lua_newtable(L); // chaoslab.lyapunov
    set_function(L, "divergence", wrap<lyapunov_divergence_lua>,
                 {"chaoslab.lyapunov.divergence", "lyapunov.divergence{network =, ...} -> table",
                  "lambda_max (1/ms) from twin trajectories: the slope of ln||delta(t)|| up to saturation. Returns "
                  "{lambda, stderr (over trials), slope_stderr, r2, fit_start, fit_end (ms), fit_points, times, "
                  "log_delta, log_delta_trials, lambda_trials, used, trials_used, note}; seed001 adds lambda_per_s.",
                  kDivergenceOptions.specs()});
    set_function(L, "renormalization", wrap<lyapunov_renormalization_lua>,
                 {"chaoslab.lyapunov.renormalization", "lyapunov.renormalization{network =, ...} -> table",
                  "lambda_max (1/ms) by Benettin's renormalised twins (separation reset to epsilon every interval): "
                  "{lambda, stderr, lambda_trials, times, running}. Does not saturate.",
                  kRenormOptions.specs()});
    set_function(L, "spectrum", wrap<lyapunov_spectrum_lua>,
                 {"chaoslab.lyapunov.spectrum", "lyapunov.spectrum{network =, k =, ...} -> table",
                  "The k leading Lyapunov exponents (1/ms) by the QR method. Returns {exponents (sorted), stderr, "
                  "lambda_max, sum, kaplan_yorke, entropy_rate, mean_trace (time average of trace Df), times, running "
                  "(Array records x k), accumulated (ms), orthonormalizations, seconds = {tangent, qr, total}}.",
                  kSpectrumOptions.specs()});
    set_function(L, "gemm_rate", wrap<gemm_rate_lua>,
                 {"chaoslab.lyapunov.gemm_rate", "lyapunov.gemm_rate(n, threads) -> GFLOP/s",
                  "Eigen's own dense n x n matrix product rate with `threads` threads, best of 5 (the yardstick of "
                  "the spectrum benchmark; chaoslab itself runs Eigen single-threaded on fixed panels)."});
    lua_setfield(L, -2, "lyapunov");
}

} // namespace chaoslab::lua
