// chaoslab::Array: an N-dimensional, row-major array of doubles with shared storage, so slices
// and rows are views (no copy) and large data never passes through Lua tables.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <span>
#include <string>
#include <vector>

namespace chaoslab {

using Shape = std::vector<std::size_t>;

class Array {
public:
    // An empty 1-D array.
    Array();
    // A new contiguous array of `shape`, every element `fill`.
    explicit Array(Shape shape, double fill = 0.0);
    // Takes ownership of `values`; an empty shape means 1-D of values.size().
    static Array from_vector(std::vector<double> values, Shape shape = {});
    static Array linspace(double a, double b, std::size_t n);
    // a, a+step, ... up to and including b (within 1e-10 of a step), like Lua's numeric for.
    static Array range(double a, double b, double step);

    const Shape& shape() const { return shape_; }
    const std::vector<std::ptrdiff_t>& strides() const { return strides_; }
    std::size_t ndim() const { return shape_.size(); }
    std::size_t size() const; // number of elements
    bool contiguous() const;
    // Bytes of the underlying storage, and whether this array is its only user (a fresh result).
    std::size_t storage_bytes() const { return buffer_->size() * sizeof(double); }
    bool sole_owner() const { return buffer_.use_count() == 1; }
    // True when this and `other` view the same storage.
    bool shares_storage(const Array& other) const { return buffer_ == other.buffer_; }

    // Element by 0-based multi-index (size must equal ndim; bounds checked by the caller).
    double& at(std::span<const std::size_t> index);
    double at(std::span<const std::size_t> index) const;
    // Element by 0-based position in row-major order of this view.
    double flat(std::size_t k) const;
    double& flat(std::size_t k);

    // Views that share storage.
    Array row(std::size_t i) const;                                              // drops axis 0 (ndim >= 2)
    Array slice(std::size_t begin, std::size_t end, std::size_t step = 1) const; // axis 0, [begin, end)
    Array transpose() const;                                                     // reverses the axes
    // Same elements in a new shape: a view when contiguous, else a copy. Sizes must agree.
    Array reshape(Shape shape) const;

    Array copy() const;                    // contiguous deep copy
    std::vector<double> to_vector() const; // row-major copy
    void fill(double x);
    void assign(const Array& src); // element-wise copy, shapes must be equal

    // Pointer to the first element when contiguous (nullptr otherwise).
    double* data();
    const double* data() const;

    // Reductions over all elements (pairwise summation: accurate and independent of threads).
    double sum() const;
    double mean() const;
    double var(std::size_t ddof = 0) const;
    double min() const;
    double max() const;
    std::size_t argmin() const; // row-major position of the first minimum
    std::size_t argmax() const;
    // The same reductions along one axis (0-based); the result drops that axis.
    enum class Reduction { sum, mean, var, std, min, max };
    Array reduce(std::size_t axis, Reduction op, std::size_t ddof = 0) const;

    // Element-wise arithmetic with NumPy broadcasting (trailing axes aligned; size-1 axes stretch).
    // The enum forms are the fast ones (the operation is chosen once, loops vectorise); mod is
    // Lua's floored modulo. The function-pointer forms take any operation.
    enum class BinaryOp { add, sub, mul, div, pow, mod };
    enum class UnaryOp { neg, abs, sqrt, exp, log, tanh };
    static Array zip(const Array& a, const Array& b, BinaryOp op);
    Array map(UnaryOp op) const;
    Array map_scalar(double s, BinaryOp op, bool scalar_first) const;
    static Array zip(const Array& a, const Array& b, double (*op)(double, double));
    Array map(double (*op)(double)) const;
    Array map_scalar(double s, double (*op)(double, double), bool scalar_first) const;

    // Calls f(double&) on every element in row-major order.
    void for_each(const std::function<void(double&)>& f);
    void for_each(const std::function<void(double)>& f) const;

    // "shape {2, 3}" style description for messages.
    static std::string shape_text(const Shape& shape);

private:
    std::shared_ptr<std::vector<double>> buffer_;
    std::size_t offset_ = 0;
    Shape shape_;
    std::vector<std::ptrdiff_t> strides_; // in elements; 0 on broadcast axes

    Array broadcast_to(const Shape& shape) const;
    template <class F> void visit(F&& f) const;
    template <class F> static Array zip_with(const Array& a, const Array& b, F f);
    template <class F> Array map_with(F f) const;
};

// The broadcast shape of two shapes, or throws ConfigError naming both.
Shape broadcast_shapes(const Shape& a, const Shape& b);

} // namespace chaoslab
