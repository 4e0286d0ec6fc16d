// Tests of io/connectome and network/connectome_synthetic: each reader on small hand-written files
// with known edges, bit-exact write -> read round trips in all formats, selection against an
// independent filter, signs, Sinkhorn sums, the synthetic graph's statistics, and every malformed-file message.
#include "io/connectome.hpp"

#include "core/errors.hpp"
#include "core/rng.hpp"
#include "io/h5_tree.hpp"
#include "temp_dir.hpp"
#include "network/connectome_synthetic.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <functional>
#include <limits>
#include <map>
#include <set>
#include <unistd.h>

using namespace chaoslab;

namespace {

// A private folder per test case, removed afterwards.
struct TempDir : test::TempDir {
    TempDir() : test::TempDir("chaoslab_connectome") {}
};

// The message of the ConfigError that `f` throws ("" if none).
template <class F> std::string error_of(F&& f) {
    try {
        f();
    } catch (const ConfigError& e) {
        return e.what();
    }
    return "";
}

std::string read_error(const std::string& path, ConnectomeReadOptions o = {}) {
    return error_of([&] { read_connectome(path, o); });
}

// Bitwise equality of doubles (so -0 and 0 differ, as a round trip must keep them).
bool same_bits(const std::vector<double>& a, const std::vector<double>& b) {
    return a.size() == b.size() && (a.empty() || std::memcmp(a.data(), b.data(), a.size() * sizeof(double)) == 0);
}

void require_equal(const Connectome& a, const Connectome& b) {
    REQUIRE(a.ids == b.ids);
    REQUIRE(a.types == b.types);
    REQUIRE(a.regions == b.regions);
    REQUIRE(a.pre == b.pre);
    REQUIRE(a.post == b.post);
    REQUIRE(same_bits(a.weight, b.weight));
}

H5Node dataset(const std::string& name, std::vector<double> v) {
    H5Node d;
    d.name = name;
    d.value.shape = {v.size()};
    d.value.numbers = std::move(v);
    return d;
}

H5Node strings(const std::string& name, std::vector<std::string> v) {
    H5Node d;
    d.name = name;
    d.value.is_string = true;
    d.value.shape = {v.size()};
    d.value.strings = std::move(v);
    return d;
}

void write_h5(const std::string& path, std::vector<H5Node> children) {
    H5Node root;
    root.is_group = true;
    std::sort(children.begin(), children.end(), [](const H5Node& a, const H5Node& b) { return a.name < b.name; });
    root.children = std::move(children);
    h5_write("test", path, root, false, {});
}

// A 3-neuron CSR: row 0 (post 0) <- col 1 (w 0.5); row 1 <- cols 0 and 2; row 2 empty.
std::vector<H5Node> small_csr() {
    return {dataset("indptr", {0, 1, 3, 3}), dataset("indices", {1, 0, 2}), dataset("data", {0.5, -1.0, 2.0}),
            dataset("shape", {3, 3})};
}

Connectome small_graph() {
    Connectome c;
    c.ids = {1, 2, 3, 4};
    c.types = {"ACh", "GABA", "ACh", "Glu"};
    c.pre = {1, 2, 0, 3, 1, 0};
    c.post = {0, 0, 1, 1, 2, 3};
    c.weight = {2, 1, 3, 4, 1, 5};
    return c;
}

SyntheticConnectomeParams synthetic_params(std::size_t n, std::uint64_t session) {
    SyntheticConnectomeParams p;
    p.n = n;
    p.mean_degree = 6;
    p.seed = Seed{session, 0, 0};
    p.types = {{"ACh", 0.6}, {"GABA", 0.3}, {"Glu", 0.1}};
    p.regions = {{"EB", 0.4}, {"FB", 0.35}, {"PB", 0.25}};
    return p;
}

} // namespace

// ---- readers on hand-written files ------------------------------------------------------------

TEST_CASE("connectome CSV edge list reads known edges in canonical order", "[connectome]") {
    TempDir dir;
    // Columns in another order, an extra column, a comment, a blank line, CRLF endings.
    const std::string p = dir.write("e.csv", "# a comment\r\nweight,post,note,pre\r\n1.5,20,x,10\r\n\r\n-2,10,y,20\r\n"
                                             "0.25,10,\"a, b\",30\r\n");
    const Connectome c = read_connectome(p, {});
    CHECK(c.ids == std::vector<std::int64_t>{10, 20, 30});
    CHECK(c.types.empty());
    CHECK(c.pre == std::vector<std::size_t>{1, 2, 0});
    CHECK(c.post == std::vector<std::size_t>{0, 0, 1});
    CHECK(c.weight == std::vector<double>{-2, 0.25, 1.5});
}

TEST_CASE("connectome CSV keeps 64-bit ids exactly and joins the neuron table", "[connectome]") {
    TempDir dir;
    const std::string p = dir.write("e.csv", "pre,post,weight\n720575940612345679,720575940612345678,3\n");
    const std::string n = dir.write("n.csv", "id,type,region\n720575940612345678,ACh,EB\n"
                                             "720575940612345679,GABA,EB\n5,Glu,FB\n");
    ConnectomeReadOptions o;
    o.neurons = n;
    const Connectome c = read_connectome(p, o);
    CHECK(c.ids == std::vector<std::int64_t>{5, 720575940612345678, 720575940612345679});
    CHECK(c.types == std::vector<std::string>{"Glu", "ACh", "GABA"});
    CHECK(c.regions == std::vector<std::string>{"FB", "EB", "EB"});
    CHECK(c.pre == std::vector<std::size_t>{2});
    CHECK(c.post == std::vector<std::size_t>{1});
}

TEST_CASE("connectome Matrix Market coordinate, pattern, integer and array formats", "[connectome]") {
    TempDir dir;
    const std::string real = dir.write("r.mtx", "%%MatrixMarket matrix coordinate real general\n% rows post\n\n"
                                                "3 3 3\n1 2 0.5\n3 1 -1\n2 3 2e0\n");
    Connectome c = read_connectome(real, {});
    CHECK(c.ids == std::vector<std::int64_t>{1, 2, 3});
    CHECK(c.post == std::vector<std::size_t>{0, 1, 2});
    CHECK(c.pre == std::vector<std::size_t>{1, 2, 0});
    CHECK(c.weight == std::vector<double>{0.5, 2, -1});

    ConnectomeReadOptions t;
    t.orientation = Orientation::pre_post; // rows are pre: 1->2 0.5, 3->1 -1, 2->3 2
    c = read_connectome(real, t);
    CHECK(c.post == std::vector<std::size_t>{0, 1, 2});
    CHECK(c.pre == std::vector<std::size_t>{2, 0, 1});
    CHECK(c.weight == std::vector<double>{-1, 0.5, 2});

    const std::string pattern =
        dir.write("p.mtx", "%%MatrixMarket matrix coordinate pattern general\n2 2 2\n1 2\n2 1\n");
    c = read_connectome(pattern, {});
    CHECK(c.weight == std::vector<double>{1, 1});

    const std::string integer = dir.write("i.mtx", "%%matrixmarket MATRIX Coordinate Integer General\n2 2 1\n2 2 7\n");
    c = read_connectome(integer, {});
    CHECK(c.pre == std::vector<std::size_t>{1});
    CHECK(c.weight == std::vector<double>{7});

    // Dense arrays are column-major; zeros are no edges.
    const std::string array = dir.write("a.mtx", "%%MatrixMarket matrix array real general\n2 2\n0\n3\n4\n0\n");
    c = read_connectome(array, {});
    CHECK(c.post == std::vector<std::size_t>{0, 1});
    CHECK(c.pre == std::vector<std::size_t>{1, 0});
    CHECK(c.weight == std::vector<double>{4, 3});
}

TEST_CASE("connectome HDF5 CSR with ids, types, shape and a group", "[connectome]") {
    TempDir dir;
    const std::string p = dir.file("c.h5");
    std::vector<H5Node> nodes = small_csr();
    nodes.push_back(dataset("ids", {100, 200, 300}));
    nodes.push_back(strings("types", {"ACh", "GABA", "Glu"}));
    write_h5(p, nodes);
    Connectome c = read_connectome(p, {});
    CHECK(c.ids == std::vector<std::int64_t>{100, 200, 300});
    CHECK(c.types == std::vector<std::string>{"ACh", "GABA", "Glu"});
    CHECK(c.regions.empty());
    CHECK(c.post == std::vector<std::size_t>{0, 1, 1});
    CHECK(c.pre == std::vector<std::size_t>{1, 0, 2});
    CHECK(c.weight == std::vector<double>{0.5, -1, 2});

    ConnectomeReadOptions t;
    t.orientation = Orientation::pre_post;
    c = read_connectome(p, t);
    CHECK(c.post == std::vector<std::size_t>{0, 1, 2});
    CHECK(c.pre == std::vector<std::size_t>{1, 0, 1});
    CHECK(c.weight == std::vector<double>{-1, 0.5, 2});

    // In a group, without shape (square from indptr) and without ids (1..n).
    const std::string g = dir.file("g.h5");
    H5Node net;
    net.name = "net";
    net.is_group = true;
    net.children = {dataset("data", {0.5, -1.0, 2.0}), dataset("indices", {1, 0, 2}), dataset("indptr", {0, 1, 3, 3})};
    write_h5(g, {net});
    ConnectomeReadOptions o;
    o.group = "/net";
    c = read_connectome(g, o);
    CHECK(c.ids == std::vector<std::int64_t>{1, 2, 3});
    CHECK(c.weight == std::vector<double>{0.5, -1, 2});
}

// ---- round trips -------------------------------------------------------------------------------

TEST_CASE("connectome write then read is bit-exact in all three formats", "[connectome]") {
    TempDir dir;
    Connectome c = synthetic_connectome(synthetic_params(80, 3));
    REQUIRE(c.edges() > 100);
    // Weights that need all 17 digits, signs, -0, extremes and a subnormal.
    const double tricky[] = {0.1, 1.0 / 3.0, -2.0 / 7.0, -0.0, 1e-300, 5e-324, 1.7976931348623157e308, -123456.789};
    for (std::size_t k = 0; k < c.edges(); ++k) c.weight[k] = tricky[k % 8] / (k % 3 == 0 ? 1.0 : 1.0 + k);
    for (const auto f : {ConnectomeFormat::csv, ConnectomeFormat::mtx, ConnectomeFormat::h5}) {
        for (const auto orientation : {Orientation::post_pre, Orientation::pre_post}) {
            if (f == ConnectomeFormat::csv && orientation == Orientation::pre_post) continue;
            INFO(format_name(f) << " orientation " << static_cast<int>(orientation));
            const std::string p = dir.file(std::string("c.") + format_name(f));
            ConnectomeWriteOptions w;
            w.orientation = orientation;
            w.neurons = f == ConnectomeFormat::h5 ? "" : dir.file("neurons.csv");
            write_connectome(p, c, f, w);
            CHECK_FALSE(std::filesystem::exists(p + ".tmp"));
            ConnectomeReadOptions r;
            r.orientation = orientation;
            r.neurons = w.neurons;
            require_equal(read_connectome(p, r), c);
        }
    }
}

TEST_CASE("connectome round trip keeps 64-bit ids, isolated neurons and quoted types", "[connectome]") {
    TempDir dir;
    Connectome c;
    c.ids = {-7, 3, 720575940612345678, std::numeric_limits<std::int64_t>::max()};
    c.types = {"a, b", "\"q\"", " pad ", ""};
    c.pre = {0, 2};
    c.post = {2, 0};
    c.weight = {1.25, -3};
    for (const auto f : {ConnectomeFormat::csv, ConnectomeFormat::h5}) {
        const std::string p = dir.file(std::string("ids.") + format_name(f));
        ConnectomeWriteOptions w;
        w.neurons = dir.file("ids_neurons.csv");
        write_connectome(p, c, f, w);
        ConnectomeReadOptions r;
        r.neurons = f == ConnectomeFormat::csv ? w.neurons : "";
        Connectome back = read_connectome(p, r);
        require_equal(back, Connectome{c.ids, c.types, {}, {}, {2, 0}, {0, 2}, {-3, 1.25}});
    }
}

TEST_CASE("connectome writer sorts edges and refuses to lose data", "[connectome]") {
    TempDir dir;
    Connectome c = small_graph();
    std::reverse(c.pre.begin(), c.pre.end());
    std::reverse(c.post.begin(), c.post.end());
    std::reverse(c.weight.begin(), c.weight.end());
    ConnectomeWriteOptions w;
    w.neurons = dir.file("n.csv");
    write_connectome(dir.file("s.csv"), c, ConnectomeFormat::csv, w);
    ConnectomeReadOptions r;
    r.neurons = w.neurons;
    require_equal(read_connectome(dir.file("s.csv"), r), small_graph());

    CHECK(error_of([&] { write_connectome(dir.file("x.csv"), c, ConnectomeFormat::csv, {}); }) ==
          "connectome.write: a CSV edge list cannot hold the neurons' types: give option 'neurons' (a path) to write "
          "a neuron table as well");
    CHECK(error_of([&] { write_connectome(dir.file("x.mtx"), c, ConnectomeFormat::mtx, {}); }) ==
          "connectome.write: a Matrix Market file cannot hold the neurons' types: give option 'neurons' (a path) to "
          "write a neuron table as well");
    Connectome isolated = small_graph();
    isolated.types.clear();
    isolated.ids.push_back(99);
    CHECK(error_of([&] { write_connectome(dir.file("x.csv"), isolated, ConnectomeFormat::csv, {}); }) ==
          "connectome.write: neuron id 99 has no edges, which a CSV edge list cannot hold: give option 'neurons' (a "
          "path) to write a neuron table as well");
    Connectome far = small_graph();
    far.types.clear();
    far.ids[2] = 1005;
    CHECK(error_of([&] { write_connectome(dir.file("x.mtx"), far, ConnectomeFormat::mtx, {}); }) ==
          "connectome.write: a Matrix Market file numbers its neurons 1..n, but neuron 3 has id 1005: write csv or h5 "
          "to keep the ids");
    Connectome dup = small_graph();
    dup.pre.push_back(1);
    dup.post.push_back(0);
    dup.weight.push_back(1);
    CHECK(error_of([&] { write_connectome(dir.file("x.h5"), dup, ConnectomeFormat::h5, {}); }) ==
          "connectome.write: edge 7: duplicate edge 2 -> 1 (first at edge 1); give option duplicates = 'sum' to add "
          "them");
    Connectome bad = small_graph();
    bad.post[1] = 4;
    CHECK(error_of([&] { write_connectome(dir.file("x.h5"), bad, ConnectomeFormat::h5, {}); }) ==
          "connectome.write: edge 2: post = 5 is out of range 1..4");
    bad = small_graph();
    bad.weight[3] = std::numeric_limits<double>::infinity();
    CHECK(error_of([&] { write_connectome(dir.file("x.h5"), bad, ConnectomeFormat::h5, {}); }) ==
          "connectome.write: edge 4: weight inf is not finite");
    bad = small_graph();
    bad.ids[3] = 2;
    CHECK(error_of([&] { write_connectome(dir.file("x.h5"), bad, ConnectomeFormat::h5, {}); }) ==
          "connectome.write: id 2 is used by neurons 2 and 4");
    CHECK_FALSE(std::filesystem::exists(dir.file("x.h5")));
}

// ---- selection, signs, normalisation ----------------------------------------------------------

TEST_CASE("connectome selection by region and ids gives the induced sub-graph", "[connectome]") {
    TempDir dir;
    const Connectome full = synthetic_connectome(synthetic_params(150, 11));
    const std::string p = dir.file("full.h5");
    write_connectome(p, full, ConnectomeFormat::h5, {});

    // Independent filter: neurons kept in index order, an edge kept when both ends are.
    auto expected = [&](const std::function<bool(std::size_t)>& keep) {
        std::map<std::size_t, std::size_t> index;
        Connectome e;
        for (std::size_t i = 0; i < full.size(); ++i) {
            if (!keep(i)) continue;
            index[i] = e.ids.size();
            e.ids.push_back(full.ids[i]);
            e.types.push_back(full.types[i]);
            e.regions.push_back(full.regions[i]);
        }
        for (std::size_t k = 0; k < full.edges(); ++k) {
            if (index.count(full.pre[k]) && index.count(full.post[k])) {
                e.pre.push_back(index[full.pre[k]]);
                e.post.push_back(index[full.post[k]]);
                e.weight.push_back(full.weight[k]);
            }
        }
        return e;
    };

    ConnectomeReadOptions o;
    o.regions = {"EB"};
    const Connectome eb = read_connectome(p, o);
    REQUIRE(eb.size() == 60); // exact quota 0.4 * 150
    REQUIRE(eb.edges() > 0);
    require_equal(eb, expected([&](std::size_t i) { return full.regions[i] == "EB"; }));

    o.regions = {"EB", "PB"};
    require_equal(read_connectome(p, o),
                  expected([&](std::size_t i) { return full.regions[i] == "EB" || full.regions[i] == "PB"; }));

    ConnectomeReadOptions s;
    std::set<std::int64_t> chosen;
    for (std::size_t i = 0; i < full.size(); i += 3) chosen.insert(full.ids[i]);
    s.select = std::vector<std::int64_t>(chosen.rbegin(), chosen.rend()); // any order
    require_equal(read_connectome(p, s), expected([&](std::size_t i) { return chosen.count(full.ids[i]) > 0; }));

    s.regions = {"FB"};
    require_equal(read_connectome(p, s),
                  expected([&](std::size_t i) { return chosen.count(full.ids[i]) > 0 && full.regions[i] == "FB"; }));
}

TEST_CASE("connectome signs follow the presynaptic type (Dale's law)", "[connectome]") {
    Connectome c = small_graph();
    c.weight[2] = -3; // a negative input weight: its magnitude takes the sign
    apply_signs("test", c, {{"ACh", 1}, {"GABA", -1}, {"Glu", -1}});
    CHECK(c.sign == std::vector<double>{1, -1, 1, -1});
    for (std::size_t k = 0; k < c.edges(); ++k) {
        CHECK(c.weight[k] == c.sign[c.pre[k]] * std::abs(small_graph().weight[k]));
    }
    Connectome d = small_graph();
    CHECK(error_of([&] {
              apply_signs("test", d, {{"ACh", 1}, {"GABA", -1}});
          }) == "test: option 'signs' has no sign for type 'Glu' (neuron id 4; signs are given for ACh, GABA)");
    CHECK(error_of([&] {
              apply_signs("test", d, {{"ACh", 0.5}});
          }) == "test: option 'signs' must map each type to 1 or -1, got ACh = 0.5");
    d.types.clear();
    CHECK(error_of([&] {
              apply_signs("test", d, {{"ACh", 1}});
          }).starts_with("test: option 'signs' needs the neurons' cell types, and none are known"));
    d = small_graph();
    d.types[0] = "";
    CHECK(error_of([&] {
              apply_signs("test", d, {{"ACh", 1}, {"GABA", -1}, {"Glu", -1}});
          }).starts_with("test: option 'signs': neuron id 1 has no cell type"));
}

namespace {
// Dense reference of normalize_connectome: J[post][pre], parts balanced apart.
std::vector<std::vector<double>> dense_sinkhorn(const Connectome& c, double factor, int iterations, bool early) {
    const std::size_t n = c.size();
    std::vector<std::vector<double>> out(n, std::vector<double>(n, 0.0));
    for (const double side : {1.0, -1.0}) {
        std::vector<std::vector<double>> x(n, std::vector<double>(n, 0.0));
        for (std::size_t k = 0; k < c.edges(); ++k)
            if (side * c.weight[k] > 0) x[c.post[k]][c.pre[k]] = std::abs(c.weight[k]);
        for (int it = 0; it < iterations; ++it) {
            for (std::size_t i = 0; i < n; ++i) {
                double s = 0;
                for (std::size_t j = 0; j < n; ++j) s += x[i][j];
                if (s > 0)
                    for (std::size_t j = 0; j < n; ++j) x[i][j] /= factor * s;
            }
            for (std::size_t j = 0; j < n; ++j) {
                double s = 0;
                for (std::size_t i = 0; i < n; ++i) s += x[i][j];
                if (s > 0)
                    for (std::size_t i = 0; i < n; ++i) x[i][j] /= factor * s;
            }
            if (!early) continue;
            double worst = 0;
            for (std::size_t i = 0; i < n; ++i) {
                double s = 0;
                for (std::size_t j = 0; j < n; ++j) s += x[i][j];
                if (s > 0) worst = std::max(worst, std::abs(s - 1));
            }
            if (worst <= 1e-12) break;
        }
        for (std::size_t i = 0; i < n; ++i)
            for (std::size_t j = 0; j < n; ++j) out[i][j] += side * x[i][j];
    }
    return out;
}

// Row (post) and column (pre) sums of one sign's part.
std::pair<std::vector<double>, std::vector<double>> part_sums(const Connectome& c, double side) {
    std::vector<double> rows(c.size(), 0.0), cols(c.size(), 0.0);
    for (std::size_t k = 0; k < c.edges(); ++k) {
        if (side * c.weight[k] > 0) {
            rows[c.post[k]] += std::abs(c.weight[k]);
            cols[c.pre[k]] += std::abs(c.weight[k]);
        }
    }
    return {rows, cols};
}
} // namespace

TEST_CASE("connectome Sinkhorn balances the excitatory and inhibitory parts", "[connectome]") {
    // Under Dale's law each part has non-zero columns only for one sign's neurons, so rows and
    // columns cannot all sum to 1: the sweeps run to the limit, and the columns end balanced.
    Connectome c = synthetic_connectome(synthetic_params(40, 5));
    apply_signs("test", c, {{"ACh", 1}, {"GABA", -1}, {"Glu", -1}});
    // A complete graph of positive weights: Sinkhorn converges (every entry has total support).
    SyntheticConnectomeParams dense = synthetic_params(12, 6);
    dense.mean_degree = 11;
    dense.degree_sigma = 0;
    const Connectome full = synthetic_connectome(dense);
    REQUIRE(full.edges() == 12 * 11);

    SECTION("sinkhorn: columns sum to 1 after every sweep, rows too once converged") {
        Connectome a = c;
        CHECK(normalize_connectome(a, Normalization::sinkhorn, 10) == 10);
        for (const double side : {1.0, -1.0}) {
            const auto [rows, cols] = part_sums(a, side);
            for (double s : cols)
                if (s > 0) CHECK(s == Approx(1).margin(1e-13));
        }
        // Signs are kept, edges are not added or removed.
        REQUIRE(a.edges() == c.edges());
        for (std::size_t k = 0; k < a.edges(); ++k) CHECK((a.weight[k] > 0) == (c.weight[k] > 0));
        const auto ref = dense_sinkhorn(c, 1.0, 10, true);
        for (std::size_t k = 0; k < a.edges(); ++k)
            CHECK(a.weight[k] == Approx(ref[a.post[k]][a.pre[k]]).epsilon(1e-12));

        Connectome b = full;
        const int used = normalize_connectome(b, Normalization::sinkhorn, 1000);
        CHECK(used > 1);
        CHECK(used < 1000); // stopped by the convergence test
        const auto [rows, cols] = part_sums(b, 1.0);
        for (double s : rows) CHECK(s == Approx(1).margin(1e-12));
        for (double s : cols) CHECK(s == Approx(1).margin(1e-13));
        const auto ref_full = dense_sinkhorn(full, 1.0, 1000, true);
        for (std::size_t k = 0; k < b.edges(); ++k)
            CHECK(b.weight[k] == Approx(ref_full[b.post[k]][b.pre[k]]).epsilon(1e-12));
    }
    SECTION("sinkhorn_seed004 divides by twice the sums, exactly the given sweeps") {
        for (const Connectome* g : {static_cast<const Connectome*>(&c), &full}) {
            Connectome a = *g;
            CHECK(normalize_connectome(a, Normalization::sinkhorn_seed004, 10) == 10);
            const auto ref = dense_sinkhorn(*g, 2.0, 10, false);
            for (std::size_t k = 0; k < a.edges(); ++k)
                CHECK(a.weight[k] == Approx(ref[a.post[k]][a.pre[k]]).epsilon(1e-12));
            for (const double side : {1.0, -1.0}) {
                const auto [rows, cols] = part_sums(a, side);
                for (double s : cols)
                    if (s > 0) CHECK(s == Approx(0.5).margin(1e-13));
            }
        }
        // On the complete graph the rows approach 0.5 as well (the scaled fixed point), never 1.
        Connectome a = full;
        normalize_connectome(a, Normalization::sinkhorn_seed004, 10);
        const auto [rows, cols] = part_sums(a, 1.0);
        for (double s : rows) CHECK(s == Approx(0.5).margin(1e-3));
    }
    SECTION("none changes nothing") {
        Connectome a = c;
        CHECK(normalize_connectome(a, Normalization::none, 10) == 0);
        CHECK(same_bits(a.weight, c.weight));
    }
}

TEST_CASE("connectome read applies selection, then signs, then Sinkhorn", "[connectome]") {
    TempDir dir;
    const Connectome full = synthetic_connectome(synthetic_params(90, 21));
    const std::string p = dir.file("x.h5");
    write_connectome(p, full, ConnectomeFormat::h5, {});
    ConnectomeReadOptions o;
    o.regions = {"FB"};
    o.signs = {{{"ACh", 1}, {"GABA", -1}, {"Glu", -1}}};
    o.normalize = Normalization::sinkhorn;
    const Connectome got = read_connectome(p, o);
    ConnectomeReadOptions plain;
    plain.regions = {"FB"};
    Connectome want = read_connectome(p, plain);
    apply_signs("test", want, *o.signs);
    normalize_connectome(want, Normalization::sinkhorn, 10);
    require_equal(got, want);
    CHECK(got.sign == want.sign);
}

// ---- the synthetic graph ----------------------------------------------------------------------

TEST_CASE("synthetic connectome is deterministic, heavy-tailed and typed", "[connectome]") {
    const SyntheticConnectomeParams p = synthetic_params(400, 1);
    const Connectome a = synthetic_connectome(p);
    require_equal(synthetic_connectome(p), a);
    SyntheticConnectomeParams trial = p;
    trial.seed.trial = 9; // structure ignores the trial
    require_equal(synthetic_connectome(trial), a);
    SyntheticConnectomeParams other = p;
    other.seed.session = 2;
    CHECK(synthetic_connectome(other).pre != a.pre);

    std::vector<std::size_t> out(a.size(), 0), in(a.size(), 0);
    for (std::size_t k = 0; k < a.edges(); ++k) {
        CHECK(a.pre[k] != a.post[k]);
        CHECK(a.weight[k] >= 1);
        CHECK(a.weight[k] == std::floor(a.weight[k]));
        ++out[a.pre[k]];
        ++in[a.post[k]];
    }
    const double mean = static_cast<double>(a.edges()) / static_cast<double>(a.size());
    CHECK(mean > 0.8 * p.mean_degree);
    CHECK(mean < 1.05 * p.mean_degree);
    CHECK(static_cast<double>(*std::max_element(out.begin(), out.end())) > 4 * mean);
    CHECK(static_cast<double>(*std::max_element(in.begin(), in.end())) > 4 * mean);
    const double wmax = *std::max_element(a.weight.begin(), a.weight.end());
    double wmean = 0;
    for (double w : a.weight) wmean += w / static_cast<double>(a.edges());
    CHECK(wmax > 5 * wmean);

    std::map<std::string, int> types, regions;
    for (const auto& t : a.types) ++types[t];
    for (const auto& r : a.regions) ++regions[r];
    CHECK(types == std::map<std::string, int>{{"ACh", 240}, {"GABA", 120}, {"Glu", 40}});
    CHECK(regions == std::map<std::string, int>{{"EB", 160}, {"FB", 140}, {"PB", 100}});
}

TEST_CASE("synthetic connectome edge count matches the Chung-Lu expectation", "[connectome]") {
    // Recompute every pair probability from the documented random addresses.
    SyntheticConnectomeParams p = synthetic_params(300, 7);
    p.mean_degree = 8;
    const RandomStream xs(p.seed, stream_id("connectome.synthetic"), 0),
        ys(p.seed, stream_id("connectome.synthetic"), 1);
    std::vector<double> a(p.n), b(p.n);
    double sa = 0, sb = 0, diag = 0;
    for (std::size_t i = 0; i < p.n; ++i) {
        a[i] = std::exp(xs.normal_at(i));
        b[i] = std::exp(ys.normal_at(i));
        sa += a[i];
        sb += b[i];
        diag += a[i] * b[i];
    }
    const double scale = static_cast<double>(p.n) * p.mean_degree / (sa * sb - diag);
    double expected = 0, hub = 0;
    std::size_t hub_index = 0;
    for (std::size_t i = 0; i < p.n; ++i) {
        double row = 0;
        for (std::size_t j = 0; j < p.n; ++j)
            if (i != j) row += std::min(1.0, scale * a[i] * b[j]);
        expected += row;
        if (row > hub) {
            hub = row;
            hub_index = i;
        }
    }
    const Connectome c = synthetic_connectome(p);
    CHECK(std::abs(static_cast<double>(c.edges()) - expected) < 5 * std::sqrt(expected));
    const auto hub_out = static_cast<double>(std::count(c.pre.begin(), c.pre.end(), hub_index));
    CHECK(std::abs(hub_out - hub) < 5 * std::sqrt(hub) + 1);

    p.degree_sigma = 0; // every pair equally likely: binomial count
    const double m = static_cast<double>(synthetic_connectome(p).edges());
    CHECK(std::abs(m - 300 * 8) < 5 * std::sqrt(300 * 8.0));
}

TEST_CASE("synthetic connectome option errors", "[connectome]") {
    SyntheticConnectomeParams p = synthetic_params(5, 1);
    p.mean_degree = 10;
    CHECK(error_of([&] { synthetic_connectome(p); }) ==
          "connectome.synthetic: option 'mean_degree' must be in [0, n - 1] = [0, 4], got 10");
    p = synthetic_params(5, 1);
    p.mean_degree = 2;
    p.types = {{"A", -1}};
    CHECK(error_of([&] { synthetic_connectome(p); }) ==
          "connectome.synthetic: option 'types' must map names to fractions >= 0, got A = -1");
    p.types = {{"A", 0}};
    CHECK(error_of([&] { synthetic_connectome(p); }) ==
          "connectome.synthetic: option 'types' must have a fraction > 0");
    p = synthetic_params(0, 1);
    CHECK(error_of([&] { synthetic_connectome(p); }) ==
          "connectome.synthetic: option 'n' must be in [1, 10000000], got 0");
}

// ---- malformed files ---------------------------------------------------------------------------

TEST_CASE("connectome CSV malformed files name the file and line", "[connectome]") {
    TempDir dir;
    auto err = [&](const std::string& text) {
        const std::string p = dir.write("bad.csv", text);
        return read_error(p);
    };
    const std::string f = "connectome.read: '" + dir.file("bad.csv") + "' ";
    CHECK(err("pre,target,weight\n1,2,3\n") ==
          f + "line 1: the header has no column 'post' (expected pre,post,weight; found: pre, target, weight)");
    CHECK(err("pre,post,weight\n1,abc,3\n") == f + "line 2: post must be an integer id (64-bit), got 'abc'");
    CHECK(err("pre,post,weight\n1.5,2,3\n") == f + "line 2: pre must be an integer id (64-bit), got '1.5'");
    CHECK(err("pre,post,weight\n99999999999999999999,2,3\n") ==
          f + "line 2: pre must be an integer id (64-bit), got '99999999999999999999'");
    CHECK(err("pre,post,weight\n1,2,3\n\n1,2\n") == f + "line 4: expected 3 fields like the header, got 2");
    CHECK(err("pre,post,weight\n1,2,3,\n") == f + "line 2: expected 3 fields like the header, got 4");
    CHECK(err("pre,post,weight\n1,2,x\n") == f + "line 2: weight must be a number, got 'x'");
    CHECK(err("pre,post,weight\n1,2,nan\n") == f + "line 2: weight must be finite, got 'nan'");
    CHECK(err("pre,post,weight\n1,2,1e999\n") == f + "line 2: weight must be a number, got '1e999'");
    CHECK(err("pre,post,weight\n1,2,\"3\n") == f + "line 2: unterminated quote");
    CHECK(err(std::string("pre,post,weight\n1,2,\x01x\n")) == f + "line 2: weight must be a number, got '\\x01x'");
    CHECK(err("") ==
          "connectome.read: '" + dir.file("bad.csv") + "' is empty (a CSV edge list starts with a header line)");
    CHECK(err("pre,post,weight\n1,2,1\n2,1,1\n5,6,1\n1,2,3\n2,1,1\n") ==
          f + "line 5: duplicate edge 1 -> 2 (first at line 2); give option duplicates = 'sum' to add them");

    ConnectomeReadOptions sum;
    sum.duplicates = Duplicates::sum;
    const Connectome c = read_connectome(dir.write("dup.csv", "pre,post,weight\n1,2,1\n2,1,1\n1,2,3\n1,2,-0.5\n"), sum);
    CHECK(c.weight == std::vector<double>{1, 3.5});

    CHECK(read_error(dir.file("missing.csv")) ==
          "connectome.read: cannot open '" + dir.file("missing.csv") + "': No such file or directory");
    CHECK(read_error(dir.path.string() + "/.csv") ==
          "connectome.read: cannot open '" + dir.path.string() + "/.csv': No such file or directory");
    std::filesystem::create_directories(dir.file("folder.csv"));
    CHECK(read_error(dir.file("folder.csv")) ==
          "connectome.read: cannot read '" + dir.file("folder.csv") + "': Is a directory");
    CHECK(read_error(dir.file("x.xls")) == "connectome.read: cannot tell the format of '" + dir.file("x.xls") +
                                               "' from its extension (.csv, .mtx, .h5 or .hdf5): give option 'format'");
}

TEST_CASE("connectome Matrix Market malformed files name the file and line", "[connectome]") {
    TempDir dir;
    auto err = [&](const std::string& text) { return read_error(dir.write("bad.mtx", text)); };
    const std::string f = "connectome.read: '" + dir.file("bad.mtx") + "' ";
    const std::string head = "%%MatrixMarket matrix coordinate real general\n";
    CHECK(err("1 2 3\n") == f + "line 1: not a Matrix Market file: the first line must be '%%MatrixMarket matrix "
                                "coordinate real general'");
    CHECK(err("%%MatrixMarket matrix coordinate real symmetric\n2 2 0\n") ==
          f + "line 1: symmetry 'symmetric' is not supported (only 'general')");
    CHECK(err("%%MatrixMarket matrix coordinate complex general\n2 2 0\n") ==
          f + "line 1: field 'complex' is not supported (real, integer or pattern)");
    CHECK(err("%%MatrixMarket matrix array pattern general\n2 2\n") ==
          f + "line 1: the array format cannot be 'pattern'");
    CHECK(err(head + "% only comments\n") == f + "ends before the size line ('rows columns entries')");
    CHECK(err(head + "3 3\n") == f + "line 2: the size line must be 'rows columns entries', got '3 3'");
    CHECK(err(head + "3 x 1\n") == f + "line 2: the size line's columns must be an integer >= 0, got 'x'");
    CHECK(err(head + "3 4 0\n") == f + "line 2: the matrix is 3 x 4; a connectome needs a square matrix");
    CHECK(err(head + "200000000 200000000 0\n") ==
          f + "line 2: 200000000 neurons is more than chaoslab reads (10000000)");
    CHECK(err(head + "2 2 5\n") == f + "line 2: declares 5 entries, more than a 2 x 2 matrix holds");
    CHECK(err(head + "3 3 2\n1 1 1\n4 1 2\n") ==
          f + "line 4: row index 4 is out of range 1..3 of the size line (line 2)");
    CHECK(err(head + "3 3 2\n1 0 1\n") == f + "line 3: column index 0 is out of range 1..3 of the size line (line 2)");
    CHECK(err(head + "3 3 2\n1 a 1\n") == f + "line 3: column index must be an integer, got 'a'");
    CHECK(err(head + "3 3 2\n1 1 1\n") == f + "ends after 1 of the 2 entries declared on line 2");
    CHECK(err(head + "3 3 2\n1 1 1\n2 2 2\n% fine\n3 3 3\n") ==
          f + "line 6: more entries than the 2 declared on line 2");
    CHECK(err(head + "3 3 1\n1 2\n") == f + "line 3: expected 3 fields ('row column value'), got 2");
    CHECK(err(head + "3 3 1\n1 2 x\n") == f + "line 3: value must be a number, got 'x'");
    CHECK(err(head + "3 3 1\n1 2 -inf\n") == f + "line 3: value must be finite, got '-inf'");
    CHECK(err("%%MatrixMarket matrix coordinate integer general\n3 3 1\n1 2 2.5\n") ==
          f + "line 3: value must be an integer (field 'integer'), got '2.5'");
    CHECK(err("%%MatrixMarket matrix array real general\n2 2\n1\n2\n3\n") ==
          f + "ends after 3 of the 4 entries declared on line 2");
    CHECK(err(head + "3 3 2\n1 2 1\n1 2 1\n") ==
          f + "line 4: duplicate edge 2 -> 1 (first at line 3); give option duplicates = 'sum' to add them");
}

TEST_CASE("connectome HDF5 malformed files name the dataset", "[connectome]") {
    TempDir dir;
    const std::string p = dir.file("bad.h5");
    const std::string f = "connectome.read: '" + p + "': ";
    auto err = [&](std::vector<H5Node> nodes, ConnectomeReadOptions o = {}) {
        write_h5(p, std::move(nodes));
        return read_error(p, o);
    };
    auto with = [](std::vector<H5Node> nodes, const H5Node& replacement) {
        for (H5Node& n : nodes)
            if (n.name == replacement.name) n = replacement;
        return nodes;
    };
    auto without = [](std::vector<H5Node> nodes, const std::string& name) {
        nodes.erase(std::remove_if(nodes.begin(), nodes.end(), [&](const H5Node& n) { return n.name == name; }),
                    nodes.end());
        return nodes;
    };
    CHECK(err(without(small_csr(), "indptr")) ==
          f + "has no dataset 'indptr' (a CSR connectome needs indptr, indices and data)");
    CHECK(err(with(small_csr(), dataset("indptr", {0, 2, 1, 3}))) ==
          f + "dataset 'indptr' must be non-decreasing, but indptr[2] = 1 follows indptr[1] = 2");
    CHECK(err(with(small_csr(), dataset("indptr", {1, 1, 3, 3}))) ==
          f + "dataset 'indptr' must start at 0, got indptr[0] = 1");
    CHECK(err(with(small_csr(), dataset("indptr", {0, 1, 2, 2}))) ==
          f + "dataset 'indptr' ends at 2, but dataset 'indices' has 3 entries");
    CHECK(err(with(small_csr(), dataset("indptr", {0, 1, 3}))) ==
          f + "dataset 'indptr' has 3 entries; dataset 'shape' (3, 3) needs 4");
    CHECK(err(with(small_csr(), dataset("indices", {1, 5, 2}))) ==
          f + "dataset 'indices': indices[1] = 5 is out of range 0..2 (0-based columns)");
    CHECK(err(with(small_csr(), dataset("indices", {1, -1, 2}))) ==
          f + "dataset 'indices': indices[1] = -1 is out of range 0..2 (0-based columns)");
    CHECK(err(with(small_csr(), dataset("indices", {1, 0.5, 2}))) ==
          f + "dataset 'indices' must hold integers, but entry 1 is 0.5");
    CHECK(err(with(small_csr(), dataset("data", {0.5, std::nan(""), 2}))) ==
          f + "dataset 'data': data[1] = nan is not finite");
    CHECK(err(with(small_csr(), dataset("data", {0.5, 1}))) == f + "dataset 'data' has 2 entries, dataset 'indices' 3");
    CHECK(err(with(small_csr(), strings("data", {"a", "b", "c"}))) == f + "dataset 'data' must hold numbers");
    CHECK(err(with(small_csr(), dataset("shape", {3, 4}))) ==
          f + "dataset 'shape' is (3, 4); a connectome needs a square matrix");
    CHECK(err(with(small_csr(), dataset("shape", {3}))) == f + "dataset 'shape' must be two sizes (rows, columns)");
    CHECK(err(with(small_csr(), dataset("indices", {1, 2, 2}))) ==
          "connectome.read: '" + p +
              "' indices[2]: duplicate edge 3 -> 2 (first at indices[1]); give option "
              "duplicates = 'sum' to add them");
    std::vector<H5Node> ids = small_csr();
    ids.push_back(dataset("ids", {1, 2}));
    CHECK(err(ids) == f + "dataset 'ids' has 2 entries for 3 neurons");
    ids.back() = dataset("ids", {1, 2, 1});
    CHECK(err(ids) == f + "dataset 'ids' lists id 1 twice");
    std::vector<H5Node> types = small_csr();
    types.push_back(dataset("types", {1, 2, 3}));
    CHECK(err(types) == f + "dataset 'types' must hold strings");
    ConnectomeReadOptions group;
    group.group = "net/inner";
    CHECK(err(small_csr(), group) == "connectome.read: '" + p + "' has no group 'net'");

    write_h5(p, small_csr());
    std::filesystem::resize_file(p, std::filesystem::file_size(p) / 2);
    CHECK(read_error(p) == "connectome.read: '" + p + "' is damaged or truncated: HDF5 cannot open it");
    const std::string text = dir.write("text.h5", "not hdf5");
    CHECK(read_error(text) == "connectome.read: '" + text + "' is not an HDF5 file");
    CHECK(read_error(dir.file("none.h5")) ==
          "connectome.read: cannot open '" + dir.file("none.h5") + "': No such file or directory");
}

TEST_CASE("connectome neuron table and option errors", "[connectome]") {
    TempDir dir;
    const std::string mtx = dir.write("m.mtx", "%%MatrixMarket matrix coordinate real general\n3 3 2\n1 2 1\n2 3 1\n");
    ConnectomeReadOptions o;
    o.neurons = dir.write("n.csv", "id,type\n1,ACh\n2,GABA\n1,Glu\n");
    CHECK(read_error(mtx, o) == "connectome.read: '" + o.neurons + "' line 4: id 1 is listed twice (first on line 2)");
    o.neurons = dir.write("n.csv", "id,type\n1,ACh\n9,GABA\n");
    CHECK(read_error(mtx, o) == "connectome.read: '" + o.neurons + "' line 3: id 9 is not a neuron of '" + mtx + "'");
    o.neurons = dir.write("n.csv", "name,type\n1,ACh\n");
    CHECK(read_error(mtx, o) ==
          "connectome.read: '" + o.neurons +
              "' line 1: the header has no column 'id' (expected id,type[,region]; found: name, type)");

    // A partial table: neuron 3 gets type "", regions unknown.
    o.neurons = dir.write("n.csv", "ID,Type\n1,ACh\n2,GABA\n");
    Connectome c = read_connectome(mtx, o);
    CHECK(c.types == std::vector<std::string>{"ACh", "GABA", ""});
    o.signs = {{{"ACh", 1}, {"GABA", -1}}};
    CHECK(read_error(mtx, o).starts_with("connectome.read: option 'signs': neuron id 3 has no cell type"));
    o.signs.reset();
    o.regions = {"EB"};
    CHECK(read_error(mtx, o) ==
          "connectome.read: option 'region' needs the neurons' regions, and '" + mtx +
              "' has none: give a neuron table with a 'region' column (option 'neurons') or a 'regions' dataset in "
              "the HDF5 file");
    o.neurons = dir.write("n.csv", "id,region\n1,EB\n2,FB\n3,EB\n");
    o.regions = {"AB"};
    CHECK(read_error(mtx, o) == "connectome.read: option 'region': no neuron is in region 'AB' (regions: EB, FB)");
    o.regions = {"EB"};
    c = read_connectome(mtx, o);
    CHECK(c.ids == std::vector<std::int64_t>{1, 3});
    CHECK(c.edges() == 0); // 2 -> 1 and 3 -> 2 both leave the region
    o.regions.clear();
    o.select = std::vector<std::int64_t>{2, 7};
    CHECK(read_error(mtx, o) == "connectome.read: option 'select': id 7 is not a neuron of '" + mtx + "'");
    o.select = std::vector<std::int64_t>{2, 3, 2};
    CHECK(read_error(mtx, o) == "connectome.read: option 'select' lists id 2 twice");
    o.select = std::vector<std::int64_t>{3, 2};
    c = read_connectome(mtx, o);
    CHECK(c.ids == std::vector<std::int64_t>{2, 3});
    CHECK(c.pre == std::vector<std::size_t>{1});
    CHECK(c.post == std::vector<std::size_t>{0});
}
