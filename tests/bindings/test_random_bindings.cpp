// chaoslab.seed and the distributions from Lua (bindings/random.cpp): seed forms and fields,
// closed-form moments, deterministic sampling (independent of the thread count), sample
// statistics, the number/distribution/array converter, and exact error messages.
#include "lua_fixture.hpp"

#include "core/distribution.hpp"
#include "parallel/threads.hpp"
#include "convert.hpp"
#include "support.hpp"

#include <catch2/catch.hpp>

#include <cmath>
#include <string>
#include <utility>
#include <vector>

using Catch::Matchers::Contains;
using Catch::Matchers::Equals;
using chaoslab::test::LuaFixture;

namespace {

// conv(x) -> describe(), mean, variance of check_distribution(x): the converter that per-neuron
// parameters will use. No chaoslab function calls it yet, so it is reached through this stub.
int convert(lua_State* L) {
    const chaoslab::Distribution d = chaoslab::lua::check_distribution(L, 1);
    lua_pushstring(L, d.describe().c_str());
    lua_pushnumber(L, d.mean());
    lua_pushnumber(L, d.variance());
    return 3;
}

// Statistics helpers in Lua: z-scores of the sample mean and variance against the closed forms,
// with the variance's standard error from the sample's fourth central moment.
constexpr const char* kStatsHelpers = R"(
    function zscores(d, n, seed, stream)
        local x = d:sample(n, seed, stream)
        local m, v = x:mean(), x:var()
        local m4 = ((x - m) ^ 4):mean()
        local z_mean = (m - d:mean()) / math.sqrt(d:var() / n)
        local z_var = (v - d:var()) / math.sqrt((m4 - v * v) / n)
        return math.abs(z_mean), math.abs(z_var), x
    end
    -- Pearson correlation of two equal-length 1-D arrays.
    function corr(a, b)
        local da, db = a - a:mean(), b - b:mean()
        return (da * db):sum() / math.sqrt((da * da):sum() * (db * db):sum())
    end
)";

struct RandomFixture : LuaFixture {
    RandomFixture() { run(kStatsHelpers); }
};

} // namespace

// ---- seeds ----------------------------------------------------------------------------------------

TEST_CASE_METHOD(RandomFixture, "chaoslab.seed forms, fields and tostring", "[bindings][random]") {
    run("a = chaoslab.seed(5); b = chaoslab.seed{session = 1, block = 2, trial = 3}; c = chaoslab.seed()");
    CHECK(eval_string("chaoslab.type(a)") == "chaoslab.Seed");
    CHECK(eval_string("tostring(a)") == "chaoslab.seed{session=5, block=0, trial=0}");
    CHECK(eval_string("tostring(b)") == "chaoslab.seed{session=1, block=2, trial=3}");
    CHECK(eval_string("tostring(c)") == "chaoslab.seed{session=0, block=0, trial=0}");
    CHECK(eval_number("b.session") == 1);
    CHECK(eval_number("b.block") == 2);
    CHECK(eval_number("b.trial") == 3);
    CHECK(eval_string("math.type(b.trial)") == "integer");
    // Integral floats are accepted; partial tables keep the other defaults.
    CHECK(eval_string("tostring(chaoslab.seed{trial = 4.0})") == "chaoslab.seed{session=0, block=0, trial=4}");
    CHECK(eval_string("tostring(chaoslab.seed(7.0))") == "chaoslab.seed{session=7, block=0, trial=0}");
    // The largest session is 2^53 (every seed is an exact Lua number).
    CHECK(eval_number("chaoslab.seed(9007199254740992).session") == 9007199254740992.0);
    CHECK(eval_number("chaoslab.seed{block = 2^53}.block") == 9007199254740992.0);
    // Unknown string keys read as nil; the method is reachable through the fields' __index.
    CHECK(eval_bool("a.nothing == nil"));
    CHECK(eval_string("type(a.child)") == "function");
}

TEST_CASE_METHOD(RandomFixture, "seed:child replaces fields and leaves the parent alone", "[bindings][random]") {
    run("p = chaoslab.seed{session = 9, block = 4, trial = 1}; k = p:child{trial = 2}; j = p:child{}");
    CHECK(eval_string("tostring(k)") == "chaoslab.seed{session=9, block=4, trial=2}");
    CHECK(eval_string("tostring(p)") == "chaoslab.seed{session=9, block=4, trial=1}");
    CHECK(eval_bool("j == p"));
    CHECK_FALSE(eval_bool("rawequal(j, p)")); // a new object with equal fields
    CHECK(eval_string("tostring(p:child{session = 0, block = 0})") == "chaoslab.seed{session=0, block=0, trial=1}");
}

TEST_CASE_METHOD(RandomFixture, "seed equality compares all three fields", "[bindings][random]") {
    CHECK(eval_bool("chaoslab.seed(1) == chaoslab.seed{session = 1}"));
    CHECK(eval_bool(
        "chaoslab.seed{session = 1, block = 2, trial = 3} == chaoslab.seed{trial = 3, block = 2, session = 1}"));
    CHECK_FALSE(eval_bool("chaoslab.seed(1) == chaoslab.seed(2)"));
    CHECK_FALSE(eval_bool("chaoslab.seed(1) == chaoslab.seed{session = 1, block = 1}"));
    CHECK_FALSE(eval_bool("chaoslab.seed(1) == chaoslab.seed{session = 1, trial = 1}"));
    CHECK_FALSE(eval_bool("chaoslab.seed(1) == 1"));
    CHECK_FALSE(eval_bool("chaoslab.seed(0) == chaoslab.zeros(1)"));
}

TEST_CASE_METHOD(RandomFixture, "seeds are immutable", "[bindings][random][errors]") {
    run("s = chaoslab.seed(1)");
    CHECK_THAT(run_error("s.session = 2"), Equals("test:1: chaoslab.Seed is immutable; use seed:child{session = ...}"));
    CHECK_THAT(run_error("s.trial = 2"), Equals("test:1: chaoslab.Seed is immutable; use seed:child{trial = ...}"));
    CHECK_THAT(run_error("s.child = print"), Equals("test:1: chaoslab.Seed is immutable; use seed:child{child = ...}"));
    CHECK(eval_string("tostring(s)") == "chaoslab.seed{session=1, block=0, trial=0}");
    CHECK(eval_string("getmetatable(s)") == "locked");
}

// ---- distributions -----------------------------------------------------------------------------------

TEST_CASE_METHOD(RandomFixture, "distributions print their parameters and give closed-form moments",
                 "[bindings][random]") {
    const std::vector<std::pair<const char*, const char*>> names = {
        {"chaoslab.normal(1.5, 2)", "chaoslab.normal(mu=1.5, sigma=2)"},
        {"chaoslab.uniform(-1, 2.5)", "chaoslab.uniform(lo=-1, hi=2.5)"},
        {"chaoslab.lognormal(0.5, 0.25)", "chaoslab.lognormal(mu=0.5, sigma=0.25)"},
        {"chaoslab.exponential(3)", "chaoslab.exponential(mean=3)"},
        {"chaoslab.bernoulli(0.3)", "chaoslab.bernoulli(p=0.3)"},
        {"chaoslab.constant(-7)", "chaoslab.constant(value=-7)"},
        {"chaoslab.normal(0, 0)", "chaoslab.normal(mu=0, sigma=0)"},
        {"chaoslab.uniform(0.1, 0.1)", "chaoslab.uniform(lo=0.1, hi=0.1)"},
    };
    for (const auto& [expr, text] : names) {
        INFO(expr);
        CHECK(eval_string((std::string("tostring(") + expr + ")").c_str()) == text);
        CHECK(eval_string((std::string("chaoslab.type(") + expr + ")").c_str()) == "chaoslab.Distribution");
    }

    CHECK(eval_number("chaoslab.normal(1.5, 2):mean()") == 1.5);
    CHECK(eval_number("chaoslab.normal(1.5, 2):var()") == 4);
    CHECK(eval_number("chaoslab.uniform(-1, 2.5):mean()") == 0.75);
    CHECK(eval_number("chaoslab.uniform(-1, 2.5):var()") == Approx(3.5 * 3.5 / 12).epsilon(1e-15));
    CHECK(eval_number("chaoslab.lognormal(0.5, 0.25):mean()") ==
          Approx(eval_number("math.exp(0.5 + 0.25^2 / 2)")).epsilon(1e-15));
    CHECK(eval_number("chaoslab.lognormal(0.5, 0.25):var()") ==
          Approx(eval_number("(math.exp(0.25^2) - 1) * math.exp(2 * 0.5 + 0.25^2)")).epsilon(1e-13));
    // Small sigma: the variance ~ sigma^2 e^{2 mu} stays accurate (expm1).
    CHECK(eval_number("chaoslab.lognormal(0, 1e-9):var()") == Approx(1e-18).epsilon(1e-8));
    CHECK(eval_number("chaoslab.exponential(3):mean()") == 3);
    CHECK(eval_number("chaoslab.exponential(3):var()") == 9);
    CHECK(eval_number("chaoslab.bernoulli(0.3):mean()") == 0.3);
    CHECK(eval_number("chaoslab.bernoulli(0.3):var()") == Approx(0.21).epsilon(1e-15));
    CHECK(eval_number("chaoslab.constant(-7):mean()") == -7);
    CHECK(eval_number("chaoslab.constant(-7):var()") == 0);
}

TEST_CASE_METHOD(RandomFixture, "d:sample is a pure function of (seed, stream, index)", "[bindings][random]") {
    run(R"(
        d = chaoslab.normal(0, 1)
        s = chaoslab.seed{session = 11, block = 2, trial = 3}
        x = d:sample(1000, s)
    )");
    CHECK(eval_string("chaoslab.type(x)") == "chaoslab.Array");
    CHECK(eval_string("table.concat(x:shape(), 'x')") == "1000");
    // Same seed and stream: the same array, also from an equal but distinct seed object.
    CHECK(eval_bool("d:sample(1000, s) == x"));
    CHECK(eval_bool("d:sample(1000, chaoslab.seed{session = 11, block = 2, trial = 3}) == x"));
    // The default stream is named "sample"; names and integer ids both select streams.
    CHECK(eval_bool("d:sample(1000, s, 'sample') == x"));
    CHECK(eval_bool("d:sample(1000, s, 'noise') == d:sample(1000, s, 'noise')"));
    CHECK(eval_bool("d:sample(1000, s, 42) == d:sample(1000, s, 42)"));
    // Any change of address gives different numbers.
    CHECK_FALSE(eval_bool("d:sample(1000, s, 'noise') == x"));
    CHECK_FALSE(eval_bool("d:sample(1000, s, 42) == d:sample(1000, s, 43)"));
    CHECK_FALSE(eval_bool("d:sample(1000, s:child{trial = 4}) == x"));
    CHECK_FALSE(eval_bool("d:sample(1000, s:child{block = 3}) == x"));
    CHECK_FALSE(eval_bool("d:sample(1000, s:child{session = 12}) == x"));
    // Draw i does not depend on n: a shorter sample is a prefix, across parallel chunk borders too.
    CHECK(eval_bool("d:sample(10, s) == x:slice(1, 10)"));
    CHECK(eval_bool("d:sample(70000, s):slice(65530, 65540) == d:sample(65540, s):slice(65530, 65540)"));
    // The same index in the same stream of another distribution is a transform of the same normal.
    CHECK(eval_number("(chaoslab.normal(5, 2):sample(1000, s) - (x * 2 + 5)):abs():max()") < 1e-12);
    CHECK(eval_number("(chaoslab.lognormal(0, 1):sample(1000, s) - x:exp()):abs():max()") < 1e-12);
    CHECK(eval_number("#d:sample(0, s)") == 0);
}

TEST_CASE_METHOD(RandomFixture, "different streams and trials are uncorrelated", "[bindings][random]") {
    run(R"(
        n = 100000
        d = chaoslab.normal(0, 1)
        s = chaoslab.seed(3)
        a = d:sample(n, s, 'a')
        r_stream = corr(a, d:sample(n, s, 'b'))
        r_trial = corr(a, d:sample(n, s:child{trial = 1}, 'a'))
        r_block = corr(a, d:sample(n, s:child{block = 1}, 'a'))
        r_shift = corr(a:slice(2), a:slice(1, -2))   -- consecutive draws of one stream
    )");
    const double limit = 5.0 / std::sqrt(100000.0); // 5 standard errors of r under independence
    CHECK(std::abs(eval_number("r_stream")) < limit);
    CHECK(std::abs(eval_number("r_trial")) < limit);
    CHECK(std::abs(eval_number("r_block")) < limit);
    CHECK(std::abs(eval_number("r_shift")) < limit);
    // The check has power: a sample correlated by construction is detected.
    CHECK(std::abs(eval_number("corr(a, a + d:sample(n, s, 'b'))")) > 0.5);
}

TEST_CASE_METHOD(RandomFixture, "sample moments match the closed forms", "[bindings][random]") {
    const char* dists[] = {
        "chaoslab.normal(1.5, 2)", "chaoslab.uniform(-1, 2.5)", "chaoslab.lognormal(0.5, 0.25)",
        "chaoslab.exponential(3)", "chaoslab.bernoulli(0.3)",
    };
    for (const char* d : dists) {
        INFO(d);
        const std::string code = std::string("zm, zv = zscores(") + d + ", 200000, chaoslab.seed(2024))";
        run(code.c_str());
        // 5 standard errors: with fixed seeds this is deterministic; a biased sampler fails it.
        CHECK(eval_number("zm") < 5);
        CHECK(eval_number("zv") < 5);
    }
    // Support of each kind.
    run(R"(
        s = chaoslab.seed(1)
        u = chaoslab.uniform(-1, 2.5):sample(100000, s)
        e = chaoslab.exponential(3):sample(100000, s)
        l = chaoslab.lognormal(0.5, 0.25):sample(100000, s)
        b = chaoslab.bernoulli(0.3):sample(100000, s)
        c = chaoslab.constant(-7):sample(1000, s)
        z = chaoslab.normal(4, 0):sample(1000, s)
    )");
    CHECK(eval_bool("u:min() >= -1 and u:max() < 2.5"));
    CHECK(eval_bool("e:min() > 0"));
    CHECK(eval_bool("l:min() > 0"));
    CHECK(eval_bool("b:min() == 0 and b:max() == 1 and (b * (1 - b)):max() == 0"));
    CHECK(eval_bool("c:min() == -7 and c:max() == -7"));
    CHECK(eval_bool("z:min() == 4 and z:max() == 4"));
    // The sample std of a normal in particular (what users print most).
    run("x = chaoslab.normal(1.5, 2):sample(200000, chaoslab.seed(77))");
    CHECK(eval_number("x:std({ddof = 1})") == Approx(2.0).margin(5 * 2.0 / std::sqrt(2 * 200000.0)));
    CHECK(eval_number("x:mean()") == Approx(1.5).margin(5 * 2.0 / std::sqrt(200000.0)));
}

TEST_CASE_METHOD(RandomFixture, "sampling gives the same bits with 1 and 2 threads", "[bindings][random]") {
    run(R"(
        old = chaoslab.threads()
        d = chaoslab.normal(0, 1)
        s = chaoslab.seed{session = 5, trial = 2}
        chaoslab.threads(1)
        t1 = chaoslab.threads()
        one = d:sample(300000, s)
        e_one = chaoslab.exponential(2):sample(300000, s, 'e')
        chaoslab.threads(2)
        t2 = chaoslab.threads()
        two = d:sample(300000, s)
        e_two = chaoslab.exponential(2):sample(300000, s, 'e')
        chaoslab.threads(old)
    )");
    CHECK(eval_number("t1") == 1);
    if (chaoslab::have_openmp()) CHECK(eval_number("t2") == 2);
    CHECK(eval_bool("one == two"));
    CHECK(eval_bool("e_one == e_two"));
    CHECK(eval_number("#one") == 300000);
}

TEST_CASE_METHOD(RandomFixture, "the distribution converter accepts numbers, distributions and 1-D arrays",
                 "[bindings][random]") {
    lua_register(L, "conv", chaoslab::lua::wrap<convert>);
    CHECK(eval_string("conv(2.5)") == "constant(value=2.5)");
    CHECK(eval_string("conv(chaoslab.normal(1, 2))") == "normal(mu=1, sigma=2)");
    CHECK(eval_string("conv(chaoslab.array({1, 2, 3, 6}))") == "array(n=4)");
    CHECK(eval_number("select(2, conv(chaoslab.array({1, 2, 3, 6})))") == 3);
    CHECK(eval_number("select(3, conv(chaoslab.array({1, 2, 3, 6})))") == 3.5);        // population variance
    CHECK(eval_number("select(2, conv(chaoslab.range(1, 10):slice(2, 10, 2)))") == 6); // a strided view
    CHECK_THAT(run_error("conv('x')"),
               Equals("test:1: bad argument #1 to 'conv' (number, distribution or array expected, got string)"));
    CHECK_THAT(run_error("conv(chaoslab.seed(1))"),
               Equals("test:1: bad argument #1 to 'conv' (number, distribution or array expected, got chaoslab.Seed)"));
    CHECK_THAT(run_error("conv(chaoslab.zeros({2, 2}))"),
               Equals("test:1: bad argument #1 to 'conv' (an array of values must be 1-D, got shape {2, 2})"));
    CHECK_THAT(run_error("conv(chaoslab.array({1, 0/0}))"), Equals("test:1: array: value #2 must be finite, got nan"));
    CHECK_THAT(run_error("conv(chaoslab.zeros(0))"), Equals("test:1: array: expected at least one value, got 0"));
    CHECK_THAT(run_error("conv(1/0)"), Equals("test:1: constant: value must be finite, got inf"));
}

// ---- errors ------------------------------------------------------------------------------------------

TEST_CASE_METHOD(RandomFixture, "random errors have exact messages", "[bindings][random][errors]") {
    const std::vector<std::pair<const char*, const char*>> cases = {
        // distribution parameters
        {"chaoslab.normal(0, -1)", "test:1: normal: sigma must be >= 0, got -1"},
        {"chaoslab.lognormal(0, -2)", "test:1: lognormal: sigma must be >= 0, got -2"},
        {"chaoslab.uniform(1, 0)", "test:1: uniform: hi must be >= lo, got lo=1, hi=0"},
        {"chaoslab.uniform(-1e308, 1e308)", "test:1: uniform: hi - lo must be finite, got lo=-1e+308, hi=1e+308"},
        {"chaoslab.bernoulli(1.5)", "test:1: bernoulli: p must be in [0, 1], got 1.5"},
        {"chaoslab.bernoulli(-0.1)", "test:1: bernoulli: p must be in [0, 1], got -0.1"},
        {"chaoslab.exponential(0)", "test:1: exponential: mean must be > 0, got 0"},
        {"chaoslab.exponential(-1)", "test:1: exponential: mean must be > 0, got -1"},
        {"chaoslab.normal(0/0, 1)", "test:1: normal: mu must be finite, got nan"},
        {"chaoslab.normal(0, 0/0)", "test:1: normal: sigma must be finite, got nan"},
        {"chaoslab.lognormal(1/0, 1)", "test:1: lognormal: mu must be finite, got inf"},
        {"chaoslab.uniform(0/0, 1)", "test:1: uniform: lo must be finite, got nan"},
        {"chaoslab.uniform(0, -1/0)", "test:1: uniform: hi must be finite, got -inf"},
        {"chaoslab.exponential(0/0)", "test:1: exponential: mean must be finite, got nan"},
        {"chaoslab.bernoulli(0/0)", "test:1: bernoulli: p must be finite, got nan"},
        {"chaoslab.constant(0/0)", "test:1: constant: value must be finite, got nan"},
        {"chaoslab.normal('a', 1)", "test:1: bad argument #1 to 'normal' (number expected, got string)"},
        {"chaoslab.normal(0)", "test:1: bad argument #2 to 'normal' (number expected, got no value)"},
        {"chaoslab.bernoulli()", "test:1: bad argument #1 to 'bernoulli' (number expected, got no value)"},
        // seeds
        {"chaoslab.seed(-1)", "test:1: bad argument #1 to 'seed' (must be in [0, 9007199254740992], got -1)"},
        {"chaoslab.seed(1.5)", "test:1: bad argument #1 to 'seed' (integer expected, got 1.5)"},
        {"chaoslab.seed(9007199254740993)",
         "test:1: bad argument #1 to 'seed' (must be in [0, 9007199254740992], got 9007199254740993)"},
        {"chaoslab.seed('x')", "test:1: bad argument #1 to 'seed' (table expected, got string)"},
        {"chaoslab.seed{session = -1}", "test:1: seed: option 'session' must be an integer >= 0, got -1"},
        {"chaoslab.seed{block = 1.5}", "test:1: seed: option 'block' must be an integer >= 0, got 1.5"},
        {"chaoslab.seed{trial = -2}", "test:1: seed: option 'trial' must be an integer >= 0, got -2"},
        {"chaoslab.seed{trial = 0/0}", "test:1: seed: option 'trial' must be an integer >= 0, got nan"},
        {"chaoslab.seed{session = 'x'}", "test:1: seed: option 'session' must be a number, got 'x'"},
        {"chaoslab.seed{session = 2^60}", "test:1: seed: option 'session' must be <= 2^53, got 1.1529215046068e+18"},
        {"chaoslab.seed{sesion = 1}", "test:1: seed: unknown option 'sesion' (did you mean 'session'?)"},
        {"chaoslab.seed{trail = 1}", "test:1: seed: unknown option 'trail' (did you mean 'trial'?)"},
        {"chaoslab.seed{blok = 1}", "test:1: seed: unknown option 'blok' (did you mean 'block'?)"},
        {"chaoslab.seed{colour = 1}", "test:1: seed: unknown option 'colour'"},
        {"chaoslab.seed{1}",
         "test:1: seed: option names must be strings, got 1 (a positional value in an option table?)"},
        {"chaoslab.seed(1):child()", "test:1: bad argument #1 to 'child' (table expected, got no value)"},
        {"chaoslab.seed(1):child{triall = 4}", "test:1: child: unknown option 'triall' (did you mean 'trial'?)"},
        {"chaoslab.seed(1):child{trial = -4}", "test:1: child: option 'trial' must be an integer >= 0, got -4"},
        {"chaoslab.seed(1).child(5, {})", "test:1: bad argument #1 to 'child' (chaoslab.Seed expected, got number)"},
        // sampling
        {"chaoslab.normal(0, 1):sample(3)",
         "test:1: bad argument #2 to 'sample' (chaoslab.Seed expected, got no value)"},
        {"chaoslab.normal(0, 1):sample(3, 5)",
         "test:1: bad argument #2 to 'sample' (chaoslab.Seed expected, got number)"},
        {"chaoslab.normal(0, 1):sample(-1, chaoslab.seed(1))",
         "test:1: bad argument #1 to 'sample' (must be in [0, 68719476736], got -1)"},
        {"chaoslab.normal(0, 1):sample(2.5, chaoslab.seed(1))",
         "test:1: bad argument #1 to 'sample' (integer expected, got 2.5)"},
        {"chaoslab.normal(0, 1):sample(3, chaoslab.seed(1), -1)",
         "test:1: bad argument #3 to 'sample' (must be >= 0, got -1)"},
        {"chaoslab.normal(0, 1):sample(3, chaoslab.seed(1), 1.5)",
         "test:1: bad argument #3 to 'sample' (integer expected, got 1.5)"},
        {"chaoslab.normal(0, 1).mean(5)",
         "test:1: bad argument #1 to 'mean' (chaoslab.Distribution expected, got number)"},
        {"chaoslab.normal(0, 1).sample(chaoslab.seed(1), 3)",
         "test:1: bad argument #1 to 'sample' (chaoslab.Distribution expected, got chaoslab.Seed)"},
    };
    for (const auto& [code, expected] : cases) {
        INFO("code: " << code);
        CHECK_THAT(run_error(code), Equals(expected));
    }
}

TEST_CASE_METHOD(RandomFixture, "a released distribution fails cleanly", "[bindings][random][errors]") {
    run("d = chaoslab.normal(0, 1); debug.getmetatable(d).__gc(d)");
    CHECK(eval_string("tostring(d)") == "chaoslab.Distribution (released)");
    CHECK_THAT(run_error("d:mean()"),
               Equals("test:1: calling 'mean' on bad self (chaoslab.Distribution was released)"));
    CHECK_THAT(run_error("d:sample(3, chaoslab.seed(1))"), Contains("chaoslab.Distribution was released"));
    CHECK(eval_string("getmetatable(chaoslab.normal(0, 1))") == "locked");
}

// Known defect (see the report): check_int_in() rejects integral floats above 9e15 as "integer
// expected", so seed(2^53) fails although seed(9007199254740992) and seed{session = 2^53} work.
TEST_CASE_METHOD(RandomFixture, "seed(n) accepts every integral float up to 2^53", "[bindings][random]") {
    CHECK_THAT(run_error("chaoslab.seed(2^53)"), Equals(""));
    CHECK_THAT(run_error("chaoslab.seed(9.005e15)"), Equals(""));
    CHECK_THAT(run_error("chaoslab.seed{session = 9.005e15}"), Equals(""));
}
