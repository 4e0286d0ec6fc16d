// help()/chaoslab.doc (stdlib/chaoslab/help.lua over the bindings' docs registry): every function and
// method is documented, option tables show defaults, and option tables reject unknown keys with a
// suggestion.
#include "lua_fixture.hpp"

#include <catch2/catch.hpp>

#include <string>
#include <utility>
#include <vector>

using Catch::Matchers::Contains;
using Catch::Matchers::Equals;
using Catch::Matchers::StartsWith;
using chaoslab::test::LuaFixture;

TEST_CASE_METHOD(LuaFixture, "every chaoslab function is documented", "[bindings][help]") {
    run(R"lua(
        checked, missing = {}, {}
        for name, f in pairs(chaoslab) do
            if type(f) == "function" then
                checked[#checked + 1] = name
                if chaoslab.doc(f):find("^no help") then missing[#missing + 1] = name end
            end
        end
        table.sort(checked)
        table.sort(missing)
        checked_list = "," .. table.concat(checked, ",") .. ","
        missing_list = table.concat(missing, ", ")
    )lua");
    CHECK(eval_string("missing_list") == "");
    // The loop really saw the module (not an empty or wrong table).
    const std::string checked = eval_string("checked_list");
    for (const char* name : {"array",      "zeros",    "ones",         "full",         "linspace",     "range",
                             "seed",       "normal",   "uniform",      "lognormal",    "exponential",  "bernoulli",
                             "constant",   "threads",  "sleep",        "type",         "methods",      "help",
                             "doc",        "document", "network",      "perturbation", "extra_spike",  "voltage_kick",
                             "state_kick", "lz",       "robust_slope", "hamming",      "firing_stats", "coincidence"}) {
        INFO(name);
        CHECK_THAT(checked, Contains(std::string(",") + name + ","));
    }
    // A function's help starts with its signature.
    CHECK_THAT(eval_string("chaoslab.doc(chaoslab.linspace)"), StartsWith("linspace(a, b, n) -> chaoslab.Array\n  "));
    CHECK_THAT(eval_string("chaoslab.doc(chaoslab.normal)"), StartsWith("normal(mu, sigma) -> chaoslab.Distribution"));
    // The global help is chaoslab.help.
    CHECK(eval_bool("help == chaoslab.help"));
}

TEST_CASE_METHOD(LuaFixture, "every method of every chaoslab type is documented", "[bindings][help]") {
    run(R"lua(
        local net = chaoslab.network{}
        objects = {
            ["chaoslab.Array"] = chaoslab.zeros({2, 2}),
            ["chaoslab.Seed"] = chaoslab.seed(1),
            ["chaoslab.Distribution"] = chaoslab.normal(0, 1),
            ["chaoslab.Network"] = net,
            ["chaoslab.Population"] = net:lif{n = 2},
            ["chaoslab.Kick"] = chaoslab.extra_spike{},
        }
        counts, missing = {}, {}
        for type_name, obj in pairs(objects) do
            local names = chaoslab.methods(obj)
            counts[type_name] = #names
            for _, m in ipairs(names) do
                local f = obj[m]
                if type(f) ~= "function" then
                    missing[#missing + 1] = type_name .. ":" .. m .. " (not a function)"
                elseif chaoslab.doc(f):find("^no help") then
                    missing[#missing + 1] = type_name .. ":" .. m
                end
            end
            -- The type itself has help listing its methods.
            if chaoslab.doc(obj):find("^no help") then missing[#missing + 1] = type_name end
        end
        table.sort(missing)
        missing_list = table.concat(missing, ", ")
    )lua");
    CHECK(eval_string("missing_list") == "");
    CHECK(eval_number("counts['chaoslab.Array']") >= 24);
    CHECK(eval_number("counts['chaoslab.Seed']") >= 1);
    CHECK(eval_number("counts['chaoslab.Distribution']") >= 3);
    CHECK(eval_number("counts['chaoslab.Network']") >= 9);
    CHECK(eval_number("counts['chaoslab.Population']") >= 4);
    CHECK(eval_string("table.concat(chaoslab.methods(chaoslab.normal(0, 1)), ',')") == "mean,sample,var");
    CHECK(eval_string("table.concat(chaoslab.methods(chaoslab.seed(0)), ',')") == "child");
    // Non-chaoslab values have no methods.
    CHECK(eval_number("#chaoslab.methods({})") == 0);
    CHECK(eval_number("#chaoslab.methods(io.stdout)") == 0);

    // Method help starts with the method's signature; the type's help lists the methods.
    CHECK_THAT(eval_string("chaoslab.doc(chaoslab.zeros(1).mean)"), StartsWith("a:mean([axis | {axis=}])"));
    CHECK_THAT(eval_string("chaoslab.doc(chaoslab.normal(0, 1).sample)"),
               StartsWith("d:sample(n, seed [, stream]) -> chaoslab.Array"));
    const std::string array_help = eval_string("chaoslab.doc('chaoslab.Array')");
    CHECK_THAT(array_help, StartsWith("chaoslab.Array\n  N-dimensional"));
    CHECK_THAT(array_help, Contains("\nMethods:\n"));
    CHECK_THAT(array_help, Contains("  a:slice(i [, j [, step]]) -> chaoslab.Array  -- "));
    CHECK_THAT(array_help, Contains("  a:totable() -> table  -- "));
    CHECK(eval_string("chaoslab.doc(chaoslab.zeros(3))") == array_help); // an object gives its type's help
}

TEST_CASE_METHOD(LuaFixture, "help text lists options with defaults and constraints", "[bindings][help]") {
    const std::string seed_help = eval_string("chaoslab.doc(chaoslab.seed)");
    CHECK_THAT(seed_help, StartsWith("seed{session=, block=, trial=} | seed(session) -> chaoslab.Seed\n"));
    CHECK_THAT(seed_help, Contains("\nOptions:\n"));
    CHECK_THAT(seed_help, Contains("\n  session  the user's seed for a whole study (default 0; an integer >= 0)"));
    CHECK_THAT(seed_help, Contains("\n  block    a sweep point's index"));
    CHECK_THAT(seed_help, Contains("\n  trial    a repetition within a point"));
    for (const char* opt : {"session", "block", "trial"}) {
        INFO(opt);
        // Each option line carries its default.
        const std::string expr = std::string("chaoslab.doc(chaoslab.seed):match('\\n  ") + opt + " [^\\n]*')";
        CHECK_THAT(eval_string(expr.c_str()), Contains("(default 0; an integer >= 0)"));
    }
    // Seed:child shares the option table; reductions document axis and ddof.
    CHECK_THAT(eval_string("chaoslab.doc(chaoslab.seed(1).child)"), Contains("  trial    a repetition"));
    const std::string var_help = eval_string("chaoslab.doc(chaoslab.zeros(1).var)");
    CHECK_THAT(
        var_help,
        Contains("\n  axis  axis to reduce (1-based); omitted: reduce every element (default all; an integer >= 1)"));
    CHECK_THAT(var_help, Contains("\n  ddof  delta degrees of freedom"));
    CHECK_THAT(var_help, Contains("(default 0; an integer >= 0)"));
    // Functions without options have no Options section.
    CHECK_THAT(eval_string("chaoslab.doc(chaoslab.linspace)"), !Contains("Options:"));
}

TEST_CASE_METHOD(LuaFixture, "help finds names, types and related entries", "[bindings][help]") {
    CHECK(eval_string("chaoslab.doc('linspace')") == eval_string("chaoslab.doc(chaoslab.linspace)"));
    CHECK(eval_string("chaoslab.doc('chaoslab.linspace')") == eval_string("chaoslab.doc(chaoslab.linspace)"));
    CHECK(eval_string("chaoslab.doc('space')") == "no help for 'space'; related: chaoslab.linspace");
    CHECK(eval_string("chaoslab.doc('qqqq')") == "no help for 'qqqq' (help() lists everything)");
    CHECK(eval_string("chaoslab.doc(print)") == "no help for this function value (help() lists everything)");
    const std::string overview = eval_string("chaoslab.doc()");
    CHECK_THAT(overview, Contains("\nFunctions:\n"));
    CHECK_THAT(overview, Contains("\n  linspace(a, b, n) -> chaoslab.Array\n"));
    CHECK_THAT(overview, Contains("Types: chaoslab.Array, chaoslab.Distribution, chaoslab.Kick, chaoslab.Network, "
                                  "chaoslab.Population, chaoslab.Seed"));
    // help() prints exactly doc()'s text.
    run(R"lua(
        local printed = {}
        local real_print = print
        print = function(...) printed[#printed + 1] = table.concat({...}, "\t") end
        help(chaoslab.range)
        print = real_print
        help_output = printed[1]
    )lua");
    CHECK(eval_string("help_output") == eval_string("chaoslab.doc(chaoslab.range)"));
    // chaoslab.document registers help for Lua functions.
    run(R"lua(
        function my_rate(x) return x end
        chaoslab.document(my_rate, {name = "my.rate", signature = "my_rate(x) -> Hz", summary = "A rate."})
    )lua");
    CHECK(eval_string("chaoslab.doc(my_rate)") == "my_rate(x) -> Hz\n  A rate.");
}

TEST_CASE_METHOD(LuaFixture, "option tables reject unknown keys with a suggestion", "[bindings][help][errors]") {
    const std::vector<std::pair<const char*, const char*>> cases = {
        {"chaoslab.seed{sesion = 1}", "test:1: seed: unknown option 'sesion' (did you mean 'session'?)"},
        {"chaoslab.seed{Session = 1}", "test:1: seed: unknown option 'Session' (did you mean 'session'?)"},
        {"chaoslab.seed{tri = 1}", "test:1: seed: unknown option 'tri' (did you mean 'trial'?)"},
        {"chaoslab.seed(1):child{blocks = 2}", "test:1: child: unknown option 'blocks' (did you mean 'block'?)"},
        {"chaoslab.zeros({2, 2}):sum{axes = 1}", "test:1: sum: unknown option 'axes' (did you mean 'axis'?)"},
        {"chaoslab.zeros({2, 2}):var{dof = 1}", "test:1: var: unknown option 'dof' (did you mean 'ddof'?)"},
        {"chaoslab.zeros({2, 2}):std{axis = 1, dddof = 1}",
         "test:1: std: unknown option 'dddof' (did you mean 'ddof'?)"},
        {"chaoslab.seed{zzzzzzzz = 1}", "test:1: seed: unknown option 'zzzzzzzz'"},
        {"chaoslab.zeros(2):mean{[true] = 1}",
         "test:1: mean: option names must be strings, got true (a positional value in an option table?)"},
    };
    for (const auto& [code, expected] : cases) {
        INFO("code: " << code);
        CHECK_THAT(run_error(code), Equals(expected));
    }
}
