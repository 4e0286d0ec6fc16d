// Storage, views, reductions and broadcasting arithmetic of chaoslab::Array.
#include "core/array.hpp"

#include "core/errors.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <numeric>
#include <stdexcept>

namespace chaoslab {

namespace {

std::vector<std::ptrdiff_t> row_major_strides(const Shape& shape) {
    std::vector<std::ptrdiff_t> s(shape.size());
    std::ptrdiff_t step = 1;
    for (std::size_t i = shape.size(); i-- > 0;) {
        s[i] = step;
        step *= static_cast<std::ptrdiff_t>(shape[i]);
    }
    return s;
}

std::size_t product(const Shape& shape) {
    return std::accumulate(shape.begin(), shape.end(), std::size_t{1}, std::multiplies<>());
}

// Calls f(p[0], ..., p[K-1]) for each position of `shape` in row-major order, where operand k
// starts at base[k] and moves by strides[k]. The innermost axis is a plain loop.
template <std::size_t K, class F>
void walk(const Shape& shape, std::array<double*, K> base, std::array<const std::ptrdiff_t*, K> strides, F&& f) {
    if (product(shape) == 0) return;
    const std::size_t nd = shape.size();
    if (nd == 0) {
        std::apply([&](auto*... p) { f(*p...); }, base);
        return;
    }
    std::vector<std::size_t> idx(nd, 0);
    const std::size_t inner = shape[nd - 1];
    std::array<std::ptrdiff_t, K> step{};
    for (std::size_t k = 0; k < K; ++k) step[k] = strides[k][nd - 1];
    for (;;) {
        for (std::size_t j = 0; j < inner; ++j) {
            [&]<std::size_t... I>(std::index_sequence<I...>) {
                f(base[I][static_cast<std::ptrdiff_t>(j) * step[I]]...);
            }
            (std::make_index_sequence<K>{});
        }
        std::ptrdiff_t ax = static_cast<std::ptrdiff_t>(nd) - 2;
        for (; ax >= 0; --ax) {
            const auto a = static_cast<std::size_t>(ax);
            ++idx[a];
            for (std::size_t k = 0; k < K; ++k) base[k] += strides[k][a];
            if (idx[a] < shape[a]) break;
            for (std::size_t k = 0; k < K; ++k) base[k] -= strides[k][a] * static_cast<std::ptrdiff_t>(shape[a]);
            idx[a] = 0;
        }
        if (ax < 0) return;
    }
}

// Pairwise summation of g(0..n-1): error O(log n) instead of O(n), fixed order.
template <class G> double pairwise_sum(std::size_t lo, std::size_t hi, const G& g) {
    if (hi - lo <= 128) {
        double s = 0.0;
        for (std::size_t i = lo; i < hi; ++i) s += g(i);
        return s;
    }
    const std::size_t mid = lo + (hi - lo) / 2;
    return pairwise_sum(lo, mid, g) + pairwise_sum(mid, hi, g);
}

double sum_of(const std::vector<double>& v) {
    return pairwise_sum(0, v.size(), [&](std::size_t i) { return v[i]; });
}

double var_of(const std::vector<double>& v, std::size_t ddof) {
    if (v.size() <= ddof) return std::numeric_limits<double>::quiet_NaN();
    const double m = sum_of(v) / static_cast<double>(v.size());
    const double ss = pairwise_sum(0, v.size(), [&](std::size_t i) { return (v[i] - m) * (v[i] - m); });
    return ss / static_cast<double>(v.size() - ddof);
}

// Position of the extreme value; the first NaN wins, as in NumPy.
template <class Better> std::size_t arg_extreme(const std::vector<double>& v, Better better) {
    if (v.empty()) throw ConfigError("the array is empty");
    std::size_t best = 0;
    for (std::size_t i = 0; i < v.size(); ++i) {
        if (std::isnan(v[i])) return i;
        if (better(v[i], v[best])) best = i;
    }
    return best;
}

} // namespace

std::string Array::shape_text(const Shape& shape) {
    std::string s = "{";
    for (std::size_t i = 0; i < shape.size(); ++i) s += (i ? ", " : "") + std::to_string(shape[i]);
    return s + "}";
}

Array::Array() : buffer_(std::make_shared<std::vector<double>>()), shape_{0}, strides_{1} {}

Array::Array(Shape shape, double fill_value)
    : buffer_(std::make_shared<std::vector<double>>(product(shape), fill_value)), shape_(std::move(shape)),
      strides_(row_major_strides(shape_)) {}

Array Array::from_vector(std::vector<double> values, Shape shape) {
    if (shape.empty()) shape = {values.size()};
    if (product(shape) != values.size())
        throw ConfigError("shape " + shape_text(shape) + " needs " + std::to_string(product(shape)) + " values, got " +
                          std::to_string(values.size()));
    Array a;
    a.buffer_ = std::make_shared<std::vector<double>>(std::move(values));
    a.shape_ = std::move(shape);
    a.strides_ = row_major_strides(a.shape_);
    return a;
}

Array Array::linspace(double a, double b, std::size_t n) {
    std::vector<double> v(n);
    for (std::size_t i = 0; i < n; ++i)
        v[i] = n == 1 ? a : a + (b - a) * static_cast<double>(i) / static_cast<double>(n - 1);
    if (n > 1) v[n - 1] = b; // exact end point despite rounding
    return from_vector(std::move(v));
}

Array Array::range(double a, double b, double step) {
    if (step == 0.0 || !std::isfinite(step)) throw ConfigError("step must be finite and non-zero");
    const double count = std::floor((b - a) / step + 1e-10) + 1.0;
    if (count > 1e10) throw ConfigError("range would have " + format_number(count) + " elements");
    const std::size_t n = count > 0 ? static_cast<std::size_t>(count) : 0;
    std::vector<double> v(n);
    for (std::size_t i = 0; i < n; ++i) v[i] = a + step * static_cast<double>(i);
    return from_vector(std::move(v));
}

std::size_t Array::size() const { return product(shape_); }

bool Array::contiguous() const {
    const auto rm = row_major_strides(shape_);
    for (std::size_t i = 0; i < shape_.size(); ++i)
        if (shape_[i] != 1 && strides_[i] != rm[i]) return false;
    return true;
}

double& Array::at(std::span<const std::size_t> index) {
    std::ptrdiff_t pos = static_cast<std::ptrdiff_t>(offset_);
    for (std::size_t i = 0; i < index.size(); ++i) pos += static_cast<std::ptrdiff_t>(index[i]) * strides_[i];
    return (*buffer_)[static_cast<std::size_t>(pos)];
}

double Array::at(std::span<const std::size_t> index) const { return const_cast<Array*>(this)->at(index); }

double& Array::flat(std::size_t k) {
    std::ptrdiff_t pos = static_cast<std::ptrdiff_t>(offset_);
    for (std::size_t i = shape_.size(); i-- > 0;) {
        pos += static_cast<std::ptrdiff_t>(k % shape_[i]) * strides_[i];
        k /= shape_[i];
    }
    return (*buffer_)[static_cast<std::size_t>(pos)];
}

double Array::flat(std::size_t k) const { return const_cast<Array*>(this)->flat(k); }

Array Array::row(std::size_t i) const {
    Array r = *this;
    r.offset_ += i * static_cast<std::size_t>(strides_[0]);
    r.shape_.erase(r.shape_.begin());
    r.strides_.erase(r.strides_.begin());
    return r;
}

Array Array::slice(std::size_t begin, std::size_t end, std::size_t step) const {
    Array r = *this;
    const std::size_t n = end > begin ? (end - begin + step - 1) / step : 0;
    if (n > 0) r.offset_ += begin * static_cast<std::size_t>(strides_[0]);
    r.shape_[0] = n;
    r.strides_[0] *= static_cast<std::ptrdiff_t>(step);
    return r;
}

Array Array::transpose() const {
    Array r = *this;
    std::reverse(r.shape_.begin(), r.shape_.end());
    std::reverse(r.strides_.begin(), r.strides_.end());
    return r;
}

Array Array::reshape(Shape shape) const {
    if (product(shape) != size())
        throw ConfigError("cannot reshape " + std::to_string(size()) + " elements into shape " + shape_text(shape));
    Array r = contiguous() ? *this : copy();
    r.shape_ = std::move(shape);
    r.strides_ = row_major_strides(r.shape_);
    return r;
}

template <class F> void Array::visit(F&& f) const {
    double* base = buffer_->data() + offset_;
    walk<1>(shape_, {base}, {strides_.data()}, f);
}

std::vector<double> Array::to_vector() const {
    if (contiguous()) {
        const double* p = data();
        return std::vector<double>(p, p + size());
    }
    std::vector<double> v;
    v.reserve(size());
    visit([&](double x) { v.push_back(x); });
    return v;
}

Array Array::copy() const { return from_vector(to_vector(), shape_); }

void Array::fill(double x) {
    visit([&](double& e) { e = x; });
}

void Array::assign(const Array& src) {
    if (src.shape_ != shape_)
        throw ConfigError("shape " + shape_text(src.shape_) + " does not match " + shape_text(shape_));
    const Array tmp = src.shares_storage(*this) ? src.copy() : src; // overlapping views copy first
    walk<2>(shape_, {buffer_->data() + offset_, tmp.buffer_->data() + tmp.offset_},
            {strides_.data(), tmp.strides_.data()}, [](double& d, double s) { d = s; });
}

double* Array::data() { return contiguous() ? buffer_->data() + offset_ : nullptr; }
const double* Array::data() const { return contiguous() ? buffer_->data() + offset_ : nullptr; }

double Array::sum() const {
    if (const double* p = data()) return pairwise_sum(0, size(), [p](std::size_t i) { return p[i]; });
    return sum_of(to_vector());
}

double Array::mean() const {
    if (size() == 0) throw ConfigError("the array is empty");
    return sum() / static_cast<double>(size());
}

double Array::var(std::size_t ddof) const {
    if (size() <= ddof)
        throw ConfigError("variance with ddof=" + std::to_string(ddof) + " needs more than " + std::to_string(ddof) +
                          " elements, got " + std::to_string(size()));
    if (const double* p = data()) { // contiguous: two passes over the storage, no copy
        const std::size_t n = size();
        const double m = pairwise_sum(0, n, [p](std::size_t i) { return p[i]; }) / static_cast<double>(n);
        return pairwise_sum(0, n, [p, m](std::size_t i) { return (p[i] - m) * (p[i] - m); }) /
               static_cast<double>(n - ddof);
    }
    return var_of(to_vector(), ddof);
}

double Array::min() const {
    const auto v = to_vector();
    return v[arg_extreme(v, std::less<>())];
}
double Array::max() const {
    const auto v = to_vector();
    return v[arg_extreme(v, std::greater<>())];
}
std::size_t Array::argmin() const { return arg_extreme(to_vector(), std::less<>()); }
std::size_t Array::argmax() const { return arg_extreme(to_vector(), std::greater<>()); }

Array Array::reduce(std::size_t axis, Reduction op, std::size_t ddof) const {
    if (axis >= ndim())
        throw ConfigError("axis " + std::to_string(axis + 1) + " out of range for a " + std::to_string(ndim()) +
                          "-D array");
    const std::size_t len = shape_[axis];
    if (len == 0 && op != Reduction::sum) throw ConfigError("the array is empty along that axis");
    if ((op == Reduction::var || op == Reduction::std) && len <= ddof)
        throw ConfigError("variance with ddof=" + std::to_string(ddof) + " needs more than " + std::to_string(ddof) +
                          " elements, got " + std::to_string(len));
    Shape out_shape = shape_;
    out_shape.erase(out_shape.begin() + static_cast<std::ptrdiff_t>(axis));
    // Move the reduced axis last, then each output element is one contiguous-in-index lane.
    Array moved = *this;
    moved.shape_.erase(moved.shape_.begin() + static_cast<std::ptrdiff_t>(axis));
    moved.strides_.erase(moved.strides_.begin() + static_cast<std::ptrdiff_t>(axis));
    moved.shape_.push_back(len);
    moved.strides_.push_back(strides_[axis]);
    Array out(out_shape);
    std::vector<double> lane(len);
    const std::size_t n_out = out.size();
    for (std::size_t k = 0; k < n_out; ++k) {
        for (std::size_t j = 0; j < len; ++j) lane[j] = moved.flat(k * len + j);
        double r = 0.0;
        switch (op) {
        case Reduction::sum:
            r = sum_of(lane);
            break;
        case Reduction::mean:
            r = sum_of(lane) / static_cast<double>(len);
            break;
        case Reduction::var:
            r = var_of(lane, ddof);
            break;
        case Reduction::std:
            r = std::sqrt(var_of(lane, ddof));
            break;
        case Reduction::min:
            r = lane[arg_extreme(lane, std::less<>())];
            break;
        case Reduction::max:
            r = lane[arg_extreme(lane, std::greater<>())];
            break;
        }
        out.flat(k) = r;
    }
    return out;
}

Shape broadcast_shapes(const Shape& a, const Shape& b) {
    const std::size_t nd = std::max(a.size(), b.size());
    Shape out(nd);
    for (std::size_t i = 0; i < nd; ++i) {
        const std::size_t da = i < nd - a.size() ? 1 : a[i - (nd - a.size())];
        const std::size_t db = i < nd - b.size() ? 1 : b[i - (nd - b.size())];
        if (da != db && da != 1 && db != 1)
            throw ConfigError("shapes " + Array::shape_text(a) + " and " + Array::shape_text(b) + " do not broadcast");
        out[i] = da == 1 ? db : da;
    }
    return out;
}

Array Array::broadcast_to(const Shape& shape) const {
    Array r = *this;
    const std::size_t pad = shape.size() - shape_.size();
    r.shape_ = shape;
    r.strides_.assign(shape.size(), 0);
    for (std::size_t i = 0; i < shape_.size(); ++i)
        r.strides_[pad + i] = shape_[i] == 1 && shape[pad + i] != 1 ? 0 : strides_[i];
    return r;
}

template <class F> Array Array::zip_with(const Array& a, const Array& b, F f) {
    const Shape shape = broadcast_shapes(a.shape_, b.shape_);
    Array out(shape);
    if (a.shape_ == shape && b.shape_ == shape && a.contiguous() && b.contiguous()) {
        const double* x = a.data();
        const double* y = b.data();
        double* o = out.data();
        const std::size_t n = out.size();
        for (std::size_t i = 0; i < n; ++i) o[i] = f(x[i], y[i]);
        return out;
    }
    const Array ba = a.broadcast_to(shape), bb = b.broadcast_to(shape);
    walk<3>(shape, {out.buffer_->data(), ba.buffer_->data() + ba.offset_, bb.buffer_->data() + bb.offset_},
            {out.strides_.data(), ba.strides_.data(), bb.strides_.data()},
            [&f](double& o, double x, double y) { o = f(x, y); });
    return out;
}

template <class F> Array Array::map_with(F f) const {
    Array out(shape_);
    if (contiguous()) {
        const double* x = data();
        double* o = out.data();
        const std::size_t n = out.size();
        for (std::size_t i = 0; i < n; ++i) o[i] = f(x[i]);
        return out;
    }
    walk<2>(shape_, {out.buffer_->data(), buffer_->data() + offset_}, {out.strides_.data(), strides_.data()},
            [&f](double& o, double x) { o = f(x); });
    return out;
}

namespace {

double lua_mod(double x, double y) { // Lua's floored modulo (luai_nummod): the sign of the divisor
    double m = std::fmod(x, y);
    if ((m > 0) ? y < 0 : (m < 0 && y > 0)) m += y; // fmod truncates; floor when signs differ
    return m;
}

// Calls body(op-as-a-lambda): each case instantiates its own loop, so + - * / inline and vectorise.
template <class Body> Array with_binary(Array::BinaryOp op, Body&& body) {
    switch (op) {
    case Array::BinaryOp::add:
        return body([](double x, double y) { return x + y; });
    case Array::BinaryOp::sub:
        return body([](double x, double y) { return x - y; });
    case Array::BinaryOp::mul:
        return body([](double x, double y) { return x * y; });
    case Array::BinaryOp::div:
        return body([](double x, double y) { return x / y; });
    case Array::BinaryOp::pow:
        return body([](double x, double y) { return std::pow(x, y); });
    case Array::BinaryOp::mod:
        return body(lua_mod);
    }
    throw std::logic_error("unknown binary operation");
}

} // namespace

Array Array::zip(const Array& a, const Array& b, BinaryOp op) {
    return with_binary(op, [&](auto f) { return zip_with(a, b, f); });
}

Array Array::map_scalar(double s, BinaryOp op, bool scalar_first) const {
    return with_binary(op, [&](auto f) {
        return scalar_first ? map_with([f, s](double x) { return f(s, x); })
                            : map_with([f, s](double x) { return f(x, s); });
    });
}

Array Array::map(UnaryOp op) const {
    switch (op) {
    case UnaryOp::neg:
        return map_with([](double x) { return -x; });
    case UnaryOp::abs:
        return map_with([](double x) { return std::fabs(x); });
    case UnaryOp::sqrt:
        return map_with([](double x) { return std::sqrt(x); });
    case UnaryOp::exp:
        return map_with([](double x) { return std::exp(x); });
    case UnaryOp::log:
        return map_with([](double x) { return std::log(x); });
    case UnaryOp::tanh:
        return map_with([](double x) { return std::tanh(x); });
    }
    throw std::logic_error("unknown unary operation");
}

Array Array::zip(const Array& a, const Array& b, double (*op)(double, double)) { return zip_with(a, b, op); }

Array Array::map(double (*op)(double)) const { return map_with(op); }

Array Array::map_scalar(double s, double (*op)(double, double), bool scalar_first) const {
    return scalar_first ? map_with([op, s](double x) { return op(s, x); })
                        : map_with([op, s](double x) { return op(x, s); });
}

void Array::for_each(const std::function<void(double&)>& f) {
    visit([&](double& e) { f(e); });
}

void Array::for_each(const std::function<void(double)>& f) const {
    visit([&](double e) { f(e); });
}

} // namespace chaoslab
