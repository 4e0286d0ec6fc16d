// The HDF5 file of a sweep: /params/<axis>, /results/<key>, /status (an enum), /errors and the
// provenance as root attributes; written to a temporary name, synced and renamed into place.
#include "io/sweep_file.hpp"

#include "core/errors.hpp"
#include "io/h5_lock.hpp"
#include "io/h5_util.hpp"

#include <hdf5.h>

#include <cmath>
#include <cstdio>
#include <filesystem>

namespace chaoslab {

namespace {

using h5::check;
using h5::Handle;
using h5::is_string;
using h5::read_numbers;
using h5::read_strings;
using h5::read_text_attribute;
using h5::write_numbers;
using h5::write_strings;
using h5::write_text_attribute;

constexpr char kFormat[] = "chaoslab sweep 1";

Handle status_type() {
    Handle t(H5Tenum_create(H5T_NATIVE_INT8), H5Tclose, "make the status type");
    for (int v = 0; v < 3; ++v) {
        const auto x = static_cast<std::int8_t>(v);
        check(H5Tenum_insert(t, status_name(static_cast<PointStatus>(v)), &x), "name a status");
    }
    return t;
}

// A column of values (all numbers or all strings) as a dataset or attribute.
void write_values(hid_t loc, const char* name, const std::vector<Value>& values, bool attribute) {
    if (!values.empty() && values.front().kind == Value::Kind::string) {
        std::vector<std::string> s;
        for (const Value& v : values) s.push_back(v.text);
        write_strings(loc, name, s, attribute);
        return;
    }
    std::vector<double> x;
    for (const Value& v : values) x.push_back(v.number);
    write_numbers(loc, name, x, {values.size()}, attribute);
}

void write_units(hid_t loc, const SweepTable& t, const std::string& name) {
    const auto it = t.units.find(name);
    if (it == t.units.end()) return;
    Handle d(H5Oopen(loc, name.c_str(), H5P_DEFAULT), H5Oclose, "open " + name);
    write_text_attribute(d, "units", it->second);
}

void write_file(const std::string& path, const SweepTable& t) {
    Handle file(H5Fcreate(path.c_str(), H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT), H5Fclose, "create " + path);
    write_text_attribute(file, "format", kFormat);
    {
        Handle space(H5Screate(H5S_SCALAR), H5Sclose, "make a dataspace");
        Handle a(H5Acreate2(file, "session", H5T_STD_U64LE, space, H5P_DEFAULT, H5P_DEFAULT), H5Aclose,
                 "create session");
        const unsigned long long session = t.session;
        check(H5Awrite(a, H5T_NATIVE_ULLONG, &session), "write session");
    }
    write_text_attribute(file, "id", t.id);
    write_strings(file, "axes", t.axes, true);
    for (const auto& [name, text] : t.text_attributes) write_text_attribute(file, name.c_str(), text);
    for (const auto& [name, x] : t.number_attributes) {
        if (x == std::floor(x) && std::abs(x) < 9.0e15) { // counts (ranks, threads, points) as integers
            Handle space(H5Screate(H5S_SCALAR), H5Sclose, "make a dataspace");
            Handle a(H5Acreate2(file, name.c_str(), H5T_STD_I64LE, space, H5P_DEFAULT, H5P_DEFAULT), H5Aclose,
                     "create " + name);
            const auto n = static_cast<long long>(x);
            check(H5Awrite(a, H5T_NATIVE_LLONG, &n), "write " + name);
        } else {
            write_numbers(file, name.c_str(), {x}, {}, true);
        }
    }

    const std::size_t n = t.n_points();
    {
        Handle params(H5Gcreate2(file, "params", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT), H5Gclose, "create /params");
        for (std::size_t a = 0; a < t.axes.size(); ++a) {
            write_values(params, t.axes[a].c_str(), t.params[a], false);
            write_units(params, t, t.axes[a]);
            if (!t.grid.empty()) {
                Handle d(H5Dopen2(params, t.axes[a].c_str(), H5P_DEFAULT), H5Dclose, "open /params/" + t.axes[a]);
                write_values(d, "grid_values", t.grid[a], true);
            }
        }
    }
    {
        Handle results(H5Gcreate2(file, "results", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT), H5Gclose, "create /results");
        const ResultRow* ref = first_done_row(t);
        for (std::size_t k = 0; ref && k < ref->size(); ++k) {
            const auto& [key, like] = (*ref)[k];
            if (like.kind == Value::Kind::string) {
                write_strings(results, key.c_str(), text_column(t, k), false);
            } else {
                std::vector<hsize_t> dims{n};
                for (const std::size_t d : like.shape) dims.push_back(d);
                write_numbers(results, key.c_str(), number_column(t, k, like), dims, false);
            }
            write_units(results, t, key);
        }
    }
    {
        Handle type = status_type();
        const hsize_t dims = n;
        Handle space(H5Screate_simple(1, &dims, nullptr), H5Sclose, "make a dataspace");
        Handle d(H5Dcreate2(file, "status", type, space, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT), H5Dclose,
                 "create /status");
        std::vector<std::int8_t> s(n);
        for (std::size_t p = 0; p < n; ++p) s[p] = static_cast<std::int8_t>(t.status[p]);
        check(H5Dwrite(d, type, H5S_ALL, H5S_ALL, H5P_DEFAULT, s.data()), "write /status");
    }
    write_strings(file, "errors", t.errors, false);
    check(H5Fflush(file, H5F_SCOPE_GLOBAL), "flush " + path);
}

// ---- reading ---------------------------------------------------------------------------------

std::vector<Value> read_values(hid_t obj, bool attribute) {
    std::vector<Value> out;
    if (is_string(obj, attribute)) {
        for (auto& s : read_strings(obj, attribute)) out.push_back(Value::of(std::move(s)));
    } else {
        std::vector<hsize_t> dims;
        for (const double x : read_numbers(obj, attribute, dims)) out.push_back(Value::of(x));
    }
    return out;
}

struct Names {
    std::vector<std::string> list;
};

herr_t collect_name(hid_t, const char* name, const H5L_info_t*, void* data) {
    static_cast<Names*>(data)->list.emplace_back(name);
    return 0;
}

herr_t collect_attribute(hid_t, const char* name, const H5A_info_t*, void* data) {
    static_cast<Names*>(data)->list.emplace_back(name);
    return 0;
}

std::string units_of(hid_t obj) {
    if (H5Aexists(obj, "units") <= 0) return "";
    return read_text_attribute(obj, "units");
}

SweepTable read_file(const std::string& path) {
    Handle file(H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT), H5Fclose, "open " + path);
    SweepTable t;
    if (H5Aexists(file, "format") <= 0 || read_text_attribute(file, "format") != kFormat) {
        throw ConfigError(path + " is not a chaoslab sweep file (no 'format' attribute)");
    }
    {
        Handle a(H5Aopen(file, "session", H5P_DEFAULT), H5Aclose, "open attribute session");
        unsigned long long session = 0;
        check(H5Aread(a, H5T_NATIVE_ULLONG, &session), "read session");
        t.session = session;
    }
    t.id = read_text_attribute(file, "id");
    {
        Handle a(H5Aopen(file, "axes", H5P_DEFAULT), H5Aclose, "open attribute axes");
        t.axes = read_strings(a, true);
    }
    Names attrs;
    hsize_t idx = 0;
    check(H5Aiterate2(file, H5_INDEX_NAME, H5_ITER_INC, &idx, collect_attribute, &attrs) < 0 ? -1 : 0,
          "list the attributes of " + path);
    for (const std::string& name : attrs.list) {
        if (name == "format" || name == "session" || name == "id" || name == "axes") continue;
        Handle a(H5Aopen(file, name.c_str(), H5P_DEFAULT), H5Aclose, "open attribute " + name);
        if (is_string(a, true)) {
            t.text_attributes.emplace_back(name, read_text_attribute(file, name.c_str()));
        } else {
            std::vector<hsize_t> dims;
            t.number_attributes.emplace_back(name, read_numbers(a, true, dims).at(0));
        }
    }
    {
        Handle params(H5Gopen2(file, "params", H5P_DEFAULT), H5Gclose, "open /params in " + path);
        for (const std::string& axis : t.axes) {
            Handle d(H5Dopen2(params, axis.c_str(), H5P_DEFAULT), H5Dclose, "open /params/" + axis + " in " + path);
            t.params.push_back(read_values(d, false));
            if (const std::string u = units_of(d); !u.empty()) t.units[axis] = u;
            if (H5Aexists(d, "grid_values") > 0) {
                Handle g(H5Aopen(d, "grid_values", H5P_DEFAULT), H5Aclose, "open grid_values");
                t.grid.push_back(read_values(g, true));
            }
        }
    }
    {
        Handle d(H5Dopen2(file, "status", H5P_DEFAULT), H5Dclose, "open /status in " + path);
        Handle type = status_type();
        Handle space(H5Dget_space(d), H5Sclose, "read a dataspace");
        std::vector<std::int8_t> s(static_cast<std::size_t>(H5Sget_simple_extent_npoints(space)));
        if (!s.empty()) check(H5Dread(d, type, H5S_ALL, H5S_ALL, H5P_DEFAULT, s.data()), "read /status");
        for (const std::int8_t x : s) t.status.push_back(static_cast<PointStatus>(x));
    }
    {
        Handle d(H5Dopen2(file, "errors", H5P_DEFAULT), H5Dclose, "open /errors in " + path);
        t.errors = read_strings(d, false);
    }
    const std::size_t n = t.n_points();
    t.results.assign(n, ResultRow());
    Handle results(H5Gopen2(file, "results", H5P_DEFAULT), H5Gclose, "open /results in " + path);
    Names keys;
    idx = 0;
    check(H5Literate(results, H5_INDEX_NAME, H5_ITER_INC, &idx, collect_name, &keys) < 0 ? -1 : 0,
          "list /results in " + path);
    for (const std::string& key : keys.list) {
        Handle d(H5Dopen2(results, key.c_str(), H5P_DEFAULT), H5Dclose, "open /results/" + key);
        if (const std::string u = units_of(d); !u.empty()) t.units[key] = u;
        if (is_string(d, false)) {
            const auto s = read_strings(d, false);
            for (std::size_t p = 0; p < n && p < s.size(); ++p) {
                if (t.status[p] == PointStatus::done) t.results[p].emplace_back(key, Value::of(s[p]));
            }
            continue;
        }
        std::vector<hsize_t> dims;
        const std::vector<double> x = read_numbers(d, false, dims);
        if (dims.empty() || dims[0] != n)
            throw ConfigError("sweep: /results/" + key + " in " + path + " has the wrong length");
        const Shape shape(dims.begin() + 1, dims.end());
        const std::size_t width = n ? x.size() / n : 0;
        for (std::size_t p = 0; p < n; ++p) {
            if (t.status[p] != PointStatus::done) continue;
            if (shape.empty()) {
                t.results[p].emplace_back(key, Value::of(x[p]));
            } else {
                const auto begin = x.begin() + static_cast<std::ptrdiff_t>(p * width);
                t.results[p].emplace_back(
                    key, Value::of(shape, std::vector<double>(begin, begin + static_cast<std::ptrdiff_t>(width))));
            }
        }
    }
    return t;
}

} // namespace

void write_sweep_file(const std::string& path, const SweepTable& t) {
    std::lock_guard<std::mutex> lock(h5_mutex());
    h5::write_then_rename("sweep", path, [&](const std::string& tmp) { write_file(tmp, t); });
}

SweepTable read_sweep_file(const std::string& path) {
    std::lock_guard<std::mutex> lock(h5_mutex());
    return read_file(path);
}

bool is_sweep_file(const std::string& path) {
    std::error_code ec;
    if (!std::filesystem::is_regular_file(path, ec)) return false;
    std::lock_guard<std::mutex> lock(h5_mutex());
    if (H5Fis_hdf5(path.c_str()) <= 0) return false;
    const hid_t file = H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
    if (file < 0) return false;
    bool ok = false;
    if (H5Aexists(file, "format") > 0) {
        try {
            ok = read_text_attribute(file, "format") == kFormat;
        } catch (const Error&) {
            ok = false;
        }
    }
    H5Fclose(file);
    return ok;
}

} // namespace chaoslab
