// Compilation of a SpikingNetwork for one dt: receptors by distinct synapse model, propagators, delays in
// steps (at least one: a spike reaches its targets in a later step), pre-scaled weights.
#include "sim/compiled_network.hpp"

#include "core/errors.hpp"
#include "sim/input_window.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace chaoslab {

namespace {

std::uint32_t receptor_for(CompiledNetwork& c, const SynapseModel& m) {
    for (std::uint32_t r = 0; r < c.receptors.size(); ++r) {
        const SynapseModel& have = c.receptors[r].model;
        if (have.kind == m.kind && (m.kind == SynapseKind::delta || have.tau_syn_ms == m.tau_syn_ms)) return r;
    }
    CompiledReceptor rec;
    rec.model = m;
    std::vector<double> p21;
    if (m.kind == SynapseKind::exponential) {
        rec.p11 = std::exp(-c.dt / m.tau_syn_ms);
        p21.resize(c.n);
        for (const auto& pop : c.network->populations()) {
            for (std::uint32_t i = 0; i < pop.size(); ++i) {
                p21[pop.offset + i] = membrane_p21(pop.neurons.tau_m[i], m.tau_syn_ms, c.dt, c.method);
            }
        }
    }
    c.receptors.push_back(rec);
    c.f64.p21.push_back(std::move(p21));
    return static_cast<std::uint32_t>(c.receptors.size() - 1);
}

double scale_of(const SynapseModel& m) { return m.kind == SynapseKind::exponential ? 1.0 / m.tau_syn_ms : 1.0; }

std::uint32_t delay_steps(double ms, double dt) {
    const std::uint64_t k = std::max<std::uint64_t>(1, to_steps(ms, dt));
    if (k > (1u << 20)) throw ConfigError("run: delay of " + format_number(ms) + " ms is more than 2^20 steps");
    return static_cast<std::uint32_t>(k);
}

// Input sources are numbered in 32 bits (4 bytes an event), and so are the ring offsets they land on.
void check_input_sources(const CompiledNetwork& c, const char* fn) {
    if (c.input_at.size() >= (std::uint64_t{1} << 32)) {
        throw ConfigError(std::string(fn) + ": more than 2^32 input synapses (Poisson inputs and channel projections)");
    }
}
std::uint32_t input_landing(std::uint64_t ring_offset, std::uint64_t neuron, const char* fn) {
    if (ring_offset + neuron >= (std::uint64_t{1} << 32)) {
        throw ConfigError(std::string(fn) + ": neurons x delay steps x synapse models exceed 2^32 with external input");
    }
    return static_cast<std::uint32_t>(ring_offset + neuron);
}

std::vector<float> rounded(const std::vector<double>& x) { return {x.begin(), x.end()}; }

// The float32 copy of the step arrays but the synapse increments (compile makes those directly); a v_reset that rounds onto its v_th would fire forever.
void round_to_float32(CompiledNetwork& c, const char* fn) {
    const StepArrays<double>& d = c.f64;
    StepArrays<float>& f = c.f32;
    f.p22 = rounded(d.p22);
    f.v_reset = rounded(d.v_reset);
    f.v_th = rounded(d.v_th);
    for (const auto& x : d.p21) f.p21.push_back(rounded(x));
    f.input_increment = rounded(d.input_increment);
    for (std::uint32_t i = 0; i < c.n; ++i) {
        if (!(f.v_reset[i] < f.v_th[i])) {
            throw ConfigError(std::string(fn) + ": precision 'single' rounds v_reset = " + format_number(d.v_reset[i]) +
                              " mV and v_th = " + format_number(d.v_th[i]) + " mV of neuron " + std::to_string(i + 1) +
                              " to the same value; use precision 'double'");
        }
    }
}

} // namespace

std::uint64_t to_steps(double ms, double dt) {
    const double k = std::nearbyint(ms / dt);
    return k <= 0.0 ? 0 : static_cast<std::uint64_t>(k);
}

double CompiledChannels::mean_events(std::uint32_t c, std::uint64_t k) const {
    std::size_t s = 0;
    if (source->n_samples > 1) {
        const double t = static_cast<double>(k) * dt;
        const double idx = std::floor(t / source->rate_step_ms + 1e-9);
        s = idx >= static_cast<double>(source->n_samples - 1) ? source->n_samples - 1 : static_cast<std::size_t>(idx);
    }
    return source->rates[std::size_t{c} * source->n_samples + s] * dt / 1000.0;
}

void CompiledNetwork::drive_at(std::uint64_t k, std::vector<double>& drive) const {
    drive = i_e;
    const auto& currents = network->currents();
    for (std::size_t c = 0; c < currents.size(); ++c) {
        if (k < current_steps[c].first || k >= current_steps[c].second) continue;
        const std::uint32_t off = network->populations()[currents[c].population].offset;
        for (std::size_t i = 0; i < currents[c].amplitude.size(); ++i) drive[off + i] += currents[c].amplitude[i];
    }
}

CompiledNetwork compile(const SpikingNetwork& net, double dt, Integration method, Precision precision, const char* fn) {
    if (!(dt > 0.0) || !std::isfinite(dt)) {
        throw ConfigError(std::string(fn) + ": option 'dt' must be > 0 ms, got " + format_number(dt));
    }
    if (net.size() == 0) throw ConfigError(std::string(fn) + ": the network has no neurons (add some with net:lif{})");
    CompiledNetwork c;
    c.network = &net;
    c.dt = dt;
    c.method = method;
    c.n = net.size();
    c.precision = precision;
    StepArrays<double>& f64 = c.f64;
    f64.p22.resize(c.n);
    c.v_rest.resize(c.n);
    f64.v_reset.resize(c.n);
    f64.v_th.resize(c.n);
    c.ref_steps.resize(c.n);
    c.ref_first.resize(c.n);
    c.i_e.resize(c.n);
    c.population_of.resize(c.n);
    const auto& pops = net.populations();
    for (std::uint32_t p = 0; p < pops.size(); ++p) {
        const LifNeurons& nn = pops[p].neurons;
        for (std::uint32_t i = 0; i < pops[p].size(); ++i) {
            const std::uint32_t g = pops[p].offset + i;
            if (method == Integration::euler && !(dt < nn.tau_m[i])) {
                throw ConfigError(std::string(fn) + ": Euler integration needs dt < tau_m, got dt = " +
                                  format_number(dt) + " ms and tau_m = " + format_number(nn.tau_m[i]) + " ms");
            }
            f64.p22[g] = membrane_p22(nn.tau_m[i], dt, method);
            c.v_rest[g] = nn.v_rest[i];
            f64.v_reset[g] = nn.v_reset[i];
            f64.v_th[g] = nn.v_th[i];
            const std::uint64_t ref_steps = to_steps(nn.t_ref[i], dt);
            if (ref_steps > (1u << 24)) { // a guard against a unit slip (s for ms)
                throw ConfigError(std::string(fn) + ": t_ref = " + format_number(nn.t_ref[i]) +
                                  " ms is more than 2^24 steps of " + format_number(dt) + " ms");
            }
            c.ref_steps[g] = static_cast<std::uint32_t>(ref_steps);
            c.ref_first[g] =
                static_cast<std::uint8_t>(std::min<std::uint64_t>(ref_steps, CompiledNetwork::kRefCountMax));
            c.long_refractory = c.long_refractory || ref_steps > CompiledNetwork::kRefCountMax;
            c.i_e[g] = nn.i_e[i];
            c.population_of[g] = p;
        }
    }
    c.outgoing.resize(pops.size());
    std::uint32_t max_delay = 1;
    for (const auto& proj : net.projections()) {
        CompiledProjection cp;
        cp.pre_offset = pops[proj.pre].offset;
        cp.post_offset = pops[proj.post].offset;
        cp.synapses = proj.synapses;
        cp.receptor = receptor_for(c, proj.synapse);
        const double scale = scale_of(proj.synapse);
        // The largest arrays of a run: built in the precision of the run only.
        const std::vector<double>& w = proj.synapses->weights;
        if (precision == Precision::float32) {
            std::vector<float>& increment = c.f32.increment.emplace_back(w.size());
            for (std::size_t q = 0; q < w.size(); ++q) increment[q] = static_cast<float>(w[q] * scale);
            f64.increment.emplace_back();
        } else {
            std::vector<double>& increment = f64.increment.emplace_back(w.size());
            for (std::size_t q = 0; q < w.size(); ++q) increment[q] = w[q] * scale;
        }
        cp.delay_steps = delay_steps(proj.delay_ms, dt);
        max_delay = std::max(max_delay, cp.delay_steps);
        if (!proj.delays_ms.empty()) {
            cp.delay_steps_per_synapse.resize(proj.delays_ms.size());
            for (std::size_t q = 0; q < proj.delays_ms.size(); ++q) {
                cp.delay_steps_per_synapse[q] = delay_steps(proj.delays_ms[q], dt);
                max_delay = std::max(max_delay, cp.delay_steps_per_synapse[q]);
            }
        }
        c.outgoing[proj.pre].push_back(static_cast<std::uint32_t>(c.projections.size()));
        c.projections.push_back(std::move(cp));
    }
    c.ring_depth = max_delay + 1;
    for (std::size_t k = 0; k < net.poisson_inputs().size(); ++k) {
        const PoissonInput& in = net.poisson_inputs()[k];
        CompiledPoisson cp;
        cp.index = k;
        cp.offset = pops[in.population].offset;
        cp.n = pops[in.population].size();
        cp.window_mean = in.rate_hz * dt / 1000.0 * static_cast<double>(kInputWindowSteps);
        if (cp.window_mean > 1e6) { // a guard against a typo (kHz for Hz) filling the memory
            throw ConfigError("run: Poisson rate " + format_number(in.rate_hz) +
                              " Hz gives more than 10^6 events per " + "neuron in " +
                              std::to_string(kInputWindowSteps) + " steps; is it in Hz?");
        }
        const std::uint64_t ring_offset = std::uint64_t{receptor_for(c, in.synapse)} * c.ring_depth * c.n;
        const double scale = scale_of(in.synapse);
        cp.first_source = static_cast<std::uint32_t>(c.input_at.size());
        for (std::uint32_t i = 0; i < cp.n; ++i) {
            c.input_at.push_back(input_landing(ring_offset, cp.offset + i, fn));
            f64.input_increment.push_back(in.weight[i] * scale);
        }
        check_input_sources(c, fn);
        c.poisson.push_back(cp);
    }
    for (std::size_t k = 0; k < net.channel_inputs().size(); ++k) {
        const ChannelInput& in = net.channel_inputs()[k];
        CompiledChannels cc;
        cc.index = k;
        cc.offset = pops[in.population].offset;
        cc.n_channels = in.n_channels;
        cc.projection = in.projection;
        const std::uint64_t ring_offset = std::uint64_t{receptor_for(c, in.synapse)} * c.ring_depth * c.n;
        const double scale = scale_of(in.synapse);
        cc.first_source = static_cast<std::uint32_t>(c.input_at.size());
        for (std::size_t q = 0; q < in.projection->size(); ++q) {
            c.input_at.push_back(input_landing(ring_offset, cc.offset + in.projection->targets[q], fn));
            f64.input_increment.push_back(in.projection->weights[q] * scale);
        }
        check_input_sources(c, fn);
        cc.source = &in;
        cc.dt = dt;
        c.channels.push_back(std::move(cc));
    }
    for (const auto& cur : net.currents()) {
        const std::uint64_t on = to_steps(cur.start_ms, dt), off = to_steps(cur.stop_ms, dt);
        c.current_steps.emplace_back(on, off);
        c.drive_change_steps.push_back(on);
        c.drive_change_steps.push_back(off);
    }
    const auto all_equal = [](const auto& x) {
        return std::all_of(x.begin(), x.end(), [&](auto y) { return y == x.front(); });
    };
    c.uniform_input_increment = all_equal(f64.input_increment);
    c.uniform = all_equal(f64.p22) && all_equal(f64.v_reset) && all_equal(c.ref_steps);
    for (const auto& p21 : f64.p21) c.uniform = c.uniform && (p21.empty() || all_equal(p21));
    std::sort(c.drive_change_steps.begin(), c.drive_change_steps.end());
    c.drive_change_steps.erase(std::unique(c.drive_change_steps.begin(), c.drive_change_steps.end()),
                               c.drive_change_steps.end());
    if (precision == Precision::float32) round_to_float32(c, fn);
    return c;
}

} // namespace chaoslab
