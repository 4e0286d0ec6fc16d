// Tests of network/family through SpikingNetwork and RateNetwork (summaries, drawn parameters), the
// connect requests of both families, channel rates given as arrays, RateSpec::set_input, and
// models/parameters' draws and messages.
#include "core/errors.hpp"
#include "models/parameters.hpp"
#include "network/rate_network.hpp"
#include "network/spiking_network.hpp"
#include "lif_fixtures.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

using namespace chaoslab;
using test::lif;

namespace {

RateSpec rate_spec(std::uint32_t n, Transfer phi = Transfer::tanh) {
    RateSpec s;
    s.n = n;
    s.phi = phi;
    return s;
}

// The projection's synapses as (pre, post, weight) triples in CSR order.
struct Entry {
    std::uint32_t pre, post;
    double weight;
    bool operator==(const Entry&) const = default;
};
std::vector<Entry> entries(const Synapses& s) {
    std::vector<Entry> e;
    for (std::uint32_t j = 0; j < s.n_pre; ++j) {
        const auto t = s.row_targets(j);
        const auto w = s.row_weights(j);
        for (std::size_t q = 0; q < t.size(); ++q) e.push_back({j, t[q], w[q]});
    }
    return e;
}

// English ordinals, written out independently of models/parameters.
std::string ordinal(std::size_t k) {
    if (k % 100 >= 11 && k % 100 <= 13) return std::to_string(k) + "th";
    switch (k % 10) {
    case 1:
        return std::to_string(k) + "st";
    case 2:
        return std::to_string(k) + "nd";
    case 3:
        return std::to_string(k) + "rd";
    default:
        return std::to_string(k) + "th";
    }
}

} // namespace

TEST_CASE("a spiking network describes its family, populations and synapses", "[families]") {
    SpikingNetwork net(Seed{1, 2, 3});
    net.add_lif(lif(10), "");
    net.add_lif(lif(5), "inh");
    const FamilyNetwork& f = net;
    CHECK(std::string(f.family()) == "spiking");
    CHECK(f.size() == 15);
    CHECK(f.seed() == Seed{1, 2, 3});
    REQUIRE(f.population_count() == 2);
    const PopulationSummary a = f.population(0), b = f.population(1);
    CHECK(a.name == "population 1");
    CHECK(a.offset == 0);
    CHECK(a.size == 10);
    CHECK(a.model == "LIF neurons");
    CHECK(b.name == "inh");
    CHECK(b.offset == 10);
    CHECK(b.size == 5);
    CHECK(b.model == "LIF neurons");
    CHECK_THROWS_AS(f.population(2), std::out_of_range);
    CHECK(f.summary() == "15 neurons in 2 populations, 0 synapses");
    CHECK(f.connection_count() == 0);
    SpikingConnect how;
    how.pre = std::vector<std::int64_t>{0, 1, 2};
    how.post = std::vector<std::int64_t>{0, 0, 4};
    how.weight = Distribution::constant(0.5);
    net.connect(0, 1, how);
    net.connect(1, 0, how);
    CHECK(f.connection_count() == 6);
    CHECK(net.synapse_count() == 6);
    CHECK(f.summary() == "15 neurons in 2 populations, 6 synapses");
    // A third population named like the default of another is allowed; the default counts populations.
    net.add_lif(lif(1), "");
    CHECK(f.population(2).name == "population 3");
    CHECK(f.population(2).offset == 15);
}

TEST_CASE("a spiking network's parameter values are its drawn per-neuron arrays", "[families]") {
    SpikingNetwork net(Seed{4, 1, 9});
    net.add_lif(lif(3), "");
    LifSpec s = lif(50);
    s.v_th = Distribution::normal(-55.0, 1.0);
    s.tau_m = Distribution::uniform(10.0, 30.0);
    s.i_e = Distribution::constant(2.5);
    net.add_lif(s, "drawn");
    CHECK(net.parameter_names() == std::vector<std::string>{"tau_m", "v_rest", "v_reset", "v_th", "t_ref", "i_e"});
    // Population 2 (sub-index 1) on streams "lif.<name>" of the structure seed (session 4, block 1).
    for (const auto& [name, d] : {std::pair{"v_th", s.v_th}, std::pair{"tau_m", s.tau_m}, std::pair{"i_e", s.i_e},
                                  std::pair{"t_ref", s.t_ref}}) {
        std::vector<double> expected(50);
        d.fill(expected, Seed{4, 1, 0}, stream_id(std::string("lif.") + name), 1);
        CHECK(net.parameter_values(1, name) == expected);
    }
    const std::vector<double>& v_th = net.parameter_values(1, "v_th");
    CHECK(v_th == net.populations()[1].neurons.v_th);
    CHECK(*std::min_element(v_th.begin(), v_th.end()) < *std::max_element(v_th.begin(), v_th.end()));
    CHECK(net.parameter_values(0, "v_rest") == std::vector<double>(3, -65.0));
    CHECK_THROWS_MATCHES(net.parameter_values(0, "tau"), ConfigError,
                         Catch::Matchers::Message("values: no parameter 'tau' in a LIF population"));
    CHECK_THROWS_AS(net.parameter_values(2, "v_th"), std::out_of_range);
}

TEST_CASE("a rate network describes its family, populations and couplings", "[families]") {
    RateNetwork net(Seed{2, 0, 0});
    net.add_population(rate_spec(4), "");
    net.add_population(rate_spec(6, Transfer::sigmoid), "readout");
    const FamilyNetwork& f = net;
    CHECK(std::string(f.family()) == "rate");
    CHECK(f.size() == 10);
    REQUIRE(f.population_count() == 2);
    CHECK(f.population(0).name == "rate population 1");
    CHECK(f.population(0).offset == 0);
    CHECK(f.population(0).size == 4);
    CHECK(f.population(0).model == "rate units (tanh)");
    CHECK(f.population(1).name == "readout");
    CHECK(f.population(1).offset == 4);
    CHECK(f.population(1).size == 6);
    CHECK(f.population(1).model == "rate units (sigmoid)");
    CHECK(f.summary() == "10 rate units in 2 populations, 0 couplings");
    const std::vector<std::int64_t> pre{0, 1, 3}, post{5, 5, 0};
    const std::vector<double> w{0.1, -0.2, 0.3};
    net.connect_lists(0, 1, pre, post, w);
    CHECK(f.connection_count() == 3);
    CHECK(net.coupling_count() == 3);
    CHECK(f.summary() == "10 rate units in 2 populations, 3 couplings");
    net.add_population(rate_spec(1, Transfer::relu), "");
    CHECK(f.population(2).name == "rate population 3");
    CHECK(f.population(2).model == "rate units (relu)");
}

TEST_CASE("a rate network's parameter values are its drawn per-unit arrays", "[families]") {
    RateNetwork net(Seed{6, 3, 2});
    RateSpec s = rate_spec(40);
    s.tau = Distribution::uniform(0.5, 2.0);
    s.gain = Distribution::normal(1.0, 0.1);
    s.shift = Distribution::constant(0.25);
    s.input = Distribution::normal(0.0, 1.0);
    net.add_population(rate_spec(2), "");
    net.add_population(s, "");
    CHECK(net.parameter_names() == std::vector<std::string>{"tau", "gain", "shift", "input"});
    for (const auto& [name, d] : {std::pair{"tau", s.tau}, std::pair{"gain", s.gain}, std::pair{"shift", s.shift},
                                  std::pair{"input", s.input}}) {
        std::vector<double> expected(40);
        d.fill(expected, Seed{6, 3, 0}, stream_id(std::string("rate.") + name), 1);
        CHECK(net.parameter_values(1, name) == expected);
    }
    CHECK(net.parameter_values(0, "tau") == std::vector<double>(2, 1.0));
    CHECK_THROWS_MATCHES(net.parameter_values(1, "v_th"), ConfigError,
                         Catch::Matchers::Message("values: no parameter 'v_th' in a rate population"));
}

TEST_CASE("a spiking connect request takes exactly one rule", "[families][connect][errors]") {
    SpikingNetwork net(Seed{1, 0, 0});
    net.add_lif(lif(10), "");
    const std::string one_rule =
        "connect: give exactly one of the options 'p', 'indegree' or the lists 'pre'/'post'/'weight'";
    SpikingConnect none;
    CHECK_THROWS_MATCHES(net.connect(0, 0, none), ConfigError, Catch::Matchers::Message(one_rule));
    SpikingConnect two;
    two.p = 0.1;
    two.indegree = 2;
    CHECK_THROWS_MATCHES(net.connect(0, 0, two), ConfigError, Catch::Matchers::Message(one_rule));
    SpikingConnect p_and_list;
    p_and_list.p = 0.1;
    p_and_list.pre = std::vector<std::int64_t>{0};
    CHECK_THROWS_MATCHES(net.connect(0, 0, p_and_list), ConfigError, Catch::Matchers::Message(one_rule));
    SpikingConnect pre_only;
    pre_only.pre = std::vector<std::int64_t>{0};
    CHECK_THROWS_MATCHES(net.connect(0, 0, pre_only), ConfigError,
                         Catch::Matchers::Message("connect: option 'post' is required"));
    SpikingConnect post_only;
    post_only.post = std::vector<std::int64_t>{0};
    CHECK_THROWS_MATCHES(net.connect(0, 0, post_only), ConfigError,
                         Catch::Matchers::Message("connect: option 'pre' is required"));
    CHECK(net.projections().empty());
}

TEST_CASE("spiking connect lists broadcast a constant weight and take arrays per pair", "[families][connect]") {
    SpikingNetwork net(Seed{1, 0, 0});
    net.add_lif(lif(5), "");
    SpikingConnect how;
    how.pre = std::vector<std::int64_t>{2, 0, 1, 0};
    how.post = std::vector<std::int64_t>{0, 4, 2, 1};
    how.weight = Distribution::constant(1.5);
    const std::uint32_t p = net.connect(0, 0, how);
    CHECK(entries(*net.projections()[p].synapses) ==
          std::vector<Entry>{{0, 1, 1.5}, {0, 4, 1.5}, {1, 2, 1.5}, {2, 0, 1.5}});
    CHECK(net.projections()[p].delays_ms.empty());
    CHECK(net.projections()[p].delay_ms == 0.1);

    // Arrays: weight and delay per listed pair, carried into CSR order together.
    how.weight = Distribution::array({0.2, 0.4, 0.1, 0.3});
    how.delay = Distribution::array({2.5, 0.4, 1.5, 0.5});
    const std::uint32_t q = net.connect(0, 0, how);
    CHECK(entries(*net.projections()[q].synapses) ==
          std::vector<Entry>{{0, 1, 0.3}, {0, 4, 0.4}, {1, 2, 0.1}, {2, 0, 0.2}});
    CHECK(net.projections()[q].delays_ms == std::vector<double>{0.5, 0.4, 1.5, 2.5});

    // A constant delay is one delay for the projection.
    how.delay = Distribution::constant(1.25);
    const std::uint32_t r = net.connect(0, 0, how);
    CHECK(net.projections()[r].delays_ms.empty());
    CHECK(net.projections()[r].delay_ms == 1.25);
}

TEST_CASE("spiking connect lists reject a drawn weight or delay distribution, naming it",
          "[families][connect][errors]") {
    SpikingNetwork net(Seed{1, 0, 0});
    net.add_lif(lif(5), "");
    SpikingConnect how;
    how.pre = std::vector<std::int64_t>{0, 1};
    how.post = std::vector<std::int64_t>{1, 0};
    how.weight = Distribution::normal(0.0, 1.0);
    CHECK_THROWS_MATCHES(net.connect(0, 0, how), ConfigError,
                         Catch::Matchers::Message("connect: option 'weight' must be a number or an array with explicit "
                                                  "pre/post lists, got normal(mu=0, sigma=1)"));
    how.weight = Distribution::constant(1.0);
    how.delay = Distribution::uniform(0.5, 1.0);
    CHECK_THROWS_MATCHES(net.connect(0, 0, how), ConfigError,
                         Catch::Matchers::Message("connect: option 'delay' must be a number or an array with explicit "
                                                  "pre/post lists, got uniform(lo=0.5, hi=1)"));
    how.delay = Distribution::array({1.0, 2.0, 3.0});
    CHECK_THROWS_MATCHES(net.connect(0, 0, how), ConfigError,
                         Catch::Matchers::Message("connect: 3 delays for 2 synapses"));
    CHECK(net.projections().empty());
}

TEST_CASE("a spiking connect rule draws the same projection as connect_random", "[families][connect]") {
    // p with a drawn delay: per-synapse delays from the delay distribution; indegree: k partners each.
    SpikingNetwork a(Seed{8, 1, 0}), b(Seed{8, 1, 0});
    for (SpikingNetwork* net : {&a, &b}) net->add_lif(lif(40), "");
    SpikingConnect how;
    how.p = 0.2;
    how.weight = Distribution::normal(0.5, 0.1);
    how.delay = Distribution::uniform(0.5, 2.0);
    a.connect(0, 0, how);
    SpikingNetwork::RandomConnect random;
    random.p = 0.2;
    random.weight = how.weight;
    b.connect_random(0, 0, random, SynapseModel{}, 0.1, &how.delay);
    CHECK(entries(*a.projections()[0].synapses) == entries(*b.projections()[0].synapses));
    CHECK(a.projections()[0].delays_ms == b.projections()[0].delays_ms);
    CHECK(a.projections()[0].delays_ms.size() == a.projections()[0].synapses->size());
    CHECK(a.synapse_count() > 100); // about 0.2 x 40 x 39 = 312
    for (double d : a.projections()[0].delays_ms) {
        CHECK(d >= 0.5);
        CHECK(d <= 2.0);
    }

    SpikingConnect k;
    k.indegree = 3;
    k.weight = Distribution::constant(0.2);
    a.connect(0, 0, k);
    const std::vector<std::uint64_t> in = a.projections()[1].synapses->in_degrees();
    CHECK(in == std::vector<std::uint64_t>(40, 3));
}

TEST_CASE("channel rates given as an array: a number, one per channel or a series", "[families][channels]") {
    SpikingNetwork net(Seed{1, 0, 0});
    net.add_lif(lif(20), "");
    const Distribution w = Distribution::constant(1.0);
    net.add_channels(0, 3, 0.5, w, Array(Shape{}, 7.5), 1.0, SynapseModel{});
    net.add_channels(0, 3, 0.5, w, Array::from_vector({1.0, 2.0, 3.0}), 1.0, SynapseModel{});
    net.add_channels(0, 3, 0.5, w, Array::from_vector({1, 2, 3, 4, 5, 6}, {3, 2}), 2.5, SynapseModel{});
    REQUIRE(net.channel_inputs().size() == 3);
    const ChannelInput& every = net.channel_inputs()[0];
    CHECK(every.rates == std::vector<double>{7.5, 7.5, 7.5});
    CHECK(every.n_samples == 1);
    CHECK(every.n_channels == 3);
    const ChannelInput& each = net.channel_inputs()[1];
    CHECK(each.rates == std::vector<double>{1.0, 2.0, 3.0});
    CHECK(each.n_samples == 1);
    const ChannelInput& series = net.channel_inputs()[2];
    CHECK(series.rates == std::vector<double>{1, 2, 3, 4, 5, 6});
    CHECK(series.n_samples == 2);
    CHECK(series.rate_step_ms == 2.5);
    CHECK(series.projection->n_pre == 3);
    CHECK(series.projection->n_post == 20);
}

TEST_CASE("channel rates of any other shape are an error naming the shape", "[families][channels][errors]") {
    SpikingNetwork net(Seed{1, 0, 0});
    net.add_lif(lif(20), "");
    const Distribution w = Distribution::constant(1.0);
    const auto add = [&](const Array& rates) { net.add_channels(0, 3, 0.5, w, rates, 1.0, SynapseModel{}); };
    CHECK_THROWS_MATCHES(
        add(Array::from_vector({1.0, 2.0})), ConfigError,
        Catch::Matchers::Message("channels: option 'rate' must have shape (3) or (3, samples), got {2}"));
    CHECK_THROWS_MATCHES(
        add(Array(Shape{2, 3}, 1.0)), ConfigError,
        Catch::Matchers::Message("channels: option 'rate' must have shape (3) or (3, samples), got {2, 3}"));
    CHECK_THROWS_MATCHES(
        add(Array(Shape{3, 0})), ConfigError,
        Catch::Matchers::Message("channels: option 'rate' must have shape (3) or (3, samples), got {3, 0}"));
    CHECK_THROWS_MATCHES(
        add(Array(Shape{3, 2, 1}, 1.0)), ConfigError,
        Catch::Matchers::Message("channels: option 'rate' must have shape (3) or (3, samples), got {3, 2, 1}"));
    // A right shape with a bad value is still checked value by value.
    CHECK_THROWS_MATCHES(add(Array(Shape{}, -1.0)), ConfigError,
                         Catch::Matchers::Message("channels: option 'rate' must be >= 0 Hz, got -1"));
    CHECK(net.channel_inputs().empty());
}

TEST_CASE("a rate connect request scales as asked, by the weight alone, or by the default", "[families][connect]") {
    // Each case draws the request's block and, on a network of the same seed, connect_random with the
    // RateConnect it should have become: the couplings must agree exactly.
    struct Case {
        const char* what;
        RateConnectRequest request;
        RateConnect expected;
    };
    std::vector<Case> cases;
    {
        Case c{"explicit scaling wins over the weight rule", {}, {}};
        c.request.weight = Distribution::uniform(-1.0, 1.0);
        c.request.scaling = CouplingScaling::seed001;
        c.request.p = 0.5;
        c.expected.weight = *c.request.weight;
        c.expected.scaling = CouplingScaling::seed001;
        c.expected.p = 0.5;
        cases.push_back(c);
    }
    {
        Case c{"a weight without g is the coupling itself", {}, {}};
        c.request.weight = Distribution::normal(0.0, 0.3);
        c.request.default_scaling = CouplingScaling::seed001;
        c.expected.weight = *c.request.weight;
        c.expected.scaling = CouplingScaling::none;
        cases.push_back(c);
    }
    {
        Case c{"a weight with g takes the default scaling", {}, {}};
        c.request.weight = Distribution::normal(0.0, 0.3);
        c.request.g = 2.0;
        c.expected.weight = *c.request.weight;
        c.expected.g = 2.0;
        c.expected.scaling = CouplingScaling::textbook;
        cases.push_back(c);
    }
    {
        Case c{"g alone takes the default scaling and normal weights", {}, {}};
        c.request.g = 1.5;
        c.request.default_scaling = CouplingScaling::seed001;
        c.request.autapses = true;
        c.request.zero_mean = true;
        c.expected.g = 1.5;
        c.expected.scaling = CouplingScaling::seed001;
        c.expected.autapses = true;
        c.expected.zero_mean = true;
        cases.push_back(c);
    }
    for (const Case& c : cases) {
        INFO(c.what);
        RateNetwork a(Seed{5, 2, 0}), b(Seed{5, 2, 0});
        for (RateNetwork* net : {&a, &b}) net->add_population(rate_spec(30), "");
        a.connect(0, 0, c.request);
        b.connect_random(0, 0, c.expected);
        const std::vector<Entry> got = entries(*a.projections()[0].weights);
        CHECK(got == entries(*b.projections()[0].weights));
        CHECK(got.size() > 100);
    }
    // The scalings really differ: with a weight and no g, textbook scaling would shrink the couplings.
    RateNetwork c(Seed{5, 2, 0}), d(Seed{5, 2, 0});
    for (RateNetwork* net : {&c, &d}) net->add_population(rate_spec(30), "");
    RateConnectRequest r;
    r.weight = Distribution::normal(0.0, 0.3);
    c.connect(0, 0, r);
    RateConnect textbook;
    textbook.weight = *r.weight;
    d.connect_random(0, 0, textbook);
    const std::vector<Entry> none = entries(*c.projections()[0].weights), scaled = entries(*d.projections()[0].weights);
    REQUIRE(none.size() == scaled.size());
    for (std::size_t q = 0; q < none.size(); ++q) CHECK(scaled[q].weight == Approx(none[q].weight / std::sqrt(30.0)));
}

TEST_CASE("rate connect lists need pre, post and weight and broadcast a constant weight", "[families][connect]") {
    RateNetwork net(Seed{5, 0, 0});
    net.add_population(rate_spec(4), "");
    RateConnectRequest r;
    r.pre = std::vector<std::int64_t>{0, 3};
    CHECK_THROWS_MATCHES(net.connect(0, 0, r), ConfigError,
                         Catch::Matchers::Message("connect: option 'post' is required"));
    r.post = std::vector<std::int64_t>{1, 1};
    CHECK_THROWS_MATCHES(net.connect(0, 0, r), ConfigError,
                         Catch::Matchers::Message("connect: option 'weight' is required"));
    RateConnectRequest post_only;
    post_only.post = std::vector<std::int64_t>{1};
    post_only.weight = Distribution::constant(1.0);
    CHECK_THROWS_MATCHES(net.connect(0, 0, post_only), ConfigError,
                         Catch::Matchers::Message("connect: option 'pre' is required"));
    r.weight = Distribution::normal(0.0, 1.0);
    CHECK_THROWS_MATCHES(net.connect(0, 0, r), ConfigError,
                         Catch::Matchers::Message("connect: option 'weight' must be a number or an array with explicit "
                                                  "pre/post lists, got normal(mu=0, sigma=1)"));
    CHECK(net.projections().empty());
    r.weight = Distribution::constant(0.7);
    net.connect(0, 0, r);
    CHECK(entries(*net.projections()[0].weights) == std::vector<Entry>{{0, 1, 0.7}, {3, 1, 0.7}});
    // Lists ignore g and the scaling: the weights are the couplings.
    r.weight = Distribution::array({0.25, -0.5});
    r.g = 10.0;
    r.scaling = CouplingScaling::textbook;
    net.connect(0, 0, r);
    CHECK(entries(*net.projections()[1].weights) == std::vector<Entry>{{0, 1, 0.25}, {3, 1, -0.5}});
}

TEST_CASE("a rate input array is per-unit constants in 1-D and a series in 2-D", "[families][input]") {
    RateSpec s = rate_spec(3);
    s.set_input(Array::from_vector({0.5, -1.0, 2.0}), 1.0);
    CHECK(s.series.empty());
    RateNetwork net(Seed{1, 0, 0});
    net.add_population(s, "");
    CHECK(net.parameter_values(0, "input") == std::vector<double>{0.5, -1.0, 2.0});

    RateSpec t = rate_spec(2);
    t.set_input(Array::from_vector({1, 2, 3, 4, 5, 6}, {2, 3}), 0.25);
    CHECK(t.series == std::vector<double>{1, 2, 3, 4, 5, 6});
    CHECK(t.series_samples == 3);
    CHECK(t.series_step_ms == 0.25);
    // The series is rows of units: a transposed array has the wrong number of rows.
    RateSpec u = rate_spec(2);
    CHECK_THROWS_MATCHES(u.set_input(Array::from_vector({1, 2, 3, 4, 5, 6}, {3, 2}), 1.0), ConfigError,
                         Catch::Matchers::Message("rate: option 'input' must have 2 rows (one per unit), got 3"));
    CHECK_THROWS_MATCHES(u.set_input(Array(Shape{2, 1, 1}), 1.0), ConfigError,
                         Catch::Matchers::Message(
                             "rate: option 'input' must be a number, distribution or 1-D array, got chaoslab.Array"));
    // A 1-D array of the wrong length fails when the population draws it.
    RateSpec v = rate_spec(4);
    v.set_input(Array::from_vector({1.0, 2.0}), 1.0);
    RateNetwork other(Seed{1, 0, 0});
    CHECK_THROWS_AS(other.add_population(v, ""), ConfigError);
}

TEST_CASE("draw_parameter gives Distribution::fill on the stream prefix plus option", "[families][parameters]") {
    const ParameterSource source{"lif", "neuron", "lif.", Seed{3, 1, 0}, 2};
    const Distribution d = Distribution::normal(1.0, 0.2);
    const std::vector<double> got = draw_parameter(source, "tau_m", d, 64, ParameterRule::positive);
    std::vector<double> expected(64);
    d.fill(expected, Seed{3, 1, 0}, stream_id("lif.tau_m"), 2);
    CHECK(got == expected);
    // Another option or population is another stream.
    std::vector<double> other(64);
    d.fill(other, Seed{3, 1, 0}, stream_id("lif.v_th"), 2);
    CHECK(draw_parameter(source, "v_th", d, 64, ParameterRule::finite) == other);
    CHECK(other != expected);
}

TEST_CASE("a bad constant parameter is reported with the option and value", "[families][parameters][errors]") {
    const ParameterSource lif_source{"lif", "neuron", "lif.", Seed{1, 0, 0}, 0};
    CHECK_THROWS_MATCHES(draw_parameter(lif_source, "tau_m", Distribution::constant(-5.0), 10, ParameterRule::positive),
                         ConfigError, Catch::Matchers::Message("lif: option 'tau_m' must be > 0, got -5"));
    CHECK_THROWS_MATCHES(draw_parameter(lif_source, "tau_m", Distribution::constant(0.0), 10, ParameterRule::positive),
                         ConfigError, Catch::Matchers::Message("lif: option 'tau_m' must be > 0, got 0"));
    CHECK_THROWS_MATCHES(
        draw_parameter(lif_source, "t_ref", Distribution::constant(-1.0), 3, ParameterRule::non_negative), ConfigError,
        Catch::Matchers::Message("lif: option 't_ref' must be >= 0, got -1"));
    CHECK_NOTHROW(draw_parameter(lif_source, "t_ref", Distribution::constant(0.0), 3, ParameterRule::non_negative));
    // Through the networks: the same messages.
    SpikingNetwork net(Seed{1, 0, 0});
    LifSpec s = lif(10);
    s.tau_m = Distribution::constant(-5.0);
    CHECK_THROWS_MATCHES(net.add_lif(s, ""), ConfigError,
                         Catch::Matchers::Message("lif: option 'tau_m' must be > 0, got -5"));
    RateNetwork rates(Seed{1, 0, 0});
    RateSpec r = rate_spec(3);
    r.tau = Distribution::constant(-1.0);
    CHECK_THROWS_MATCHES(rates.add_population(r, ""), ConfigError,
                         Catch::Matchers::Message("rate: option 'tau' must be > 0, got -1"));
}

TEST_CASE("an array parameter of the wrong length names the option and the population size",
          "[families][parameters][errors]") {
    SpikingNetwork net(Seed{1, 0, 0});
    LifSpec s = lif(4);
    s.v_th = Distribution::array(std::vector<double>{-55.0, -54.0});
    CHECK_THROWS_MATCHES(net.add_lif(s, ""), ConfigError,
                         Catch::Matchers::Message(
                             "lif: option 'v_th' has 2 values for 4 neurons (an array gives one value per neuron)"));
    RateNetwork rates(Seed{1, 0, 0});
    RateSpec r = rate_spec(3);
    r.set_input(Array::from_vector({0.1, 0.2, 0.3, 0.4}), 1.0);
    CHECK_THROWS_MATCHES(
        rates.add_population(r, ""), ConfigError,
        Catch::Matchers::Message("rate: option 'input' has 4 values for 3 units (an array gives one value per unit)"));
    s.v_th = Distribution::array(std::vector<double>{-55.0, -54.0, -53.0, -52.0});
    CHECK_NOTHROW(net.add_lif(s, ""));
}

TEST_CASE("a bad drawn parameter is reported with its value, ordinal and distribution",
          "[families][parameters][errors]") {
    // normal(1, 2) draws values <= 0 about 31 % of the time; the first one is found from fill itself.
    const Distribution d = Distribution::normal(1.0, 2.0);
    for (std::uint32_t population : {0u, 1u, 5u}) {
        const ParameterSource source{"lif", "neuron", "lif.", Seed{7, 0, 0}, population};
        std::vector<double> values(200);
        d.fill(values, Seed{7, 0, 0}, stream_id("lif.tau_m"), population);
        std::size_t first = 0;
        while (first < values.size() && values[first] > 0.0) ++first;
        REQUIRE(first < values.size());
        const std::string message = "lif: option 'tau_m' must be > 0, got " + format_number(values[first]) +
                                    " for the " + ordinal(first + 1) + " neuron (normal(mu=1, sigma=2))";
        CHECK_THROWS_MATCHES(draw_parameter(source, "tau_m", d, 200, ParameterRule::positive), ConfigError,
                             Catch::Matchers::Message(message));
    }
    // Through a spiking network: population 1 of seed (7, 0).
    SpikingNetwork net(Seed{7, 0, 4});
    LifSpec s = lif(200);
    s.tau_m = d;
    std::vector<double> values(200);
    d.fill(values, Seed{7, 0, 0}, stream_id("lif.tau_m"), 0);
    std::size_t first = 0;
    while (values[first] > 0.0) ++first;
    CHECK_THROWS_MATCHES(net.add_lif(s, ""), ConfigError,
                         Catch::Matchers::Message("lif: option 'tau_m' must be > 0, got " +
                                                  format_number(values[first]) + " for the " + ordinal(first + 1) +
                                                  " neuron (normal(mu=1, sigma=2))"));
}

TEST_CASE("the ordinal of a bad value reads 1st, 2nd, 3rd, 11th, 12th, 13th, 21st and 112th",
          "[families][parameters][errors]") {
    const ParameterSource unit{"rate", "unit", "rate.", Seed{1, 0, 0}, 0};
    for (std::size_t i : {0u, 1u, 2u, 3u, 10u, 11u, 12u, 20u, 21u, 22u, 101u, 111u}) {
        std::vector<double> v(120, 1.0);
        v[i] = -0.5;
        const Distribution d = Distribution::array(v);
        CHECK_THROWS_MATCHES(draw_parameter(unit, "tau", d, 120, ParameterRule::positive), ConfigError,
                             Catch::Matchers::Message("rate: option 'tau' must be > 0, got -0.5 for the " +
                                                      ordinal(i + 1) + " unit (array(n=120))"));
    }
    CHECK(ordinal(112) == "112th");
    CHECK(ordinal(21) == "21st");
    // A drawn value that overflows fails the finite rule: sigma = 1e308 makes |z| > 1.8 infinite.
    const Distribution wide = Distribution::normal(0.0, 1e308);
    std::vector<double> values(400);
    wide.fill(values, Seed{1, 0, 0}, stream_id("rate.gain"), 0);
    std::size_t first = 0;
    while (first < values.size() && std::isfinite(values[first])) ++first;
    REQUIRE(first < values.size());
    CHECK_THROWS_MATCHES(draw_parameter(unit, "gain", wide, 400, ParameterRule::finite), ConfigError,
                         Catch::Matchers::Message("rate: option 'gain' must be finite, got " +
                                                  std::string(values[first] > 0 ? "inf" : "-inf") + " for the " +
                                                  ordinal(first + 1) + " unit (normal(mu=0, sigma=1e+308))"));
}
