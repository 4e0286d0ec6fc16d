// Tests of the option decisions of the connectome functions, made by the runtime rather than the
// bindings: the format from the path, options that apply to some formats only, the sweeps of a
// normalisation, the neuron ids of a written table, and the synthetic graph's defaults and pipeline.
#include "io/connectome.hpp"

#include "core/errors.hpp"
#include "network/connectome_synthetic.hpp"

#include <catch2/catch.hpp>

#include <cstring>
#include <optional>
#include <string>
#include <vector>

using namespace chaoslab;

namespace {

// The message of the ConfigError that `f` throws ("" if none).
template <class F> std::string error_of(F&& f) {
    try {
        f();
    } catch (const ConfigError& e) {
        return e.what();
    }
    return "";
}

bool same_bits(const std::vector<double>& a, const std::vector<double>& b) {
    return a.size() == b.size() && (a.empty() || std::memcmp(a.data(), b.data(), a.size() * sizeof(double)) == 0);
}

SyntheticConnectomeParams params(std::size_t n, std::uint64_t session) {
    SyntheticConnectomeParams p;
    p.n = n;
    p.mean_degree = 5;
    p.seed = Seed{session, 0, 0};
    return p;
}

} // namespace

TEST_CASE("connectome format and orientation names map one way", "[connectome][options]") {
    for (const auto f : {ConnectomeFormat::csv, ConnectomeFormat::mtx, ConnectomeFormat::h5})
        CHECK(std::string(format_name(f)) == enum_text<ConnectomeFormat>(kConnectomeFormatNames, f));
    CHECK(std::string(format_name(ConnectomeFormat::mtx)) == "mtx");
    CHECK(std::string(enum_text<Orientation>(kOrientationNames, kDefaultOrientation)) == "post_pre");
    CHECK(std::string(enum_text<Normalization>(kNormalizationNames, Normalization::sinkhorn_seed004)) ==
          "sinkhorn_seed004");
}

TEST_CASE("connectome.read options: the format comes from the option, else the extension", "[connectome][options]") {
    ConnectomeReadOptions o;
    CHECK(check_read_options("a/b.CSV", o) == ConnectomeFormat::csv);
    CHECK(check_read_options("b.mtx", o) == ConnectomeFormat::mtx);
    CHECK(check_read_options("b.hdf5", o) == ConnectomeFormat::h5);
    o.format = ConnectomeFormat::h5;
    CHECK(check_read_options("b.dat", o) == ConnectomeFormat::h5);
    CHECK(error_of([] { check_read_options("x.d/file", {}); }) ==
          "connectome.read: cannot tell the format of 'x.d/file' from its extension (.csv, .mtx, .h5 or .hdf5): give "
          "option 'format'");
    CHECK(error_of([] { check_write_options("x.xls", std::nullopt, {}); }) ==
          "connectome.write: cannot tell the format of 'x.xls' from its extension (.csv, .mtx, .h5 or .hdf5): give "
          "option 'format'");
    CHECK(check_write_options("x.xls", ConnectomeFormat::mtx, {}) == ConnectomeFormat::mtx);
}

TEST_CASE("connectome.read options that apply to some formats only", "[connectome][options]") {
    ConnectomeReadOptions o;
    o.orientation = Orientation::post_pre; // given, even as the default: only matrix formats take it
    CHECK(error_of([&] { check_read_options("c.csv", o); }) ==
          "connectome.read: option 'orientation' applies to the matrix formats (mtx, h5), not to a csv edge list");
    CHECK(check_read_options("c.mtx", o) == ConnectomeFormat::mtx);
    CHECK(check_read_options("c.h5", o) == ConnectomeFormat::h5);

    ConnectomeReadOptions g;
    g.group = "/";
    CHECK(error_of([&] { check_read_options("c.csv", g); }) ==
          "connectome.read: option 'group' applies to h5 files only, not csv");
    CHECK(error_of([&] { check_read_options("c.mtx", g); }) ==
          "connectome.read: option 'group' applies to h5 files only, not mtx");
    CHECK(check_read_options("c.h5", g) == ConnectomeFormat::h5);

    ConnectomeReadOptions i;
    i.iterations = 5;
    const std::string needs = "connectome.read: option 'iterations' needs normalize = 'sinkhorn' or 'sinkhorn_seed004'";
    CHECK(error_of([&] { check_read_options("c.csv", i); }) == needs);
    // read_connectome refuses it too, before opening the file.
    CHECK(error_of([&] { read_connectome("/nonexistent/c.csv", i); }) == needs);
    i.normalize = Normalization::sinkhorn;
    CHECK(check_read_options("c.csv", i) == ConnectomeFormat::csv);

    ConnectomeWriteOptions w;
    w.orientation = Orientation::pre_post;
    CHECK(error_of([&] { check_write_options("c.csv", std::nullopt, w); }) ==
          "connectome.write: option 'orientation' applies to the matrix formats (mtx, h5), not to a csv edge list");
    CHECK(error_of([&] { check_write_options("c.h5", ConnectomeFormat::csv, w); }) ==
          "connectome.write: option 'orientation' applies to the matrix formats (mtx, h5), not to a csv edge list");
    CHECK(check_write_options("c.csv", ConnectomeFormat::h5, w) == ConnectomeFormat::h5);
}

TEST_CASE("normalisation sweeps: default, limit and the need for a normalisation", "[connectome][options]") {
    CHECK(normalization_sweeps("f", Normalization::none, std::nullopt) == kDefaultSinkhornSweeps);
    CHECK(normalization_sweeps("f", Normalization::sinkhorn, std::nullopt) == 10);
    CHECK(normalization_sweeps("f", Normalization::sinkhorn_seed004, 3) == 3);
    CHECK(normalization_sweeps("f", Normalization::sinkhorn, 5'000'000) == 1'000'000);
    CHECK(error_of([] { normalization_sweeps("f", Normalization::none, 2); }) ==
          "f: option 'iterations' needs normalize = 'sinkhorn' or 'sinkhorn_seed004'");
}

TEST_CASE("connectome ids of a written table: from n, from the ids, or both agreeing", "[connectome][options]") {
    const std::string fn = "connectome.write";
    CHECK(connectome_ids(fn, 3, std::nullopt) == std::vector<std::int64_t>{1, 2, 3});
    CHECK(connectome_ids(fn, 0, std::nullopt).empty());
    CHECK(connectome_ids(fn, std::nullopt, std::vector<std::int64_t>{7, -2}) == std::vector<std::int64_t>{7, -2});
    CHECK(connectome_ids(fn, 2, std::vector<std::int64_t>{7, -2}) == std::vector<std::int64_t>{7, -2});
    CHECK(error_of([&] {
              connectome_ids(fn, 3, std::vector<std::int64_t>{1, 2});
          }) == "connectome.write: c.ids has 2 entries, but c.n = 3");
    CHECK(error_of([&] { connectome_ids(fn, std::nullopt, std::nullopt); }) ==
          "connectome.write: c.n (the number of neurons) is required");
}

TEST_CASE("synthetic connectome defaults to three cell types and applies signs, then normalisation",
          "[connectome][options]") {
    const SyntheticConnectomeParams defaults;
    CHECK(defaults.types == std::vector<std::pair<std::string, double>>{{"ACh", 0.6}, {"GABA", 0.3}, {"Glu", 0.1}});
    CHECK(defaults.regions.empty());
    CHECK_FALSE(defaults.signs);
    CHECK(defaults.normalize == Normalization::none);

    const Connectome plain = synthetic_connectome(params(50, 3));
    REQUIRE(plain.types.size() == 50);
    CHECK(plain.sign.empty());

    SyntheticConnectomeParams p = params(50, 3);
    p.signs = {{{"ACh", 1}, {"GABA", -1}, {"Glu", -1}}};
    p.normalize = Normalization::sinkhorn_seed004;
    p.iterations = 4;
    const Connectome got = synthetic_connectome(p);
    Connectome want = plain;
    apply_signs("connectome.synthetic", want, *p.signs);
    normalize_connectome(want, Normalization::sinkhorn_seed004, 4);
    CHECK(got.pre == want.pre);
    CHECK(got.post == want.post);
    CHECK(got.sign == want.sign);
    CHECK(same_bits(got.weight, want.weight));

    SyntheticConnectomeParams untyped = params(10, 1);
    untyped.types.clear();
    untyped.signs = {{{"ACh", 1}}};
    CHECK(error_of([&] {
              synthetic_connectome(untyped);
          }).starts_with("connectome.synthetic: option 'signs' needs the neurons' cell types"));
    SyntheticConnectomeParams loose = params(10, 1);
    loose.iterations = 3;
    CHECK(error_of([&] { synthetic_connectome(loose); }) ==
          "connectome.synthetic: option 'iterations' needs normalize = 'sinkhorn' or 'sinkhorn_seed004'");
}
