// Tests of core/array (no Lua): construction, views and strides, reshape/copy semantics, the
// accuracy of pairwise summation and two-pass variance, axis reductions, broadcasting and NaN.
#include "core/array.hpp"
#include "core/errors.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <limits>
#include <vector>

using chaoslab::Array;
using chaoslab::ConfigError;
using chaoslab::Shape;
using Strides = std::vector<std::ptrdiff_t>;

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// 0..n-1 as doubles, in `shape`.
Array iota(Shape shape) {
    std::size_t n = 1;
    for (std::size_t d : shape) n *= d;
    std::vector<double> v(n);
    for (std::size_t i = 0; i < n; ++i) v[i] = static_cast<double>(i);
    return Array::from_vector(std::move(v), std::move(shape));
}

double get(const Array& a, std::vector<std::size_t> index) { return a.at(index); }

double plus(double x, double y) { return x + y; }
double times(double x, double y) { return x * y; }
double minus(double x, double y) { return x - y; }
double square(double x) { return x * x; }

} // namespace

TEST_CASE("Array construction", "[array]") {
    const Array empty;
    CHECK(empty.shape() == Shape{0});
    CHECK(empty.size() == 0);
    CHECK(empty.ndim() == 1);

    const Array a(Shape{2, 3}, 1.5);
    CHECK(a.shape() == Shape{2, 3});
    CHECK(a.strides() == Strides{3, 1});
    CHECK(a.size() == 6);
    CHECK(a.contiguous());
    CHECK(a.to_vector() == std::vector<double>(6, 1.5));
    CHECK(Array(Shape{4}).to_vector() == std::vector<double>(4, 0.0));
    CHECK(Array(Shape{2, 0, 3}).size() == 0);

    const Array v = Array::from_vector({1, 2, 3, 4, 5, 6}, {3, 2});
    CHECK(v.shape() == Shape{3, 2});
    CHECK(get(v, {2, 0}) == 5);
    CHECK(Array::from_vector({1, 2, 3}).shape() == Shape{3});
    CHECK_THROWS_MATCHES(Array::from_vector({1, 2, 3}, {2, 2}), ConfigError,
                         Catch::Matchers::Message("shape {2, 2} needs 4 values, got 3"));

    CHECK(Array::linspace(0, 1, 5).to_vector() == std::vector<double>{0, 0.25, 0.5, 0.75, 1});
    CHECK(Array::linspace(3, 4, 1).to_vector() == std::vector<double>{3});
    CHECK(Array::linspace(0, 1, 0).size() == 0);
    const Array l = Array::linspace(0.1, 0.7, 7);
    CHECK(l.flat(0) == 0.1);
    CHECK(l.flat(6) == 0.7); // exact end point

    CHECK(Array::range(1, 5, 1).to_vector() == std::vector<double>{1, 2, 3, 4, 5});
    CHECK(Array::range(5, 1, -2).to_vector() == std::vector<double>{5, 3, 1});
    CHECK(Array::range(0, 1, 0.25).to_vector() == std::vector<double>{0, 0.25, 0.5, 0.75, 1});
    CHECK(Array::range(1, 0, 1).size() == 0);
    CHECK(Array::range(0, 1, 0.1).size() == 11); // b included despite 0.1's rounding
    CHECK_THROWS_MATCHES(Array::range(0, 1, 0), ConfigError,
                         Catch::Matchers::Message("step must be finite and non-zero"));
    CHECK_THROWS_MATCHES(Array::range(0, 1, kNaN), ConfigError,
                         Catch::Matchers::Message("step must be finite and non-zero"));
    CHECK_THROWS_MATCHES(Array::range(0, 1e11, 1), ConfigError,
                         Catch::Matchers::Message("range would have 100000000001 elements"));

    CHECK(Array::shape_text({2, 3}) == "{2, 3}");
    CHECK(Array::shape_text({}) == "{}");
}

TEST_CASE("Array views share storage", "[array]") {
    Array a = iota({3, 4});

    Array r = a.row(1);
    CHECK(r.shares_storage(a));
    CHECK(r.shape() == Shape{4});
    CHECK(r.to_vector() == std::vector<double>{4, 5, 6, 7});
    r.flat(2) = -1;
    CHECK(get(a, {1, 2}) == -1);

    Array s = a.slice(1, 3);
    CHECK(s.shares_storage(a));
    s.fill(9);
    CHECK(a.to_vector() == std::vector<double>{0, 1, 2, 3, 9, 9, 9, 9, 9, 9, 9, 9});

    Array t = a.transpose();
    CHECK(t.shares_storage(a));
    const std::size_t index[2] = {3, 0};
    t.at(index) = 42;
    CHECK(get(a, {0, 3}) == 42);

    // Writing through the original is seen by the views.
    a.flat(0) = 7;
    CHECK(t.flat(0) == 7);

    const Array c = a.copy();
    CHECK_FALSE(c.shares_storage(a));
    a.fill(0);
    CHECK(c.flat(0) == 7);
    CHECK(c.sum() == 7 + 1 + 2 + 42 + 8 * 9);

    // assign copies element-wise into a view, also from an overlapping view of the same buffer.
    Array b = iota({2, 3});
    b.row(0).assign(b.row(1));
    CHECK(b.to_vector() == std::vector<double>{3, 4, 5, 3, 4, 5});
    Array d = iota({5});
    d.slice(1, 5).assign(d.slice(0, 4)); // overlapping shift by one
    CHECK(d.to_vector() == std::vector<double>{0, 0, 1, 2, 3});
    CHECK_THROWS_MATCHES(b.row(0).assign(iota({2})), ConfigError,
                         Catch::Matchers::Message("shape {2} does not match {3}"));
}

TEST_CASE("Array strides after slice and transpose", "[array]") {
    const Array a = iota({4, 3});
    CHECK(a.strides() == Strides{3, 1});

    const Array s = a.slice(1, 4, 2); // rows 1 and 3
    CHECK(s.shape() == Shape{2, 3});
    CHECK(s.strides() == Strides{6, 1});
    CHECK_FALSE(s.contiguous());
    CHECK(s.data() == nullptr);
    CHECK(s.to_vector() == std::vector<double>{3, 4, 5, 9, 10, 11});

    const Array t = a.transpose();
    CHECK(t.shape() == Shape{3, 4});
    CHECK(t.strides() == Strides{1, 3});
    CHECK_FALSE(t.contiguous());
    CHECK(t.to_vector() == std::vector<double>{0, 3, 6, 9, 1, 4, 7, 10, 2, 5, 8, 11});
    CHECK(get(t, {2, 1}) == get(a, {1, 2}));

    const Array col = t.row(1); // column 1 of a
    CHECK(col.shape() == Shape{4});
    CHECK(col.strides() == Strides{3});
    CHECK(col.to_vector() == std::vector<double>{1, 4, 7, 10});

    // A slice of a transpose combines both.
    const Array ts = t.slice(0, 3, 2);
    CHECK(ts.shape() == Shape{2, 4});
    CHECK(ts.strides() == Strides{2, 3});
    CHECK(ts.to_vector() == std::vector<double>{0, 3, 6, 9, 2, 5, 8, 11});

    // Contiguous slices stay contiguous (offset only).
    const Array c = a.slice(1, 3);
    CHECK(c.contiguous());
    CHECK(c.data() == a.data() + 3);

    // Empty slices.
    CHECK(a.slice(2, 2).shape() == Shape{0, 3});
    CHECK(a.slice(3, 1).size() == 0);
    CHECK(a.slice(1, 4, 5).to_vector() == std::vector<double>{3, 4, 5});

    // 3-D transpose reverses all strides.
    CHECK(iota({2, 3, 4}).transpose().strides() == Strides{1, 4, 12});
}

TEST_CASE("Array reshape: a view when contiguous, a copy otherwise", "[array]") {
    Array a = iota({3, 4});
    Array r = a.reshape({2, 6});
    CHECK(r.shares_storage(a));
    CHECK(r.strides() == Strides{6, 1});
    r.flat(7) = -7;
    CHECK(get(a, {1, 3}) == -7);

    const Array t = a.transpose();
    Array tr = t.reshape({12});
    CHECK_FALSE(tr.shares_storage(a));
    CHECK(tr.contiguous());
    CHECK(tr.to_vector() == t.to_vector()); // row-major order of the view
    tr.fill(100);
    CHECK(get(a, {0, 0}) == 0);

    // A contiguous row view keeps its offset when reshaped.
    const Array row2 = a.row(2).reshape({2, 2});
    CHECK(row2.shares_storage(a));
    CHECK(row2.to_vector() == std::vector<double>{8, 9, 10, 11});

    CHECK_THROWS_MATCHES(a.reshape({5}), ConfigError,
                         Catch::Matchers::Message("cannot reshape 12 elements into shape {5}"));
}

TEST_CASE("Array sum is pairwise: accurate and order-fixed", "[array]") {
    const Array tenths(Shape{1000000}, 0.1);
    const double s = tenths.sum();
    CHECK(std::abs(s - 1e5) / 1e5 < 1e-9);
    // Left-to-right summation is off by 1.3e-11 relative here; pairwise stays near rounding level.
    CHECK(std::abs(s - 1e5) / 1e5 < 1e-13);
    CHECK(tenths.mean() == Approx(0.1).epsilon(1e-13));

    // 1 followed by 10^6 tiny terms: left-to-right returns exactly 1 (each term is lost against 1);
    // pairwise adds the tiny terms among themselves first.
    std::vector<double> v(1000001, 1e-16);
    v[0] = 1.0;
    const Array tiny = Array::from_vector(std::move(v));
    CHECK(tiny.sum() - 1.0 == Approx(1e-10).epsilon(1e-3)); // ~121 terms share a leaf with the 1

    // The same values in a strided view sum to the same total.
    const Array two_rows(Shape{2, 500000}, 0.1);
    CHECK(two_rows.transpose().sum() == Approx(1e5).epsilon(1e-13));
    CHECK(two_rows.row(1).sum() == Approx(5e4).epsilon(1e-13));
    CHECK(Array(Shape{0}).sum() == 0);
    CHECK(Array(Shape{3, 0}).sum() == 0);
}

TEST_CASE("Array var and std match the two-pass closed form", "[array]") {
    // 10^9 + i for i = 0..999: the one-pass formula E[x^2] - E[x]^2 loses every digit here.
    const std::size_t n = 1000;
    std::vector<double> v(n);
    for (std::size_t i = 0; i < n; ++i) v[i] = 1e9 + static_cast<double>(i);
    const Array a = Array::from_vector(v);
    const double nd = static_cast<double>(n);
    CHECK(a.mean() == 1e9 + 499.5);
    CHECK(a.var() == Approx((nd * nd - 1) / 12).epsilon(1e-12));  // population variance of 0..n-1
    CHECK(a.var(1) == Approx(nd * (nd + 1) / 12).epsilon(1e-12)); // sample variance
    CHECK(std::sqrt(a.var(1)) == Approx(std::sqrt(nd * (nd + 1) / 12)).epsilon(1e-12));

    // Against an independent two-pass computation on irregular values.
    std::vector<double> w(777);
    for (std::size_t i = 0; i < w.size(); ++i)
        w[i] = std::sin(0.37 * static_cast<double>(i)) * 50 + static_cast<double>(i % 5);
    double m = 0;
    for (double x : w) m += x;
    m /= static_cast<double>(w.size());
    double ss = 0;
    for (double x : w) ss += (x - m) * (x - m);
    const Array b = Array::from_vector(w);
    CHECK(b.var() == Approx(ss / 777).epsilon(1e-12));
    CHECK(b.var(2) == Approx(ss / 775).epsilon(1e-12));

    CHECK(Array::from_vector({5}).var() == 0);
    CHECK_THROWS_MATCHES(Array::from_vector({5}).var(1), ConfigError,
                         Catch::Matchers::Message("variance with ddof=1 needs more than 1 elements, got 1"));
    CHECK_THROWS_MATCHES(Array(Shape{0}).mean(), ConfigError, Catch::Matchers::Message("the array is empty"));
    CHECK_THROWS_MATCHES(Array(Shape{0}).min(), ConfigError, Catch::Matchers::Message("the array is empty"));
    CHECK_THROWS_MATCHES(Array(Shape{0}).argmax(), ConfigError, Catch::Matchers::Message("the array is empty"));
}

TEST_CASE("Array min, max, argmin, argmax", "[array]") {
    const Array a = Array::from_vector({3, -1, 4, -1, 5, 5}, {2, 3});
    CHECK(a.min() == -1);
    CHECK(a.max() == 5);
    CHECK(a.argmin() == 1); // first of equal minima, row-major
    CHECK(a.argmax() == 4);
    const Array t = a.transpose(); // {{3, -1}, {-1, 5}, {4, 5}}
    CHECK(t.argmin() == 1);
    CHECK(t.argmax() == 3);
}

TEST_CASE("Array axis reductions", "[array]") {
    // x(i, j, k) = sin(i + 2j + 3k) * 10 + k, shape {2, 3, 4}.
    const Shape shape{2, 3, 4};
    Array x(shape);
    for (std::size_t i = 0; i < 2; ++i)
        for (std::size_t j = 0; j < 3; ++j)
            for (std::size_t k = 0; k < 4; ++k) {
                const std::size_t idx[3] = {i, j, k};
                x.at(idx) = std::sin(static_cast<double>(i + 2 * j + 3 * k)) * 10 + static_cast<double>(k);
            }

    using R = Array::Reduction;
    for (std::size_t axis = 0; axis < 3; ++axis) {
        INFO("axis " << axis);
        Shape out_shape = shape;
        out_shape.erase(out_shape.begin() + static_cast<std::ptrdiff_t>(axis));
        const Array sum = x.reduce(axis, R::sum), mean = x.reduce(axis, R::mean);
        const Array var0 = x.reduce(axis, R::var), var1 = x.reduce(axis, R::var, 1);
        const Array sd1 = x.reduce(axis, R::std, 1);
        const Array mn = x.reduce(axis, R::min), mx = x.reduce(axis, R::max);
        CHECK(sum.shape() == out_shape);
        CHECK(var1.shape() == out_shape);
        const std::size_t len = shape[axis];
        // Independent loops over every output position.
        for (std::size_t p = 0; p < out_shape[0]; ++p)
            for (std::size_t q = 0; q < out_shape[1]; ++q) {
                std::vector<double> lane;
                for (std::size_t r = 0; r < len; ++r) {
                    std::vector<std::size_t> idx{p, q};
                    idx.insert(idx.begin() + static_cast<std::ptrdiff_t>(axis), r);
                    lane.push_back(x.at(idx));
                }
                double s = 0, lo = lane[0], hi = lane[0];
                for (double e : lane) {
                    s += e;
                    lo = std::min(lo, e);
                    hi = std::max(hi, e);
                }
                const double m = s / static_cast<double>(len);
                double ss = 0;
                for (double e : lane) ss += (e - m) * (e - m);
                const std::size_t out_idx[2] = {p, q};
                CHECK(sum.at(out_idx) == Approx(s).margin(1e-12));
                CHECK(mean.at(out_idx) == Approx(m).margin(1e-12));
                CHECK(var0.at(out_idx) == Approx(ss / static_cast<double>(len)).margin(1e-12));
                CHECK(var1.at(out_idx) == Approx(ss / static_cast<double>(len - 1)).margin(1e-12));
                CHECK(sd1.at(out_idx) == Approx(std::sqrt(ss / static_cast<double>(len - 1))).margin(1e-12));
                CHECK(mn.at(out_idx) == lo);
                CHECK(mx.at(out_idx) == hi);
            }
    }

    // On a transposed view, axis a of the view is axis (ndim - 1 - a) of the original.
    const Array tx = x.transpose(); // shape {4, 3, 2}
    CHECK(tx.reduce(0, R::sum).to_vector() == x.reduce(2, R::sum).transpose().to_vector());
    CHECK(tx.reduce(2, R::max).to_vector() == x.reduce(0, R::max).transpose().to_vector());

    // Simple exact cases.
    const Array m = iota({2, 3});
    CHECK(m.reduce(0, R::sum).to_vector() == std::vector<double>{3, 5, 7});
    CHECK(m.reduce(1, R::sum).to_vector() == std::vector<double>{3, 12});
    CHECK(m.reduce(1, R::mean).to_vector() == std::vector<double>{1, 4});
    CHECK(m.reduce(0, R::min).to_vector() == std::vector<double>{0, 1, 2});
    CHECK(m.reduce(1, R::max).to_vector() == std::vector<double>{2, 5});
    CHECK(iota({4}).reduce(0, R::sum).shape().empty()); // 1-D -> 0-D
    CHECK(iota({4}).reduce(0, R::sum).flat(0) == 6);

    // Empty axes: the sum is 0 per lane, other reductions need elements.
    CHECK(Array(Shape{0, 3}).reduce(0, R::sum).to_vector() == std::vector<double>{0, 0, 0});
    CHECK_THROWS_MATCHES(Array(Shape{0, 3}).reduce(0, R::mean), ConfigError,
                         Catch::Matchers::Message("the array is empty along that axis"));
    CHECK_THROWS_MATCHES(m.reduce(2, R::sum), ConfigError,
                         Catch::Matchers::Message("axis 3 out of range for a 2-D array"));
}

TEST_CASE("Array broadcasting shapes and arithmetic", "[array]") {
    using chaoslab::broadcast_shapes;
    CHECK(broadcast_shapes({2, 3}, {3}) == Shape{2, 3});
    CHECK(broadcast_shapes({3}, {2, 3}) == Shape{2, 3});
    CHECK(broadcast_shapes({2, 1}, {1, 3}) == Shape{2, 3});
    CHECK(broadcast_shapes({4, 1, 3}, {2, 1}) == Shape{4, 2, 3});
    CHECK(broadcast_shapes({0}, {1}) == Shape{0});
    CHECK(broadcast_shapes({5}, {5}) == Shape{5});
    CHECK(broadcast_shapes({}, {2, 3}) == Shape{2, 3});
    CHECK_THROWS_MATCHES(broadcast_shapes({2, 3}, {2}), ConfigError,
                         Catch::Matchers::Message("shapes {2, 3} and {2} do not broadcast"));
    CHECK_THROWS_MATCHES(broadcast_shapes({4, 2, 3}, {3, 3}), ConfigError,
                         Catch::Matchers::Message("shapes {4, 2, 3} and {3, 3} do not broadcast"));
    CHECK_THROWS_MATCHES(Array::zip(iota({3}), iota({4}), plus), ConfigError,
                         Catch::Matchers::Message("shapes {3} and {4} do not broadcast"));

    const Array m = iota({2, 3}); // {{0, 1, 2}, {3, 4, 5}}
    const Array v = Array::from_vector({10, 20, 30});
    const Array col = Array::from_vector({100, 200}, {2, 1});
    const Array mv = Array::zip(m, v, plus);
    CHECK(mv.shape() == Shape{2, 3});
    CHECK(mv.to_vector() == std::vector<double>{10, 21, 32, 13, 24, 35});
    CHECK(Array::zip(v, m, minus).to_vector() == std::vector<double>{10, 19, 28, 7, 16, 25});
    CHECK(Array::zip(col, v, plus).to_vector() == std::vector<double>{110, 120, 130, 210, 220, 230});
    CHECK(Array::zip(m, col, times).to_vector() == std::vector<double>{0, 100, 200, 600, 800, 1000});
    CHECK_FALSE(mv.shares_storage(m));

    // Operands that are views: a transpose and a strided slice.
    const Array t = m.transpose(); // {{0, 3}, {1, 4}, {2, 5}}
    CHECK(Array::zip(t, Array::from_vector({1, 2}), times).to_vector() == std::vector<double>{0, 6, 1, 8, 2, 10});
    const Array odd = iota({6}).slice(1, 6, 2); // {1, 3, 5}
    CHECK(Array::zip(m, odd, plus).to_vector() == std::vector<double>{1, 4, 7, 4, 7, 10});

    // 3-D with a 2-D operand.
    const Array x = iota({2, 3, 4});
    const Array y = Array::from_vector({1000, 2000, 3000}, {3, 1});
    const Array z = Array::zip(x, y, plus);
    CHECK(z.shape() == Shape{2, 3, 4});
    for (std::size_t i = 0; i < 2; ++i)
        for (std::size_t j = 0; j < 3; ++j)
            for (std::size_t k = 0; k < 4; ++k) CHECK(get(z, {i, j, k}) == get(x, {i, j, k}) + get(y, {j, 0}));

    CHECK(m.map(square).to_vector() == std::vector<double>{0, 1, 4, 9, 16, 25});
    CHECK(t.map(square).to_vector() == std::vector<double>{0, 9, 1, 16, 4, 25});
    CHECK(m.map_scalar(10, minus, false).to_vector() == std::vector<double>{-10, -9, -8, -7, -6, -5});
    CHECK(m.map_scalar(10, minus, true).to_vector() == std::vector<double>{10, 9, 8, 7, 6, 5});
}

TEST_CASE("Array min/max propagate NaN", "[array]") {
    const Array a = Array::from_vector({1, -5, kNaN, 7});
    CHECK(std::isnan(a.min()));
    CHECK(std::isnan(a.max()));
    CHECK(a.argmin() == 2);
    CHECK(a.argmax() == 2);
    const Array first = Array::from_vector({kNaN, -5, 7});
    CHECK(std::isnan(first.min()));
    CHECK(std::isnan(first.max()));
    CHECK(first.argmax() == 0);
    CHECK(std::isnan(a.sum()));
    CHECK(std::isnan(a.mean()));

    // Along an axis only the lanes holding a NaN become NaN.
    const Array m = Array::from_vector({1, kNaN, 3, 4, 5, 6}, {2, 3});
    const Array col_min = m.reduce(0, Array::Reduction::min);
    CHECK(col_min.flat(0) == 1);
    CHECK(std::isnan(col_min.flat(1)));
    CHECK(col_min.flat(2) == 3);
    const Array row_max = m.reduce(1, Array::Reduction::max);
    CHECK(std::isnan(row_max.flat(0)));
    CHECK(row_max.flat(1) == 6);
}

TEST_CASE("Array for_each visits views in row-major order", "[array]") {
    const Array t = iota({2, 3}).transpose();
    std::vector<double> seen;
    t.for_each([&](double x) { seen.push_back(x); });
    CHECK(seen == std::vector<double>{0, 3, 1, 4, 2, 5});
    Array s = iota({6}).slice(0, 6, 3);
    s.for_each([](double& x) { x = -x - 1; });
    CHECK(s.to_vector() == std::vector<double>{-1, -4});
}
