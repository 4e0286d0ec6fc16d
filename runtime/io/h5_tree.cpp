// chaoslab.h5's file access (see h5_tree.hpp): recursive reads and writes with the HDF5 C API.
#include "io/h5_tree.hpp"

#include "core/errors.hpp"
#include "io/h5_lock.hpp"
#include "io/h5_util.hpp"

#include <hdf5.h>

#include <cstdio>
#include <filesystem>

namespace chaoslab {

namespace {

using h5::Handle;

std::string normalise(const std::string& object) {
    if (object.empty() || object == "/") return "/";
    return object[0] == '/' ? object : "/" + object;
}

Handle open_file(const std::string& fn, const std::string& path, unsigned flags) {
    std::error_code ec;
    if (!std::filesystem::exists(path, ec)) throw ConfigError(fn + ": cannot open '" + path + "' (no such file)");
    if (H5Fis_hdf5(path.c_str()) <= 0) throw ConfigError(fn + ": '" + path + "' is not an HDF5 file");
    return Handle(H5Fopen(path.c_str(), flags, H5P_DEFAULT), H5Fclose, "open " + path);
}

bool exists(hid_t file, const std::string& object) {
    if (object == "/") return true;
    // Each step of the path must exist before the next can be asked about.
    std::size_t pos = 1;
    while (pos <= object.size()) {
        const std::size_t slash = object.find('/', pos);
        const std::string prefix = object.substr(0, slash);
        if (H5Lexists(file, prefix.c_str(), H5P_DEFAULT) <= 0) return false;
        if (slash == std::string::npos) break;
        pos = slash + 1;
    }
    return true;
}

std::string type_text(hid_t type) {
    switch (H5Tget_class(type)) {
    case H5T_INTEGER: {
        const bool is_signed = H5Tget_sign(type) == H5T_SGN_2;
        return std::string(is_signed ? "int" : "uint") + std::to_string(8 * H5Tget_size(type));
    }
    case H5T_FLOAT:
        return "float" + std::to_string(8 * H5Tget_size(type));
    case H5T_STRING:
        return "string";
    case H5T_ENUM:
        return "enum";
    case H5T_COMPOUND:
        return "compound";
    default:
        return "other";
    }
}

// Reads a dataset (attribute = false) or attribute into a value.
H5Value read_value(const std::string& fn, hid_t obj, bool attribute, const std::string& what) {
    H5Value v;
    Handle type(attribute ? H5Aget_type(obj) : H5Dget_type(obj), H5Tclose, "read the type of " + what);
    Handle space(attribute ? H5Aget_space(obj) : H5Dget_space(obj), H5Sclose, "read the shape of " + what);
    const int nd = H5Sget_simple_extent_ndims(space);
    std::vector<hsize_t> dims(static_cast<std::size_t>(nd < 0 ? 0 : nd));
    if (nd > 0) H5Sget_simple_extent_dims(space, dims.data(), nullptr);
    v.shape.assign(dims.begin(), dims.end());
    const H5T_class_t cls = H5Tget_class(type);
    if (cls == H5T_STRING) {
        v.is_string = true;
        v.strings = h5::read_strings(obj, attribute);
    } else if (cls == H5T_INTEGER || cls == H5T_FLOAT) {
        std::vector<hsize_t> ignored;
        v.numbers = h5::read_numbers(obj, attribute, ignored);
        v.is_integer = cls == H5T_INTEGER;
    } else if (cls == H5T_ENUM) {
        v.is_string = true;
        Handle native(H5Tget_native_type(type, H5T_DIR_ASCEND), H5Tclose, "read the enum of " + what);
        const std::size_t size = H5Tget_size(native);
        const auto n = static_cast<std::size_t>(H5Sget_simple_extent_npoints(space));
        std::vector<unsigned char> raw(n * size);
        if (n) {
            h5::check(attribute ? H5Aread(obj, native, raw.data())
                                : H5Dread(obj, native, H5S_ALL, H5S_ALL, H5P_DEFAULT, raw.data()),
                      "read " + what);
        }
        char name[256];
        for (std::size_t k = 0; k < n; ++k) {
            v.strings.emplace_back(H5Tenum_nameof(native, raw.data() + k * size, name, sizeof name) >= 0 ? name : "?");
        }
    } else {
        throw ConfigError(fn + ": " + what + " has a type chaoslab cannot read (" + type_text(type) + ")");
    }
    return v;
}

struct Children {
    std::vector<std::string> names;
};

herr_t collect(hid_t, const char* name, const H5L_info_t*, void* data) {
    static_cast<Children*>(data)->names.emplace_back(name);
    return 0;
}

std::vector<std::string> children_of(hid_t group, const std::string& what) {
    Children c;
    hsize_t idx = 0;
    if (H5Literate(group, H5_INDEX_NAME, H5_ITER_INC, &idx, collect, &c) < 0) throw Error("HDF5: cannot list " + what);
    return c.names;
}

std::string join(const std::string& parent, const std::string& name) {
    return parent == "/" ? "/" + name : parent + "/" + name;
}

H5Node read_node(const std::string& fn, hid_t file, const std::string& object) {
    H5Node node;
    node.name = object;
    H5O_info_t info;
    h5::check(H5Oget_info_by_name(file, object.c_str(), &info, H5P_DEFAULT), "inspect " + object);
    if (info.type == H5O_TYPE_GROUP) {
        node.is_group = true;
        Handle g(H5Gopen2(file, object.c_str(), H5P_DEFAULT), H5Gclose, "open " + object);
        for (const std::string& name : children_of(g, object)) {
            const std::string child = join(object, name);
            H5O_info_t ci;
            if (H5Oget_info_by_name(file, child.c_str(), &ci, H5P_DEFAULT) < 0) continue; // dangling link
            if (ci.type != H5O_TYPE_GROUP && ci.type != H5O_TYPE_DATASET) continue;
            node.children.push_back(read_node(fn, file, child));
            node.children.back().name = name;
        }
    } else if (info.type == H5O_TYPE_DATASET) {
        Handle d(H5Dopen2(file, object.c_str(), H5P_DEFAULT), H5Dclose, "open " + object);
        node.value = read_value(fn, d, false, object);
    } else {
        throw ConfigError(fn + ": " + object + " is neither a group nor a dataset");
    }
    return node;
}

void write_value(hid_t loc, const std::string& name, const H5Value& v, bool attribute) {
    if (v.is_string) {
        if (v.shape.empty()) {
            if (attribute) {
                h5::write_text_attribute(loc, name.c_str(), v.strings.empty() ? "" : v.strings.front());
            } else {
                Handle type = h5::string_type();
                Handle space(H5Screate(H5S_SCALAR), H5Sclose, "make a dataspace");
                Handle d(H5Dcreate2(loc, name.c_str(), type, space, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT), H5Dclose,
                         "create " + name);
                const char* p = v.strings.empty() ? "" : v.strings.front().c_str();
                h5::check(H5Dwrite(d, type, H5S_ALL, H5S_ALL, H5P_DEFAULT, &p), "write " + name);
            }
        } else {
            h5::write_strings(loc, name.c_str(), v.strings, attribute);
        }
        return;
    }
    const std::vector<hsize_t> dims(v.shape.begin(), v.shape.end());
    h5::write_numbers(loc, name.c_str(), v.numbers, dims, attribute);
}

void write_children(hid_t group, const H5Node& node, bool replace) {
    for (const H5Node& child : node.children) {
        const bool there = H5Lexists(group, child.name.c_str(), H5P_DEFAULT) > 0;
        if (child.is_group) {
            H5O_info_t info;
            const bool is_group = there && H5Oget_info_by_name(group, child.name.c_str(), &info, H5P_DEFAULT) >= 0 &&
                                  info.type == H5O_TYPE_GROUP;
            if (there && !is_group && replace)
                h5::check(H5Ldelete(group, child.name.c_str(), H5P_DEFAULT), "replace " + child.name);
            Handle g(is_group ? H5Gopen2(group, child.name.c_str(), H5P_DEFAULT)
                              : H5Gcreate2(group, child.name.c_str(), H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT),
                     H5Gclose, "create group " + child.name);
            write_children(g, child, replace);
        } else {
            if (there) h5::check(H5Ldelete(group, child.name.c_str(), H5P_DEFAULT), "replace " + child.name);
            write_value(group, child.name, child.value, false);
        }
    }
}

void list_into(hid_t file, const std::string& object, std::vector<H5Entry>& out) {
    Handle g(H5Gopen2(file, object.c_str(), H5P_DEFAULT), H5Gclose, "open " + object);
    for (const std::string& name : children_of(g, object)) {
        const std::string child = join(object, name);
        H5O_info_t info;
        if (H5Oget_info_by_name(file, child.c_str(), &info, H5P_DEFAULT) < 0) continue;
        H5Entry e;
        e.name = child;
        if (info.type == H5O_TYPE_GROUP) {
            e.is_group = true;
            e.type = "group";
            out.push_back(e);
            list_into(file, child, out);
        } else if (info.type == H5O_TYPE_DATASET) {
            Handle d(H5Dopen2(file, child.c_str(), H5P_DEFAULT), H5Dclose, "open " + child);
            Handle type(H5Dget_type(d), H5Tclose, "read a type");
            Handle space(H5Dget_space(d), H5Sclose, "read a dataspace");
            const int nd = H5Sget_simple_extent_ndims(space);
            std::vector<hsize_t> dims(static_cast<std::size_t>(nd < 0 ? 0 : nd));
            if (nd > 0) H5Sget_simple_extent_dims(space, dims.data(), nullptr);
            e.shape.assign(dims.begin(), dims.end());
            e.type = type_text(type);
            out.push_back(e);
        }
    }
}

// Runs `f`, adding the function and the file to the library's own failures ("HDF5: cannot open
// /g"); our ConfigErrors already name both.
template <class F> auto guarded(const std::string& fn, const std::string& path, F&& f) {
    try {
        return f();
    } catch (const ConfigError&) {
        throw;
    } catch (const Error& e) {
        throw Error(fn + ": '" + path + "': " + e.what());
    }
}

} // namespace

H5Node h5_read(const std::string& fn, const std::string& path, const std::string& object) {
    std::lock_guard<std::mutex> lock(h5_mutex());
    return guarded(fn, path, [&] {
        Handle file = open_file(fn, path, H5F_ACC_RDONLY);
        const std::string o = normalise(object);
        if (!exists(file, o)) throw ConfigError(fn + ": '" + path + "' has no object '" + o + "'");
        return read_node(fn, file, o);
    });
}

H5Attributes h5_read_attributes(const std::string& fn, const std::string& path, const std::string& object) {
    std::lock_guard<std::mutex> lock(h5_mutex());
    return guarded(fn, path, [&] {
        Handle file = open_file(fn, path, H5F_ACC_RDONLY);
        const std::string o = normalise(object);
        if (!exists(file, o)) throw ConfigError(fn + ": '" + path + "' has no object '" + o + "'");
        Handle obj(H5Oopen(file, o.c_str(), H5P_DEFAULT), H5Oclose, "open " + o);
        H5O_info_t info;
        h5::check(H5Oget_info(obj, &info), "inspect " + o);
        H5Attributes out;
        for (hsize_t k = 0; k < info.num_attrs; ++k) {
            Handle a(H5Aopen_by_idx(obj, ".", H5_INDEX_NAME, H5_ITER_INC, k, H5P_DEFAULT, H5P_DEFAULT), H5Aclose,
                     "open an attribute of " + o);
            char name[1024];
            if (H5Aget_name(a, sizeof name, name) < 0) throw Error("HDF5: cannot read an attribute name of " + o);
            out.emplace_back(name, read_value(fn, a, true, o + " attribute " + name));
        }
        return out;
    });
}

void h5_write(const std::string& fn, const std::string& path, const H5Node& root, bool append,
              const H5Attributes& attributes) {
    std::error_code ec;
    if (!std::filesystem::is_directory(std::filesystem::absolute(path, ec).parent_path(), ec))
        throw ConfigError(fn + ": cannot create '" + path + "' (no such directory)");
    std::lock_guard<std::mutex> lock(h5_mutex());
    if (append && std::filesystem::exists(path, ec)) {
        guarded(fn, path, [&] {
            Handle file = open_file(fn, path, H5F_ACC_RDWR);
            write_children(file, root, true);
            for (const auto& [name, value] : attributes) {
                if (H5Aexists(file, name.c_str()) > 0)
                    h5::check(H5Adelete(file, name.c_str()), "replace attribute " + name);
                write_value(file, name, value, true);
            }
            h5::check(H5Fflush(file, H5F_SCOPE_GLOBAL), "flush " + path);
        });
        return;
    }
    h5::write_then_rename(fn, path, [&](const std::string& tmp) {
        guarded(fn, path, [&] {
            Handle file(H5Fcreate(tmp.c_str(), H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT), H5Fclose, "create " + tmp);
            write_children(file, root, true);
            for (const auto& [name, value] : attributes) write_value(file, name, value, true);
            h5::check(H5Fflush(file, H5F_SCOPE_GLOBAL), "flush " + tmp);
        });
    });
}

std::vector<H5Entry> h5_list(const std::string& fn, const std::string& path) {
    std::lock_guard<std::mutex> lock(h5_mutex());
    return guarded(fn, path, [&] {
        Handle file = open_file(fn, path, H5F_ACC_RDONLY);
        std::vector<H5Entry> out;
        list_into(file, "/", out);
        return out;
    });
}

} // namespace chaoslab
