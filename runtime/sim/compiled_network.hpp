// The run-ready form of a SpikingNetwork for one time step dt: flat per-neuron arrays, propagators, receptors
// (one state variable per distinct synapse model), delays in steps, weights pre-scaled for delivery.
#pragma once

#include "core/enum_names.hpp"
#include "models/lif.hpp"
#include "network/spiking_network.hpp"

#include <cstdint>
#include <memory>
#include <type_traits>
#include <utility>
#include <vector>

namespace chaoslab {

// Input arriving at a neuron through one synapse model. An exponential receptor is a current
// I (mV/ms) that decays by p11 per step and enters V through p21; a delta receptor adds to V.
struct CompiledReceptor {
    SynapseModel model;
    double p11 = 0.0;
};

// The floating-point type of a run's state (membrane potentials, currents, arrivals). Single halves
// the memory traffic of a step, the bound of large networks; parameters are rounded once to it.
enum class Precision { float64, float32 };
inline constexpr EnumName<Precision> kPrecisionNames[] = {{"double", Precision::float64},
                                                          {"single", Precision::float32}};

// What the engine reads every step, in the precision of the state. The float32 copy holds the
// float64 values rounded once and is filled only when a run asks for it; the synapse increments
// exist in the run's precision only (the other's vectors are empty).
template <class Real> struct StepArrays {
    std::vector<Real> p22, v_reset, v_th;     // per neuron
    std::vector<std::vector<Real>> p21;       // per receptor, per neuron (exponential ones)
    std::vector<std::vector<Real>> increment; // per projection, per synapse: w/tau_syn or w
    std::vector<Real> input_increment;        // per input source (CompiledNetwork::input_at)
};

struct CompiledProjection {
    std::uint32_t pre_offset = 0, post_offset = 0;
    std::shared_ptr<const Synapses> synapses; // increments: StepArrays::increment
    std::uint32_t receptor = 0;
    std::uint32_t delay_steps = 1; // when delay_steps_per_synapse is empty
    std::vector<std::uint32_t> delay_steps_per_synapse;
    // The synapses [first, last) of the out-going row of `neuron` (a global index in the pre population).
    std::pair<std::uint64_t, std::uint64_t> row_of(std::uint32_t neuron) const {
        const std::uint32_t row = neuron - pre_offset;
        return {synapses->offsets[row], synapses->offsets[std::size_t{row} + 1]};
    }
};

struct CompiledPoisson {
    std::uint64_t index = 0; // declaration index: names its random stream
    std::uint32_t offset = 0, n = 0;
    double window_mean = 0.0;       // expected events per neuron and input window: rate · dt · kInputWindowSteps
    std::uint32_t first_source = 0; // neuron offset + i is input source first_source + i
};

struct CompiledChannels {
    std::uint64_t index = 0;
    std::uint32_t offset = 0, n_channels = 0;
    std::shared_ptr<const Synapses> projection;
    std::uint32_t first_source = 0;       // synapse q of the projection is input source first_source + q
    const ChannelInput* source = nullptr; // rates (the SpikingNetwork outlives its compiled form)
    double dt = 0.1;
    // Expected events of channel c during step k: rate(c, t_k) · dt / 1000.
    double mean_events(std::uint32_t c, std::uint64_t k) const;
};

struct CompiledNetwork {
    const SpikingNetwork* network = nullptr;
    double dt = 0.1;
    Integration method = Integration::exact;
    std::uint32_t n = 0;

    Precision precision = Precision::float64;
    StepArrays<double> f64;
    StepArrays<float> f32; // empty unless precision is float32
    template <class Real> const StepArrays<Real>& step_arrays() const {
        if constexpr (std::is_same_v<Real, float>)
            return f32;
        else
            return f64;
    }

    // Per neuron (the others are in f64).
    std::vector<double> v_rest, i_e;
    std::vector<std::uint32_t> population_of;
    // Refractory steps after a spike (t_ref / dt, rounded). The engine counts them down in one byte
    // (a quarter of a float's memory traffic in its step loop): a spike loads ref_first = min(steps,
    // kRefCountMax), and neurons with more (long_refractory) are topped up when their count runs out.
    static constexpr std::uint32_t kRefCountMax = 255;
    std::vector<std::uint32_t> ref_steps;
    std::vector<std::uint8_t> ref_first;
    bool long_refractory = false;
    // p22, v_reset, ref_steps and every receptor's p21 hold one value for all neurons (v_th and the
    // drive may still vary): the engine then reads them as scalars.
    bool uniform = false;

    std::vector<CompiledReceptor> receptors;
    std::vector<CompiledProjection> projections;
    std::vector<std::vector<std::uint32_t>> outgoing; // per population: indices into projections
    std::uint32_t ring_depth = 2;                     // max delay + 1 slots

    std::vector<CompiledPoisson> poisson;
    std::vector<CompiledChannels> channels;
    // Input sources, one per (Poisson input, neuron) and per channel synapse: where an external event
    // lands, receptor·ring_depth·n + neuron, the offset of its arrival in the engine's ring of slot 0.
    // Their increments are in StepArrays::input_increment; all one value (the common case of one
    // input weight) makes input windows hold landing offsets alone.
    std::vector<std::uint32_t> input_at;
    bool uniform_input_increment = false;

    // Steps at which the set of active step currents changes (ascending, unique), and each
    // current's [on, off) steps.
    std::vector<std::uint64_t> drive_change_steps;
    std::vector<std::pair<std::uint64_t, std::uint64_t>> current_steps;

    // drive[i] = i_e[i] + amplitudes of the currents active during step k, summed in declaration order.
    void drive_at(std::uint64_t k, std::vector<double>& drive) const;
};

// Rounds a duration to whole steps; delays and refractory periods are whole steps.
std::uint64_t to_steps(double ms, double dt);

// Checks dt (> 0, finite, and for Euler below every tau_m) and builds the compiled form.
CompiledNetwork compile(const SpikingNetwork& net, double dt, Integration method, Precision precision, const char* fn);

} // namespace chaoslab
