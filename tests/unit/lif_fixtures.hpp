// Small LIF networks shared by the engine tests (double and single precision).
#pragma once

#include "network/spiking_network.hpp"

namespace chaoslab::test {

inline LifSpec lif(std::uint32_t n) {
    LifSpec s;
    s.n = n;
    return s;
}

// One neuron without input starting at v_init (decays to v_rest = -65 mV with tau_m = 20 ms).
inline SpikingNetwork one_neuron_from(double v_init) {
    SpikingNetwork net(Seed{1, 0, 0});
    LifSpec s = lif(1);
    s.v_init = Distribution::constant(v_init);
    net.add_lif(s, "");
    return net;
}

// A 200-neuron random network with Poisson drive: enough recurrent activity to be chaotic.
inline SpikingNetwork driven_network(double g_std) {
    SpikingNetwork net(Seed{7, 3, 0});
    LifSpec s = lif(200);
    s.v_th = Distribution::normal(-55.0, 0.5);
    s.v_init = Distribution::uniform(-65.0, -55.0);
    const auto pop = net.add_lif(s, "exc");
    SpikingNetwork::RandomConnect how;
    how.p = 0.1;
    how.weight = Distribution::normal(0.0, g_std);
    net.connect_random(pop, pop, how, SynapseModel{}, 0.1, nullptr);
    net.add_poisson(pop, 200.0, Distribution::constant(2.5), SynapseModel{});
    return net;
}

} // namespace chaoslab::test
