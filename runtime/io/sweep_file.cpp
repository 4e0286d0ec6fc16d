// The HDF5 file of a sweep: /params/<axis>, /results/<key>, /status (an enum), /errors and the
// provenance as root attributes; written to a temporary name, synced and renamed into place.
#include "io/sweep_file.hpp"

#include "core/errors.hpp"
#include "io/h5_lock.hpp"
#include "io/h5_util.hpp"

#include <hdf5.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <set>

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
// Root attributes of the layout itself; provenance attributes may not take these names.
constexpr const char* kReserved[] = {"format", "session", "id", "axes"};

Handle status_type() {
    Handle t(H5Tenum_create(H5T_NATIVE_INT8), H5Tclose, "make the status type");
    for (int v = 0; v < 3; ++v) {
        const auto x = static_cast<std::int8_t>(v);
        check(H5Tenum_insert(t, status_name(static_cast<PointStatus>(v)), &x), "name a status");
    }
    return t;
}

std::size_t product(const Shape& shape) {
    std::size_t n = 1;
    for (const std::size_t d : shape) n *= d;
    return n;
}

std::string shape_text(const Shape& shape) {
    std::string s;
    for (const std::size_t d : shape) {
        if (!s.empty()) s += 'x';
        s += std::to_string(d);
    }
    return s;
}

// An axis is stored as strings when any of its values (or grid values) is a string.
bool is_string_axis(const SweepTable& t, std::size_t a) {
    const auto has_string = [](const std::vector<Value>& v) {
        return std::any_of(v.begin(), v.end(), [](const Value& x) { return x.kind == Value::Kind::string; });
    };
    return has_string(t.params[a]) || (!t.grid.empty() && has_string(t.grid[a]));
}

// The engine builds consistent tables; one that is not would write a file that reads back as
// something else (or overrun a column), so it is refused with its first inconsistency.
void validate(const std::string& path, const SweepTable& t) {
    const auto fail = [&](const std::string& msg) { throw ConfigError("sweep file " + path + ": " + msg); };
    const auto check_name = [&](const std::string& name, const char* what) {
        if (name.empty() || name.find('/') != std::string::npos || name == "." || name == "..")
            fail(std::string(what) + " name '" + name + "' cannot be empty or contain '/'");
    };
    const std::size_t n = t.n_points();
    if (t.params.size() != t.axes.size())
        fail(std::to_string(t.axes.size()) + " axes but " + std::to_string(t.params.size()) + " params columns");
    if (!t.grid.empty() && t.grid.size() != t.axes.size())
        fail(std::to_string(t.axes.size()) + " axes but " + std::to_string(t.grid.size()) + " grid columns");
    if (t.errors.size() != n || t.results.size() != n)
        fail(std::to_string(n) + " points but " + std::to_string(t.errors.size()) + " errors and " +
             std::to_string(t.results.size()) + " result rows");
    std::set<std::string> seen;
    for (std::size_t a = 0; a < t.axes.size(); ++a) {
        const std::string& axis = t.axes[a];
        check_name(axis, "axis");
        if (!seen.insert(axis).second) fail("axis '" + axis + "' appears twice");
        if (t.params[a].size() != n)
            fail("axis '" + axis + "' has " + std::to_string(t.params[a].size()) + " values for " + std::to_string(n) +
                 " points");
        const Value::Kind kind = is_string_axis(t, a) ? Value::Kind::string : Value::Kind::number;
        const auto check_column = [&](const std::vector<Value>& values, const char* what) {
            for (const Value& v : values) {
                if (v.kind != kind) fail(std::string(what) + " of axis '" + axis + "' mix numbers and strings");
            }
        };
        check_column(t.params[a], "the values");
        if (!t.grid.empty()) check_column(t.grid[a], "the grid values");
    }
    seen.clear();
    const auto check_attribute = [&](const std::string& name) {
        if (name.empty()) fail("an attribute name is empty");
        for (const char* r : kReserved) {
            if (name == r) fail("attribute '" + name + "' is reserved for the file's layout");
        }
        if (!seen.insert(name).second) fail("attribute '" + name + "' appears twice");
    };
    for (const auto& [name, text] : t.text_attributes) check_attribute(name);
    for (const auto& [name, x] : t.number_attributes) check_attribute(name);

    const ResultRow* ref = nullptr;
    std::size_t ref_point = 0;
    for (std::size_t p = 0; p < n; ++p) {
        if (t.status[p] != PointStatus::done) continue;
        const ResultRow& row = t.results[p];
        for (const auto& [key, v] : row) {
            if (v.kind == Value::Kind::array && (v.shape.empty() || v.data.size() != product(v.shape)))
                fail("result '" + key + "' of point " + std::to_string(p + 1) + " has " +
                     std::to_string(v.data.size()) + " values for shape {" + shape_text(v.shape) + "}");
        }
        if (!ref) {
            ref = &row;
            ref_point = p;
            for (const auto& [key, v] : row) check_name(key, "result");
            for (std::size_t k = 1; k < row.size(); ++k) {
                if (!(row[k - 1].first < row[k].first)) fail("result keys are not sorted or appear twice");
            }
            continue;
        }
        const std::string points =
            " (point " + std::to_string(p + 1) + " vs point " + std::to_string(ref_point + 1) + ")";
        if (row.size() != ref->size()) fail("done points have different result keys" + points);
        for (std::size_t k = 0; k < row.size(); ++k) {
            const auto& [key, v] = row[k];
            const Value& like = (*ref)[k].second;
            if (key != (*ref)[k].first) fail("done points have different result keys" + points);
            if (v.kind != like.kind)
                fail("result '" + key + "' is " + kind_name(v.kind) + " and " + kind_name(like.kind) + points);
            if (v.kind == Value::Kind::array && v.shape != like.shape)
                fail("result '" + key + "' has shape {" + shape_text(v.shape) + "} and {" + shape_text(like.shape) +
                     "}" + points);
        }
    }
}

// A column of values (all numbers or all strings) as a dataset or attribute.
void write_values(hid_t loc, const char* name, const std::vector<Value>& values, bool strings, bool attribute) {
    if (strings) {
        std::vector<std::string> s;
        s.reserve(values.size());
        for (const Value& v : values) s.push_back(v.text);
        write_strings(loc, name, s, attribute);
        return;
    }
    std::vector<double> x;
    x.reserve(values.size());
    for (const Value& v : values) x.push_back(v.number);
    write_numbers(loc, name, x, {values.size()}, attribute);
}

void write_units(hid_t obj, const SweepTable& t, const std::string& name) {
    const auto it = t.units.find(name);
    if (it != t.units.end()) write_text_attribute(obj, "units", it->second);
}

// `at` names the object being written, for the error message.
void write_file(const std::string& path, const SweepTable& t, std::string& at) {
    // Attribute creation order is tracked so the provenance reads back in the table's order.
    at = "the file";
    Handle fcpl(H5Pcreate(H5P_FILE_CREATE), H5Pclose, "make a property list");
    check(H5Pset_attr_creation_order(fcpl, H5P_CRT_ORDER_TRACKED | H5P_CRT_ORDER_INDEXED), "track attribute order");
    Handle file(H5Fcreate(path.c_str(), H5F_ACC_TRUNC, fcpl, H5P_DEFAULT), H5Fclose, "create " + path);
    at = "the root attributes";
    write_text_attribute(file, "format", kFormat);
    {
        Handle space(H5Screate(H5S_SCALAR), H5Sclose, "make a dataspace");
        Handle a(H5Acreate2(file, "session", H5T_STD_U64LE, space, H5P_DEFAULT, H5P_DEFAULT), H5Aclose,
                 "create attribute session");
        const unsigned long long session = t.session;
        check(H5Awrite(a, H5T_NATIVE_ULLONG, &session), "write attribute session");
    }
    write_text_attribute(file, "id", t.id);
    write_strings(file, "axes", t.axes, true);
    for (const auto& [name, text] : t.text_attributes) {
        at = "attribute " + name;
        write_text_attribute(file, name.c_str(), text);
    }
    for (const auto& [name, x] : t.number_attributes) {
        at = "attribute " + name;
        write_numbers(file, name.c_str(), {x}, {}, true); // float64 scalar, as the layout says
    }

    const std::size_t n = t.n_points();
    at = "/params";
    {
        Handle params(H5Gcreate2(file, "params", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT), H5Gclose, "create /params");
        for (std::size_t a = 0; a < t.axes.size(); ++a) {
            const std::string& axis = t.axes[a];
            at = "/params/" + axis;
            const bool strings = is_string_axis(t, a);
            write_values(params, axis.c_str(), t.params[a], strings, false);
            Handle d(H5Dopen2(params, axis.c_str(), H5P_DEFAULT), H5Dclose, "open " + at);
            write_units(d, t, axis);
            if (!t.grid.empty()) write_values(d, "grid_values", t.grid[a], strings, true);
        }
    }
    at = "/results";
    {
        Handle results(H5Gcreate2(file, "results", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT), H5Gclose, "create /results");
        const ResultRow* ref = first_done_row(t);
        for (std::size_t k = 0; ref && k < ref->size(); ++k) {
            const auto& [key, like] = (*ref)[k];
            at = "/results/" + key;
            if (like.kind == Value::Kind::string) {
                write_strings(results, key.c_str(), text_column(t, k), false);
            } else {
                std::vector<hsize_t> dims{n};
                if (like.kind == Value::Kind::array) dims.insert(dims.end(), like.shape.begin(), like.shape.end());
                write_numbers(results, key.c_str(), number_column(t, k, like), dims, false);
            }
            Handle d(H5Dopen2(results, key.c_str(), H5P_DEFAULT), H5Dclose, "open " + at);
            write_units(d, t, key);
        }
    }
    at = "/status";
    {
        Handle type = status_type();
        const hsize_t dims = n;
        Handle space(H5Screate_simple(1, &dims, nullptr), H5Sclose, "make a dataspace");
        Handle d(H5Dcreate2(file, "status", type, space, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT), H5Dclose,
                 "create /status");
        std::vector<std::int8_t> s(n);
        for (std::size_t p = 0; p < n; ++p) s[p] = static_cast<std::int8_t>(t.status[p]);
        if (n) check(H5Dwrite(d, type, H5S_ALL, H5S_ALL, H5P_DEFAULT, s.data()), "write /status");
    }
    at = "/errors";
    write_strings(file, "errors", t.errors, false);
    at = "the file";
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

SweepTable read_file(const std::string& path, std::string& at) {
    const auto damaged = [&](const std::string& msg) {
        throw ConfigError("sweep file " + path + " is damaged: " + msg);
    };
    at = "the file";
    Handle file(H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT), H5Fclose, "open " + path);
    if (H5Aexists(file, "format") <= 0)
        throw ConfigError(path + " is not a chaoslab sweep file (no 'format' attribute)");
    at = "attribute format";
    {
        Handle a(H5Aopen(file, "format", H5P_DEFAULT), H5Aclose, "open attribute format");
        const std::string format = is_string(a, true) ? read_text_attribute(file, "format") : "";
        if (format != kFormat)
            throw ConfigError(path + " is not a chaoslab sweep file (format '" + format + "', expected '" + kFormat +
                              "')");
    }
    SweepTable t;
    at = "attribute session";
    {
        Handle a(H5Aopen(file, "session", H5P_DEFAULT), H5Aclose, "open attribute session");
        unsigned long long session = 0;
        check(H5Aread(a, H5T_NATIVE_ULLONG, &session), "read attribute session");
        t.session = session;
    }
    at = "attribute id";
    t.id = read_text_attribute(file, "id");
    at = "attribute axes";
    {
        Handle a(H5Aopen(file, "axes", H5P_DEFAULT), H5Aclose, "open attribute axes");
        t.axes = read_strings(a, true);
    }
    at = "the root attributes";
    Names attrs;
    {
        // Files written before creation order was tracked list their attributes by name.
        Handle root(H5Gopen2(file, "/", H5P_DEFAULT), H5Gclose, "open the root group");
        Handle gcpl(H5Gget_create_plist(root), H5Pclose, "read the root group's properties");
        unsigned order = 0;
        check(H5Pget_attr_creation_order(gcpl, &order), "read the attribute order");
        const H5_index_t index = (order & H5P_CRT_ORDER_TRACKED) ? H5_INDEX_CRT_ORDER : H5_INDEX_NAME;
        hsize_t idx = 0;
        check(H5Aiterate2(file, index, H5_ITER_INC, &idx, collect_attribute, &attrs) < 0 ? -1 : 0,
              "list the root attributes");
    }
    for (const std::string& name : attrs.list) {
        if (std::find(std::begin(kReserved), std::end(kReserved), name) != std::end(kReserved)) continue;
        at = "attribute " + name;
        Handle a(H5Aopen(file, name.c_str(), H5P_DEFAULT), H5Aclose, "open " + at);
        if (is_string(a, true)) {
            t.text_attributes.emplace_back(name, read_text_attribute(file, name.c_str()));
        } else {
            std::vector<hsize_t> dims;
            const std::vector<double> x = read_numbers(a, true, dims);
            if (x.size() != 1) damaged(at + " holds " + std::to_string(x.size()) + " numbers, not one");
            t.number_attributes.emplace_back(name, x.front());
        }
    }

    at = "/status";
    {
        Handle d(H5Dopen2(file, "status", H5P_DEFAULT), H5Dclose, "open /status");
        Handle type = status_type();
        Handle space(H5Dget_space(d), H5Sclose, "read the shape of /status");
        std::vector<std::int8_t> s(static_cast<std::size_t>(H5Sget_simple_extent_npoints(space)));
        if (!s.empty()) check(H5Dread(d, type, H5S_ALL, H5S_ALL, H5P_DEFAULT, s.data()), "read /status");
        for (const std::int8_t x : s) {
            if (x < 0 || x > 2) damaged("/status holds the value " + std::to_string(x));
            t.status.push_back(static_cast<PointStatus>(x));
        }
    }
    const std::size_t n = t.n_points();
    const auto check_length = [&](std::size_t length) {
        if (length != n)
            damaged(at + " has " + std::to_string(length) + " entries for " + std::to_string(n) + " points");
    };
    at = "/errors";
    {
        Handle d(H5Dopen2(file, "errors", H5P_DEFAULT), H5Dclose, "open /errors");
        t.errors = read_strings(d, false);
        check_length(t.errors.size());
    }
    at = "/params";
    {
        Handle params(H5Gopen2(file, "params", H5P_DEFAULT), H5Gclose, "open /params");
        for (const std::string& axis : t.axes) {
            at = "/params/" + axis;
            Handle d(H5Dopen2(params, axis.c_str(), H5P_DEFAULT), H5Dclose, "open " + at);
            t.params.push_back(read_values(d, false));
            check_length(t.params.back().size());
            if (const std::string u = units_of(d); !u.empty()) t.units[axis] = u;
            if (H5Aexists(d, "grid_values") > 0) {
                Handle g(H5Aopen(d, "grid_values", H5P_DEFAULT), H5Aclose, "open " + at + " attribute grid_values");
                t.grid.push_back(read_values(g, true));
            }
        }
        if (!t.grid.empty() && t.grid.size() != t.axes.size()) damaged("only some axes have 'grid_values'");
    }
    at = "/results";
    t.results.assign(n, ResultRow());
    Handle results(H5Gopen2(file, "results", H5P_DEFAULT), H5Gclose, "open /results");
    Names keys;
    hsize_t idx = 0;
    check(H5Literate(results, H5_INDEX_NAME, H5_ITER_INC, &idx, collect_name, &keys) < 0 ? -1 : 0, "list /results");
    // HDF5's name order is byte order, the order of a ResultRow's keys.
    for (const std::string& key : keys.list) {
        at = "/results/" + key;
        Handle d(H5Dopen2(results, key.c_str(), H5P_DEFAULT), H5Dclose, "open " + at);
        if (const std::string u = units_of(d); !u.empty()) t.units[key] = u;
        if (is_string(d, false)) {
            const auto s = read_strings(d, false);
            check_length(s.size());
            for (std::size_t p = 0; p < n; ++p) {
                if (t.status[p] == PointStatus::done) t.results[p].emplace_back(key, Value::of(s[p]));
            }
            continue;
        }
        std::vector<hsize_t> dims;
        const std::vector<double> x = read_numbers(d, false, dims);
        check_length(dims.empty() ? 0 : static_cast<std::size_t>(dims[0]));
        const Shape shape(dims.begin() + 1, dims.end());
        const std::size_t width = product(shape);
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
    validate(path, t);
    h5::write_then_rename("sweep file", path, [&](const std::string& tmp) {
        std::lock_guard<std::mutex> lock(h5_mutex()); // not held while syncing and renaming
        std::string at;
        try {
            write_file(tmp, t, at);
        } catch (const ConfigError&) {
            throw;
        } catch (const Error& e) {
            throw Error("sweep file " + path + ": cannot write " + at + " (" + e.what() + ")");
        }
    });
}

SweepTable read_sweep_file(const std::string& path) {
    std::error_code ec;
    if (!std::filesystem::exists(path, ec)) throw ConfigError("sweep file " + path + ": no such file");
    std::lock_guard<std::mutex> lock(h5_mutex());
    if (H5Fis_hdf5(path.c_str()) <= 0) throw ConfigError(path + " is not a chaoslab sweep file (not an HDF5 file)");
    std::string at;
    try {
        return read_file(path, at);
    } catch (const ConfigError&) {
        throw;
    } catch (const Error& e) {
        throw Error("sweep file " + path + ": cannot read " + at + " (" + e.what() + ")");
    }
}

bool is_sweep_file(const std::string& path) {
    std::error_code ec;
    if (!std::filesystem::is_regular_file(path, ec)) return false;
    std::lock_guard<std::mutex> lock(h5_mutex());
    if (H5Fis_hdf5(path.c_str()) <= 0) return false;
    try {
        Handle file(H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT), H5Fclose, "open " + path);
        if (H5Aexists(file, "format") <= 0) return false;
        Handle a(H5Aopen(file, "format", H5P_DEFAULT), H5Aclose, "open attribute format");
        return is_string(a, true) && read_text_attribute(file, "format") == kFormat;
    } catch (const Error&) {
        return false;
    }
}

} // namespace chaoslab
