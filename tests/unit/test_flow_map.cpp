// Tests of sim/rate_system, sim/flow_map and sim/dynamical_system: the rate flow against its closed
// forms, adjoints as exact transposes of tangents (flow and Euler/RK4 steps), tangents against finite
// differences, batch and thread independence of stepping, contraction rates and the dt check.
#include "core/errors.hpp"
#include "parallel/threads.hpp"
#include "sim/dynamical_system.hpp"
#include "sim/flow_map.hpp"
#include "sim/rate_system.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <random>
#include <vector>

using namespace chaoslab;

namespace {

// Two populations (n1 and n2 units, transfer functions phi1 and phi2) with per-unit tau, gain, shift
// and input drawn from distributions, and all four coupling blocks drawn with density p.
RateNetwork mixed_network(std::uint32_t n1, std::uint32_t n2, Transfer phi1, Transfer phi2, RateForm form, double p,
                          bool autapses, std::uint64_t session) {
    RateNetwork net(Seed{session, 0, 0});
    for (const auto& [n, phi] : {std::pair{n1, phi1}, std::pair{n2, phi2}}) {
        RateSpec spec;
        spec.n = n;
        spec.phi = phi;
        spec.form = form;
        spec.tau = Distribution::uniform(0.5, 2.0);
        spec.gain = Distribution::uniform(0.5, 1.5);
        spec.shift = Distribution::uniform(-0.2, 0.2);
        spec.input = Distribution::uniform(-0.3, 0.3);
        net.add_population(spec, "");
    }
    RateConnect how;
    how.g = 1.5;
    how.p = p;
    how.autapses = autapses;
    for (std::uint32_t a = 0; a < 2; ++a)
        for (std::uint32_t b = 0; b < 2; ++b) net.connect_random(a, b, how);
    return net;
}

// One population of n identical units with tau per unit and no coupling.
RateNetwork uncoupled_network(std::uint32_t n, Transfer phi, const Distribution& tau, const Distribution& input) {
    RateNetwork net(Seed{2, 0, 0});
    RateSpec spec;
    spec.n = n;
    spec.phi = phi;
    spec.tau = tau;
    spec.input = input;
    net.add_population(spec, "units");
    return net;
}

// The coupling matrix J[post][pre] read back from the projections' CSR rows.
Matrix coupling_matrix(const RateNetwork& net) {
    const auto n = static_cast<Eigen::Index>(net.size());
    Matrix J = Matrix::Zero(n, n);
    const auto& pops = net.populations();
    for (const RateProjection& proj : net.projections()) {
        const Synapses& s = *proj.weights;
        for (std::uint32_t j = 0; j < s.n_pre; ++j) {
            const auto targets = s.row_targets(j);
            const auto w = s.row_weights(j);
            for (std::size_t q = 0; q < targets.size(); ++q)
                J(pops[proj.post].offset + targets[q], pops[proj.pre].offset + j) += w[q];
        }
    }
    return J;
}

// Per-unit parameters and transfer functions, flattened over the populations.
struct Units {
    std::vector<double> tau, gain, shift, input;
    std::vector<Transfer> phi;
};
Units units_of(const RateNetwork& net) {
    Units u;
    for (const RatePopulation& p : net.populations()) {
        u.tau.insert(u.tau.end(), p.tau.begin(), p.tau.end());
        u.gain.insert(u.gain.end(), p.gain.begin(), p.gain.end());
        u.shift.insert(u.shift.end(), p.shift.begin(), p.shift.end());
        u.input.insert(u.input.end(), p.input.begin(), p.input.end());
        u.phi.insert(u.phi.end(), p.size(), p.spec.phi);
    }
    return u;
}

// phi and phi' from their textbook formulas (not from models/rate_transfer).
double phi_of(Transfer t, double x, double g, double s) {
    const double z = g * (x - s);
    switch (t) {
    case Transfer::tanh:
        return std::tanh(z);
    case Transfer::tanh_pos:
        return 0.5 * (1.0 + std::tanh(z));
    case Transfer::relu:
        return z > 0.0 ? z : 0.0;
    case Transfer::sigmoid:
        return 1.0 / (1.0 + std::exp(-z));
    case Transfer::linear:
        return z;
    }
    return NAN;
}
double slope_of(Transfer t, double x, double g, double s) {
    const double z = g * (x - s);
    const double sech2 = 1.0 / (std::cosh(z) * std::cosh(z));
    switch (t) {
    case Transfer::tanh:
        return g * sech2;
    case Transfer::tanh_pos:
        return 0.5 * g * sech2;
    case Transfer::relu:
        return z > 0.0 ? g : 0.0;
    case Transfer::sigmoid: {
        const double e = 1.0 / (1.0 + std::exp(-z));
        return g * e * (1.0 - e);
    }
    case Transfer::linear:
        return g;
    }
    return NAN;
}

Matrix random_matrix(Eigen::Index rows, Eigen::Index cols, std::mt19937_64& gen, double sd = 1.0) {
    std::normal_distribution<double> normal(0.0, sd);
    Matrix m(rows, cols);
    for (Eigen::Index c = 0; c < cols; ++c)
        for (Eigen::Index r = 0; r < rows; ++r) m(r, c) = normal(gen);
    return m;
}

std::span<const double> span_of(const Matrix& x) { return {x.data(), static_cast<std::size_t>(x.size())}; }

// |<A, B> - <C, D>| relative to the sum of the magnitudes of the products (the rounding scale).
double pairing_gap(const Matrix& A, const Matrix& B, const Matrix& C, const Matrix& D) {
    const double lhs = (A.array() * B.array()).sum(), rhs = (C.array() * D.array()).sum();
    const double scale = (A.array().abs() * B.array().abs()).sum() + (C.array().abs() * D.array().abs()).sum();
    return std::abs(lhs - rhs) / scale;
}

constexpr Transfer kPairs[][2] = {
    {Transfer::tanh, Transfer::sigmoid}, {Transfer::tanh_pos, Transfer::tanh}, {Transfer::sigmoid, Transfer::tanh_pos}};

} // namespace

TEST_CASE("the rate vector field equals its closed form in both forms", "[flow]") {
    // current: (-x + J phi(x) + I) / tau; rate: (-r + phi(J r + I)) / tau, unit by unit.
    std::mt19937_64 gen(11);
    for (RateForm form : {RateForm::current, RateForm::rate}) {
        for (auto storage : {RateSystem::Storage::dense, RateSystem::Storage::sparse}) {
            INFO("form " << static_cast<int>(form) << ", storage " << static_cast<int>(storage));
            const RateNetwork net = mixed_network(9, 7, Transfer::tanh, Transfer::sigmoid, form, 0.4, true, 5);
            const RateSystem sys(net, storage);
            const Matrix J = coupling_matrix(net);
            const Units u = units_of(net);
            const Matrix X = random_matrix(16, 3, gen);
            Matrix dX;
            sys.derivative(X, 0.3, dX);
            REQUIRE(dX.rows() == 16);
            REQUIRE(dX.cols() == 3);
            for (Eigen::Index c = 0; c < 3; ++c) {
                Eigen::VectorXd p(16);
                for (Eigen::Index i = 0; i < 16; ++i) p(i) = phi_of(u.phi[i], X(i, c), u.gain[i], u.shift[i]);
                const Eigen::VectorXd Jx = J * X.col(c);
                const Eigen::VectorXd Jp = J * p;
                for (Eigen::Index i = 0; i < 16; ++i) {
                    const double in = u.input[i];
                    const double expected =
                        form == RateForm::current
                            ? (-X(i, c) + Jp(i) + in) / u.tau[i]
                            : (-X(i, c) + phi_of(u.phi[i], Jx(i) + in, u.gain[i], u.shift[i])) / u.tau[i];
                    CHECK(dX(i, c) == Approx(expected).epsilon(1e-12).margin(1e-14));
                }
            }
        }
    }
}

TEST_CASE("the Jacobian of a rate system equals its closed form", "[flow]") {
    // current: D_{1/tau} (-I + J D_phi'(x)); rate: D_{1/tau} (-I + D_phi'(J x + I) J).
    std::mt19937_64 gen(12);
    for (RateForm form : {RateForm::current, RateForm::rate}) {
        for (const auto& pair : kPairs) {
            const RateNetwork net = mixed_network(8, 6, pair[0], pair[1], form, 0.5, true, 6);
            const RateSystem sys(net, RateSystem::Storage::sparse);
            const Matrix J = coupling_matrix(net);
            const Units u = units_of(net);
            const Matrix x = random_matrix(14, 1, gen);
            const Eigen::VectorXd Jx = J * x;
            Matrix expected = -Matrix::Identity(14, 14);
            for (Eigen::Index i = 0; i < 14; ++i) {
                for (Eigen::Index j = 0; j < 14; ++j) {
                    if (form == RateForm::current)
                        expected(i, j) += J(i, j) * slope_of(u.phi[j], x(j, 0), u.gain[j], u.shift[j]);
                    else
                        expected(i, j) += slope_of(u.phi[i], Jx(i) + u.input[i], u.gain[i], u.shift[i]) * J(i, j);
                }
                expected.row(i) /= u.tau[i];
            }
            const Matrix got = sys.jacobian(span_of(x), 0.0);
            CHECK((got - expected).cwiseAbs().maxCoeff() <= 1e-13 * (1.0 + expected.cwiseAbs().maxCoeff()));
        }
    }
}

TEST_CASE("the adjoint of a rate system is the transpose of its tangent map", "[flow]") {
    // <W, Df V> == <Df^T W, V> for random x, V and W; adjoint(I) == jacobian^T. Both forms, dense and
    // sparse J, mixed transfer functions and per-unit tau; 40 identity columns span several panels.
    std::mt19937_64 gen(13);
    for (RateForm form : {RateForm::current, RateForm::rate}) {
        for (auto storage : {RateSystem::Storage::dense, RateSystem::Storage::sparse}) {
            for (const auto& pair : kPairs) {
                INFO("form " << static_cast<int>(form) << ", storage " << static_cast<int>(storage) << ", phi "
                             << transfer_name(pair[0]) << "/" << transfer_name(pair[1]));
                const RateNetwork net = mixed_network(23, 17, pair[0], pair[1], form, 0.3, true, 7);
                const RateSystem sys(net, storage);
                CHECK(sys.sparse() == (storage == RateSystem::Storage::sparse));
                const Matrix x = random_matrix(40, 1, gen);
                const Matrix V = random_matrix(40, 5, gen), W = random_matrix(40, 5, gen);
                Matrix dV, dW;
                sys.tangent(span_of(x), 0.9, V, dV);
                sys.adjoint(span_of(x), 0.9, W, dW);
                CHECK(pairing_gap(W, dV, dW, V) <= 1e-12);
                Matrix A;
                sys.adjoint(span_of(x), 0.9, Matrix::Identity(40, 40), A);
                const Matrix Jt = sys.jacobian(span_of(x), 0.9).transpose();
                CHECK((A - Jt).cwiseAbs().maxCoeff() <= 1e-13 * (1.0 + Jt.cwiseAbs().maxCoeff()));
            }
        }
    }
}

TEST_CASE("the adjoint stays the tangent's transpose with a time-dependent input", "[flow]") {
    // In the rate form phi' is taken at J r + I(t), so the input series enters both maps.
    std::mt19937_64 gen(14);
    RateNetwork net(Seed{8, 0, 0});
    RateSpec spec;
    spec.n = 12;
    spec.form = RateForm::rate;
    spec.tau = Distribution::uniform(0.5, 2.0);
    const Matrix series = random_matrix(12, 4, gen);
    std::vector<double> values(12 * 4);
    for (int i = 0; i < 12; ++i)
        for (int s = 0; s < 4; ++s) values[static_cast<std::size_t>(i * 4 + s)] = series(i, s);
    spec.set_input(Array::from_vector(values, {12, 4}), 0.5);
    net.add_population(spec, "");
    RateConnect how;
    how.g = 2.0;
    net.connect_random(0, 0, how);
    const RateSystem sys(net);
    const Matrix x = random_matrix(12, 1, gen);
    const Matrix V = random_matrix(12, 3, gen), W = random_matrix(12, 3, gen);
    for (double t : {0.0, 0.7, 1.2, 9.0}) {
        Matrix dV, dW;
        sys.tangent(span_of(x), t, V, dV);
        sys.adjoint(span_of(x), t, W, dW);
        CHECK(pairing_gap(W, dV, dW, V) <= 1e-12);
    }
    // The input differs between samples, so the Jacobian does too.
    CHECK((sys.jacobian(span_of(x), 0.0) - sys.jacobian(span_of(x), 0.7)).cwiseAbs().maxCoeff() > 1e-6);
}

TEST_CASE("a flow map's adjoint step is the transpose of its tangent step", "[flow]") {
    // Q = DPhi V from step_tangent on a copy of x, W' = DPhi^T W from step_adjoint at x: <W, Q> == <W', V>.
    std::mt19937_64 gen(15);
    for (RateForm form : {RateForm::current, RateForm::rate}) {
        for (FlowMethod method : {FlowMethod::euler, FlowMethod::rk4}) {
            INFO("form " << static_cast<int>(form) << ", method " << static_cast<int>(method));
            const RateNetwork net = mixed_network(15, 10, Transfer::tanh, Transfer::sigmoid, form, 0.4, true, 9);
            const RateSystem sys(net);
            FlowMap map(sys, method, 0.2);
            const Matrix x = random_matrix(25, 1, gen);
            const Matrix V = random_matrix(25, 4, gen), W = random_matrix(25, 4, gen);
            Matrix xc = x, Q = V, Wt = W;
            map.step_tangent(xc, Q, 3);
            map.step_adjoint(x, Wt, 3);
            CHECK(pairing_gap(W, Q, Wt, V) <= 1e-12);
            // step_tangent moves the state exactly as step does.
            Matrix xs = x;
            map.step(xs, 3);
            CHECK((xc - xs).cwiseAbs().maxCoeff() <= 1e-15 * (1.0 + xs.cwiseAbs().maxCoeff()));
        }
    }
}

TEST_CASE("the adjoint step is the exact transpose even when the Euler tangent is taken after the step", "[flow]") {
    // tangent_after_step changes step_tangent only; step_adjoint stays the transpose of I + dt Df(x_k).
    std::mt19937_64 gen(16);
    const RateNetwork net = mixed_network(10, 6, Transfer::tanh, Transfer::tanh, RateForm::current, 0.5, false, 10);
    const RateSystem sys(net);
    FlowMap after(sys, FlowMethod::euler, 0.1, true), plain(sys, FlowMethod::euler, 0.1);
    const Matrix x = random_matrix(16, 1, gen, 2.0);
    const Matrix V = random_matrix(16, 3, gen), W = random_matrix(16, 3, gen);
    Matrix x1 = x, Q_plain = V, x2 = x, Q_after = V, Wt = W;
    plain.step_tangent(x1, Q_plain, 0);
    after.step_tangent(x2, Q_after, 0);
    after.step_adjoint(x, Wt, 0);
    CHECK(pairing_gap(W, Q_plain, Wt, V) <= 1e-12);
    // The after-step tangent is a different map: I + dt Df(x_1).
    const Matrix expected_after = (Matrix::Identity(16, 16) + 0.1 * sys.jacobian(span_of(x2), 0.1)) * V;
    CHECK((Q_after - expected_after).cwiseAbs().maxCoeff() <= 1e-13);
    CHECK((Q_after - Q_plain).cwiseAbs().maxCoeff() > 1e-6);
}

TEST_CASE("a flow map's tangent step agrees with central finite differences of its step", "[flow]") {
    std::mt19937_64 gen(17);
    const double h = 1e-5;
    for (RateForm form : {RateForm::current, RateForm::rate}) {
        for (FlowMethod method : {FlowMethod::euler, FlowMethod::rk4}) {
            INFO("form " << static_cast<int>(form) << ", method " << static_cast<int>(method));
            const RateNetwork net = mixed_network(12, 8, Transfer::tanh_pos, Transfer::tanh, form, 0.5, true, 12);
            const RateSystem sys(net);
            FlowMap map(sys, method, 0.25);
            const Matrix x = random_matrix(20, 1, gen);
            const Matrix V = random_matrix(20, 3, gen);
            Matrix xc = x, Q = V;
            map.step_tangent(xc, Q, 5);
            for (Eigen::Index c = 0; c < 3; ++c) {
                Matrix plus = x + h * V.col(c), minus = x - h * V.col(c);
                map.step(plus, 5);
                map.step(minus, 5);
                const Eigen::VectorXd fd = (plus - minus) / (2.0 * h);
                CHECK((fd - Q.col(c)).norm() <= 1e-6 * Q.col(c).norm());
            }
        }
    }
}

TEST_CASE("a column stepped alone equals the same column inside a batch bit for bit", "[flow]") {
    // 300 units cross the dense product's 256-row blocks; 5 columns leave a partial 4-column block.
    std::mt19937_64 gen(18);
    for (RateForm form : {RateForm::current, RateForm::rate}) {
        for (auto storage : {RateSystem::Storage::dense, RateSystem::Storage::sparse}) {
            for (FlowMethod method : {FlowMethod::euler, FlowMethod::rk4}) {
                INFO("form " << static_cast<int>(form) << ", storage " << static_cast<int>(storage) << ", method "
                             << static_cast<int>(method));
                const RateNetwork net =
                    mixed_network(200, 100, Transfer::tanh, Transfer::sigmoid, form, 0.1, false, 13);
                const RateSystem sys(net, storage);
                FlowMap map(sys, method, 0.1);
                Matrix X = random_matrix(300, 5, gen);
                const Matrix X0 = X;
                for (std::int64_t k = 0; k < 4; ++k) map.step(X, k);
                for (Eigen::Index c = 0; c < 5; ++c) {
                    Matrix alone = X0.col(c);
                    for (std::int64_t k = 0; k < 4; ++k) map.step(alone, k);
                    CHECK(std::equal(alone.data(), alone.data() + 300, X.col(c).data()));
                }
                CHECK((X - X0).cwiseAbs().maxCoeff() > 1e-3); // the states did move
            }
        }
    }
}

TEST_CASE("integrate_chunks gives the same states for 1 and 2 threads and equals stepping each column alone",
          "[flow][threads]") {
    const RateNetwork net =
        mixed_network(40, 30, Transfer::tanh, Transfer::tanh_pos, RateForm::current, 0.3, false, 14);
    const RateSystem sys(net);
    const FlowMap map(sys, FlowMethod::rk4, 0.1);
    std::vector<Seed> trials;
    for (std::uint64_t t = 0; t < 7; ++t) trials.push_back(Seed{14, 0, t});
    const Matrix X0 = initial_states(map, trials);
    REQUIRE(X0.rows() == 70);
    REQUIRE(X0.cols() == 7);
    for (std::size_t t = 0; t < 7; ++t) {
        const std::vector<double> x0 = sys.initial_state(trials[t]);
        CHECK(std::equal(x0.begin(), x0.end(), X0.col(static_cast<Eigen::Index>(t)).data()));
    }
    const std::int64_t steps = 60;
    // Each chunk's observer writes only its own entries (Catch2's assertions are not thread-safe).
    auto run = [&](int threads, std::vector<std::vector<std::int64_t>>& seen, std::vector<Eigen::Index>& widths) {
        const int before = thread_count();
        set_thread_count(threads);
        Matrix X = X0;
        seen.assign(4, {});
        widths.assign(4, 0);
        integrate_chunks(map, X, steps, 2, [&](std::int64_t chunk, std::int64_t step, Matrix& Xc) {
            widths[static_cast<std::size_t>(chunk)] = Xc.cols();
            seen[static_cast<std::size_t>(chunk)].push_back(step);
        });
        set_thread_count(before);
        return X;
    };
    std::vector<std::vector<std::int64_t>> seen1, seen2;
    std::vector<Eigen::Index> widths1, widths2;
    const Matrix one = run(1, seen1, widths1);
    const Matrix two = run(2, seen2, widths2);
    CHECK(widths1 == std::vector<Eigen::Index>{2, 2, 2, 1});
    CHECK(widths2 == widths1);
    CHECK(std::equal(one.data(), one.data() + one.size(), two.data()));
    // The observer sees every chunk at steps 0, 1, ..., steps in order.
    std::vector<std::int64_t> all(steps + 1);
    for (std::int64_t s = 0; s <= steps; ++s) all[static_cast<std::size_t>(s)] = s;
    for (std::size_t c = 0; c < 4; ++c) {
        CHECK(seen1[c] == all);
        CHECK(seen2[c] == all);
    }
    FlowMap stepper(sys, FlowMethod::rk4, 0.1);
    for (Eigen::Index c = 0; c < 7; ++c) {
        Matrix alone = X0.col(c);
        for (std::int64_t s = 0; s < steps; ++s) stepper.step(alone, s);
        CHECK(std::equal(alone.data(), alone.data() + 70, one.col(c).data()));
    }
}

TEST_CASE("an observer that renormalises a chunk changes what integrate_chunks continues from", "[flow]") {
    // Rescaling every column to unit norm after each step of a linear decay keeps it at norm 1.
    const RateNetwork net =
        uncoupled_network(3, Transfer::linear, Distribution::constant(2.0), Distribution::constant(0.0));
    const RateSystem sys(net);
    const FlowMap map(sys, FlowMethod::euler, 0.1);
    Matrix X(3, 2);
    X << 1.0, 2.0, 2.0, 0.0, 2.0, 1.0;
    integrate_chunks(map, X, 10, 4, [](std::int64_t, std::int64_t, Matrix& Xc) {
        for (Eigen::Index c = 0; c < Xc.cols(); ++c) Xc.col(c).normalize();
    });
    CHECK(X.col(0).norm() == Approx(1.0).epsilon(1e-15));
    CHECK(X.col(1).norm() == Approx(1.0).epsilon(1e-15));
    // Uniform decay keeps the direction.
    CHECK(X(0, 0) == Approx(1.0 / 3.0).epsilon(1e-14));
    CHECK(X(0, 1) == Approx(2.0 / std::sqrt(5.0)).epsilon(1e-14));
}

TEST_CASE("the contraction rate is the Jacobian's trace and -sum(1 over tau) without self-coupling", "[flow]") {
    std::mt19937_64 gen(19);
    for (RateForm form : {RateForm::current, RateForm::rate}) {
        for (bool autapses : {false, true}) {
            INFO("form " << static_cast<int>(form) << ", autapses " << autapses);
            const RateNetwork net = mixed_network(14, 9, Transfer::tanh, Transfer::sigmoid, form, 0.6, autapses, 15);
            const RateSystem sys(net);
            const Matrix x = random_matrix(23, 1, gen);
            for (FlowMethod method : {FlowMethod::euler, FlowMethod::rk4}) {
                const FlowMap map(sys, method, 0.1);
                CHECK(map.contraction_rate(span_of(x), 7) == sys.jacobian_trace(span_of(x), 0.7));
            }
            const double trace = sys.jacobian(span_of(x), 0.7).trace();
            CHECK(sys.jacobian_trace(span_of(x), 0.7) == Approx(trace).epsilon(1e-12));
            const Units u = units_of(net);
            double sum_inv_tau = 0.0;
            for (double tau : u.tau) sum_inv_tau += 1.0 / tau;
            if (!autapses) {
                CHECK(coupling_matrix(net).diagonal().cwiseAbs().maxCoeff() == 0.0);
                CHECK(sys.jacobian_trace(span_of(x), 0.7) == Approx(-sum_inv_tau).epsilon(1e-13));
            } else {
                REQUIRE(coupling_matrix(net).diagonal().cwiseAbs().maxCoeff() > 0.0);
                CHECK(std::abs(sys.jacobian_trace(span_of(x), 0.7) + sum_inv_tau) > 1e-6);
            }
        }
    }
}

TEST_CASE("uncoupled linear units decay as exp(-t over tau) under RK4 and Euler", "[flow]") {
    // tau dx/dt = -x + I: x(t) = I + (x0 - I) e^{-t/tau}. One RK4 step multiplies x - I by the
    // degree-4 Taylor polynomial of e^{-dt/tau}, one Euler step by 1 - dt/tau. RK4 misses the exponential
    // by about t/tau (dt/tau)^4 / 120 relative: below 2e-8 for tau >= 0.5 ms.
    const RateNetwork net =
        uncoupled_network(6, Transfer::linear, Distribution::uniform(0.5, 3.0), Distribution::uniform(-1.0, 1.0));
    const RateSystem sys(net);
    const std::vector<double>& tau = net.populations()[0].tau;
    const std::vector<double>& input = net.populations()[0].input;
    Matrix x0(6, 1);
    x0 << 1.0, -2.0, 0.5, 3.0, 0.0, -0.7;
    const double dt = 0.01;
    const int steps = 500; // 5 ms
    FlowMap rk4(sys, FlowMethod::rk4, dt), euler(sys, FlowMethod::euler, dt);
    Matrix xr = x0, xe = x0;
    for (int k = 0; k < steps; ++k) {
        rk4.step(xr, k);
        euler.step(xe, k);
    }
    const double t = steps * dt;
    for (Eigen::Index i = 0; i < 6; ++i) {
        const double ti = tau[static_cast<std::size_t>(i)], in = input[static_cast<std::size_t>(i)];
        const double z = -dt / ti;
        const double r4 = 1.0 + z + z * z / 2.0 + z * z * z / 6.0 + z * z * z * z / 24.0;
        CHECK(xr(i, 0) == Approx(in + (x0(i, 0) - in) * std::pow(r4, steps)).epsilon(1e-12).margin(1e-13));
        CHECK(xr(i, 0) == Approx(in + (x0(i, 0) - in) * std::exp(-t / ti)).epsilon(5e-8).margin(1e-10));
        CHECK(xe(i, 0) == Approx(in + (x0(i, 0) - in) * std::pow(1.0 + z, steps)).epsilon(1e-12).margin(1e-13));
    }
}

TEST_CASE("a flow map rejects a step dt that is not positive and finite", "[flow][errors]") {
    const RateNetwork net =
        uncoupled_network(2, Transfer::tanh, Distribution::constant(1.0), Distribution::constant(0.0));
    const RateSystem sys(net);
    CHECK_THROWS_MATCHES(FlowMap(sys, FlowMethod::euler, 0.0), ConfigError,
                         Catch::Matchers::Message("flow map: the step dt must be > 0 ms, got 0"));
    CHECK_THROWS_MATCHES(FlowMap(sys, FlowMethod::rk4, -0.5), ConfigError,
                         Catch::Matchers::Message("flow map: the step dt must be > 0 ms, got -0.5"));
    CHECK_THROWS_AS(FlowMap(sys, FlowMethod::rk4, std::nan("")), ConfigError);
    CHECK_THROWS_AS(FlowMap(sys, FlowMethod::rk4, INFINITY), ConfigError);
    CHECK_THROWS_MATCHES(
        FlowMap(sys, FlowMethod::rk4, 0.1, true), ConfigError,
        Catch::Matchers::Message("flow map: the tangent map at the updated state exists for Euler steps only"));
    const FlowMap ok(sys, FlowMethod::rk4, 0.25);
    CHECK(ok.step_size() == 0.25);
    CHECK(ok.dimension() == 2);
    CHECK(ok.clone()->step_size() == 0.25);
}
