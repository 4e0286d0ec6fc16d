// HDF5 CSR connectomes (scipy.sparse's layout): datasets indptr, indices (0-based), data, a
// 'shape' attribute or dataset, optional ids/types/regions; reader and writer.
#include "io/connectome_formats.hpp"

#include "core/errors.hpp"
#include "io/h5_lock.hpp"
#include "io/h5_util.hpp"

#include <hdf5.h>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <mutex>
#include <numeric>

namespace chaoslab::connectome_detail {

namespace {
const std::string kRead = "connectome.read";
using h5::Handle;

// Reads of one file, with messages "connectome.read: 'x.h5': dataset 'indptr' ...".
class CsrFile {
public:
    CsrFile(const std::string& path, hid_t group, std::string prefix)
        : path_(path), group_(group), prefix_(std::move(prefix)) {}

    [[noreturn]] void fail(const std::string& msg) const { throw ConfigError(kRead + ": '" + path_ + "': " + msg); }
    std::string name(const char* what) const { return "dataset '" + prefix_ + what + "'"; }
    bool has(const char* what) const { return H5Lexists(group_, what, H5P_DEFAULT) > 0; }

    Handle open(const char* what) const {
        if (!has(what)) fail("has no " + name(what) + " (a CSR connectome needs indptr, indices and data)");
        const hid_t d = H5Dopen2(group_, what, H5P_DEFAULT);
        if (d < 0) fail(name(what) + " is not a dataset");
        return Handle(d, H5Dclose, "open " + name(what));
    }

    // A 1-D numeric dataset or attribute as int64: integer types directly, floats when integral.
    std::vector<std::int64_t> integers(hid_t obj, bool attribute, const std::string& label) const {
        const H5T_class_t cls = value_class(obj, attribute, label);
        const std::size_t count = count_1d(obj, attribute, label);
        std::vector<std::int64_t> out(count);
        if (count == 0) return out;
        if (cls == H5T_INTEGER) {
            h5::check(attribute ? H5Aread(obj, H5T_NATIVE_INT64, out.data())
                                : H5Dread(obj, H5T_NATIVE_INT64, H5S_ALL, H5S_ALL, H5P_DEFAULT, out.data()),
                      "read " + label);
            return out;
        }
        std::vector<hsize_t> dims;
        const std::vector<double> x = h5::read_numbers(obj, attribute, dims);
        for (std::size_t k = 0; k < count; ++k) {
            // The range test first: converting a double outside int64 is undefined behaviour.
            if (!(x[k] >= -9.2e18 && x[k] <= 9.2e18) || std::floor(x[k]) != x[k]) {
                fail(label + " must hold integers, but entry " + std::to_string(k) + " is " + format_weight(x[k]));
            }
            out[k] = static_cast<std::int64_t>(x[k]);
        }
        return out;
    }

    std::vector<double> reals(hid_t obj, const std::string& label) const {
        (void)value_class(obj, false, label);
        (void)count_1d(obj, false, label);
        std::vector<hsize_t> dims;
        return h5::read_numbers(obj, false, dims);
    }

    std::vector<std::string> strings(hid_t obj, const std::string& label) const {
        if (!h5::is_string(obj, false)) fail(label + " must hold strings");
        (void)count_1d(obj, false, label);
        return h5::read_strings(obj, false);
    }

private:
    H5T_class_t value_class(hid_t obj, bool attribute, const std::string& label) const {
        Handle type(attribute ? H5Aget_type(obj) : H5Dget_type(obj), H5Tclose, "read the type of " + label);
        const H5T_class_t cls = H5Tget_class(type);
        if (cls != H5T_INTEGER && cls != H5T_FLOAT) fail(label + " must hold numbers");
        return cls;
    }

    std::size_t count_1d(hid_t obj, bool attribute, const std::string& label) const {
        Handle space(attribute ? H5Aget_space(obj) : H5Dget_space(obj), H5Sclose, "read the shape of " + label);
        if (H5Sget_simple_extent_ndims(space) != 1) fail(label + " must be one-dimensional");
        return static_cast<std::size_t>(H5Sget_simple_extent_npoints(space));
    }

    const std::string& path_;
    hid_t group_;
    std::string prefix_;
};

// Walks `group` ("/", "net", "/a/b") one link at a time, so a missing part is reported by name.
std::string normalise_group(const std::string& group) {
    std::string g = group;
    while (!g.empty() && g.front() == '/') g.erase(g.begin());
    while (!g.empty() && g.back() == '/') g.pop_back();
    return g;
}

void write_int64(hid_t loc, const char* name, const std::vector<std::int64_t>& x, bool attribute) {
    const hsize_t dims[1] = {x.size()};
    Handle space(H5Screate_simple(1, dims, nullptr), H5Sclose, "make a dataspace");
    if (attribute) {
        Handle a(H5Acreate2(loc, name, H5T_STD_I64LE, space, H5P_DEFAULT, H5P_DEFAULT), H5Aclose,
                 std::string("create ") + name);
        if (!x.empty()) h5::check(H5Awrite(a, H5T_NATIVE_INT64, x.data()), std::string("write ") + name);
        return;
    }
    Handle d(H5Dcreate2(loc, name, H5T_STD_I64LE, space, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT), H5Dclose,
             std::string("create ") + name);
    if (!x.empty()) {
        h5::check(H5Dwrite(d, H5T_NATIVE_INT64, H5S_ALL, H5S_ALL, H5P_DEFAULT, x.data()), std::string("write ") + name);
    }
}
} // namespace

namespace {
MatrixRead read_csr(const std::string& path, const std::string& group, Orientation orientation);
} // namespace

MatrixRead read_h5_csr(const std::string& path, const std::string& group, Orientation orientation) {
    try {
        return read_csr(path, group, orientation);
    } catch (const ConfigError&) {
        throw;
    } catch (const Error& e) {
        // A failure inside HDF5 ("HDF5: cannot read ..."): a damaged file; say which.
        throw ConfigError(kRead + ": '" + path + "': " + e.what() + " (a damaged file?)");
    }
}

namespace {
MatrixRead read_csr(const std::string& path, const std::string& group, Orientation orientation) {
    {
        // The same "cannot open" wording as the text formats (errno's reason).
        std::FILE* f = std::fopen(path.c_str(), "rb");
        if (!f) throw ConfigError(kRead + ": cannot open '" + path + "': " + std::strerror(errno));
        std::fclose(f);
    }
    std::lock_guard<std::mutex> lock(h5_mutex());
    if (H5Fis_hdf5(path.c_str()) <= 0) throw ConfigError(kRead + ": '" + path + "' is not an HDF5 file");
    const hid_t fid = H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
    if (fid < 0) throw ConfigError(kRead + ": '" + path + "' is damaged or truncated: HDF5 cannot open it");
    Handle file(fid, H5Fclose, "open " + path);
    const std::string g = normalise_group(group);
    std::string walked;
    for (std::size_t pos = 0; pos < g.size();) {
        const std::size_t slash = g.find('/', pos);
        walked = g.substr(0, slash);
        if (H5Lexists(file, walked.c_str(), H5P_DEFAULT) <= 0)
            throw ConfigError(kRead + ": '" + path + "' has no group '" + walked + "'");
        pos = slash == std::string::npos ? g.size() : slash + 1;
    }
    const hid_t gid = H5Gopen2(file, g.empty() ? "/" : g.c_str(), H5P_DEFAULT);
    if (gid < 0) throw ConfigError(kRead + ": '" + path + "': '" + g + "' is not a group");
    Handle grp(gid, H5Gclose, "open group " + g);
    const CsrFile f(path, grp, g.empty() ? "" : g + "/");

    std::vector<std::int64_t> indptr, indices;
    std::vector<double> data;
    {
        Handle d = f.open("indptr");
        indptr = f.integers(d, false, f.name("indptr"));
    }
    {
        Handle d = f.open("indices");
        indices = f.integers(d, false, f.name("indices"));
    }
    {
        Handle d = f.open("data");
        data = f.reals(d, f.name("data"));
    }

    // The size: attribute 'shape' of the group, else dataset 'shape', else square from indptr.
    std::size_t n = 0;
    std::vector<std::int64_t> shape;
    std::string shape_label;
    if (H5Aexists(grp, "shape") > 0) {
        Handle a(H5Aopen(grp, "shape", H5P_DEFAULT), H5Aclose, "open attribute shape");
        shape_label = "attribute 'shape'";
        shape = f.integers(a, true, shape_label);
    } else if (f.has("shape")) {
        Handle d = f.open("shape");
        shape_label = f.name("shape");
        shape = f.integers(d, false, shape_label);
    }
    if (!shape_label.empty()) {
        if (shape.size() != 2 || shape[0] < 0 || shape[1] < 0)
            f.fail(shape_label + " must be two sizes (rows, columns)");
        if (shape[0] != shape[1]) {
            f.fail(shape_label + " is (" + std::to_string(shape[0]) + ", " + std::to_string(shape[1]) +
                   "); a connectome needs a square matrix");
        }
        if (static_cast<std::uint64_t>(shape[0]) > kMaxNeurons) {
            f.fail(shape_label + " gives " + std::to_string(shape[0]) + " neurons, more than chaoslab reads (" +
                   std::to_string(kMaxNeurons) + ")");
        }
        n = static_cast<std::size_t>(shape[0]);
        if (indptr.size() != n + 1) {
            f.fail(f.name("indptr") + " has " + std::to_string(indptr.size()) + " entries; " + shape_label + " (" +
                   std::to_string(n) + ", " + std::to_string(n) + ") needs " + std::to_string(n + 1));
        }
    } else {
        if (indptr.empty()) f.fail(f.name("indptr") + " is empty (it needs rows + 1 entries)");
        n = indptr.size() - 1;
        if (n > kMaxNeurons) f.fail(f.name("indptr") + " gives more neurons than chaoslab reads");
    }

    // CSR structure: indptr starts at 0, never decreases, ends at the number of entries.
    if (indptr[0] != 0) f.fail(f.name("indptr") + " must start at 0, got indptr[0] = " + std::to_string(indptr[0]));
    for (std::size_t r = 1; r <= n; ++r) {
        if (indptr[r] < indptr[r - 1]) {
            f.fail(f.name("indptr") + " must be non-decreasing, but indptr[" + std::to_string(r) +
                   "] = " + std::to_string(indptr[r]) + " follows indptr[" + std::to_string(r - 1) +
                   "] = " + std::to_string(indptr[r - 1]));
        }
    }
    if (static_cast<std::uint64_t>(indptr[n]) != indices.size()) {
        f.fail(f.name("indptr") + " ends at " + std::to_string(indptr[n]) + ", but " + f.name("indices") + " has " +
               std::to_string(indices.size()) + " entries");
    }
    if (data.size() != indices.size()) {
        f.fail(f.name("data") + " has " + std::to_string(data.size()) + " entries, " + f.name("indices") + " " +
               std::to_string(indices.size()));
    }

    MatrixRead out;
    Connectome& c = out.c;
    const bool post_rows = orientation == Orientation::post_pre;
    c.pre.reserve(indices.size());
    c.post.reserve(indices.size());
    c.weight.reserve(indices.size());
    for (std::size_t r = 0; r < n; ++r) {
        for (auto k = static_cast<std::size_t>(indptr[r]); k < static_cast<std::size_t>(indptr[r + 1]); ++k) {
            if (indices[k] < 0 || static_cast<std::uint64_t>(indices[k]) >= n) {
                f.fail(f.name("indices") + ": indices[" + std::to_string(k) + "] = " + std::to_string(indices[k]) +
                       " is out of range 0.." + std::to_string(n == 0 ? 0 : n - 1) + " (0-based columns)");
            }
            if (!std::isfinite(data[k])) {
                f.fail(f.name("data") + ": data[" + std::to_string(k) + "] = " + format_weight(data[k]) +
                       " is not finite");
            }
            const auto col = static_cast<std::size_t>(indices[k]);
            c.post.push_back(post_rows ? r : col);
            c.pre.push_back(post_rows ? col : r);
            c.weight.push_back(data[k]);
            out.origin.push_back(k);
        }
    }

    if (f.has("ids")) {
        Handle d = f.open("ids");
        c.ids = f.integers(d, false, f.name("ids"));
        if (c.ids.size() != n) {
            f.fail(f.name("ids") + " has " + std::to_string(c.ids.size()) + " entries for " + std::to_string(n) +
                   " neurons");
        }
        std::vector<std::int64_t> sorted = c.ids;
        std::sort(sorted.begin(), sorted.end());
        const auto twice = std::adjacent_find(sorted.begin(), sorted.end());
        if (twice != sorted.end()) f.fail(f.name("ids") + " lists id " + std::to_string(*twice) + " twice");
    } else {
        c.ids.resize(n);
        std::iota(c.ids.begin(), c.ids.end(), std::int64_t{1});
    }
    for (const char* what : {"types", "regions"}) {
        if (!f.has(what)) continue;
        Handle d = f.open(what);
        std::vector<std::string> v = f.strings(d, f.name(what));
        if (v.size() != n) {
            f.fail(f.name(what) + " has " + std::to_string(v.size()) + " entries for " + std::to_string(n) +
                   " neurons");
        }
        (std::string_view(what) == "types" ? c.types : c.regions) = std::move(v);
    }
    return out;
}
} // namespace

void write_h5_csr(const std::string& path, const Connectome& c, Orientation orientation) {
    const std::size_t n = c.size(), m = c.edges();
    const bool post_rows = orientation == Orientation::post_pre;
    const std::vector<std::size_t>& rows = post_rows ? c.post : c.pre;
    const std::vector<std::size_t>& cols = post_rows ? c.pre : c.post;
    // Canonical order is by post, then pre; rows of pre need the stable re-sort.
    std::vector<std::size_t> order(m);
    std::iota(order.begin(), order.end(), std::size_t{0});
    if (!post_rows) {
        std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
            return rows[a] != rows[b] ? rows[a] < rows[b] : cols[a] < cols[b];
        });
    }
    std::vector<std::int64_t> indptr(n + 1, 0), indices(m);
    std::vector<double> data(m);
    for (std::size_t k = 0; k < m; ++k) {
        ++indptr[rows[order[k]] + 1];
        indices[k] = static_cast<std::int64_t>(cols[order[k]]);
        data[k] = c.weight[order[k]];
    }
    for (std::size_t r = 0; r < n; ++r) indptr[r + 1] += indptr[r];

    std::lock_guard<std::mutex> lock(h5_mutex());
    Handle file(H5Fcreate(path.c_str(), H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT), H5Fclose, "create " + path);
    write_int64(file, "indptr", indptr, false);
    write_int64(file, "indices", indices, false);
    h5::write_numbers(file, "data", data, {m}, false);
    write_int64(file, "ids", c.ids, false);
    if (!c.types.empty()) h5::write_strings(file, "types", c.types, false);
    if (!c.regions.empty()) h5::write_strings(file, "regions", c.regions, false);
    write_int64(file, "shape", {static_cast<std::int64_t>(n), static_cast<std::int64_t>(n)}, true);
    h5::write_text_attribute(file, "description",
                             post_rows ? "chaoslab connectome, CSR: row = post-synaptic neuron, indices = 0-based "
                                         "pre-synaptic neurons, data = weights J[post][pre]; ids, types, regions per "
                                         "neuron"
                                       : "chaoslab connectome, CSR: row = pre-synaptic neuron, indices = 0-based "
                                         "post-synaptic neurons, data = weights J[post][pre]; ids, types, regions per "
                                         "neuron");
}

} // namespace chaoslab::connectome_detail
