// Small HDF5 helpers shared by the sweep file and chaoslab.h5 (see h5_util.hpp).
#include "io/h5_util.hpp"

#include "core/errors.hpp"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <filesystem>
#include <unistd.h>

namespace chaoslab::h5 {

Handle::Handle(hid_t id, herr_t (*close)(hid_t), const std::string& what) : id_(id), close_(close) {
    if (id_ < 0) throw Error("HDF5: cannot " + what);
}

Handle::~Handle() {
    if (id_ >= 0) close_(id_);
}

void check(herr_t rc, const std::string& what) {
    if (rc < 0) throw Error("HDF5: cannot " + what);
}

Handle string_type() {
    Handle t(H5Tcopy(H5T_C_S1), H5Tclose, "make a string type");
    check(H5Tset_size(t, H5T_VARIABLE), "size a string type");
    check(H5Tset_cset(t, H5T_CSET_UTF8), "set UTF-8");
    return t;
}

namespace {
Handle make_space(const std::vector<hsize_t>& dims) {
    return Handle(dims.empty() ? H5Screate(H5S_SCALAR)
                               : H5Screate_simple(static_cast<int>(dims.size()), dims.data(), nullptr),
                  H5Sclose, "make a dataspace");
}
} // namespace

void write_strings(hid_t loc, const char* name, const std::vector<std::string>& values, bool attribute) {
    std::vector<const char*> ptrs;
    ptrs.reserve(values.size());
    for (const auto& s : values) ptrs.push_back(s.c_str());
    Handle space = make_space({values.size()});
    Handle type = string_type();
    if (attribute) {
        Handle a(H5Acreate2(loc, name, type, space, H5P_DEFAULT, H5P_DEFAULT), H5Aclose, std::string("create ") + name);
        if (!ptrs.empty()) check(H5Awrite(a, type, ptrs.data()), std::string("write ") + name);
    } else {
        Handle d(H5Dcreate2(loc, name, type, space, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT), H5Dclose,
                 std::string("create ") + name);
        if (!ptrs.empty()) {
            check(H5Dwrite(d, type, H5S_ALL, H5S_ALL, H5P_DEFAULT, ptrs.data()), std::string("write ") + name);
        }
    }
}

void write_numbers(hid_t loc, const char* name, const std::vector<double>& x, const std::vector<hsize_t>& dims,
                   bool attribute) {
    Handle space = make_space(dims);
    if (attribute) {
        Handle a(H5Acreate2(loc, name, H5T_IEEE_F64LE, space, H5P_DEFAULT, H5P_DEFAULT), H5Aclose,
                 std::string("create ") + name);
        if (!x.empty()) check(H5Awrite(a, H5T_NATIVE_DOUBLE, x.data()), std::string("write ") + name);
    } else {
        Handle d(H5Dcreate2(loc, name, H5T_IEEE_F64LE, space, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT), H5Dclose,
                 std::string("create ") + name);
        if (!x.empty()) {
            check(H5Dwrite(d, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, x.data()),
                  std::string("write ") + name);
        }
    }
}

void write_text_attribute(hid_t loc, const char* name, const std::string& text) {
    Handle type = string_type();
    Handle space = make_space({});
    Handle a(H5Acreate2(loc, name, type, space, H5P_DEFAULT, H5P_DEFAULT), H5Aclose, std::string("create ") + name);
    const char* p = text.c_str();
    check(H5Awrite(a, type, &p), std::string("write ") + name);
}

bool is_string(hid_t obj, bool attribute) {
    Handle type(attribute ? H5Aget_type(obj) : H5Dget_type(obj), H5Tclose, "read a type");
    return H5Tget_class(type) == H5T_STRING;
}

std::vector<std::string> read_strings(hid_t obj, bool attribute) {
    Handle space(attribute ? H5Aget_space(obj) : H5Dget_space(obj), H5Sclose, "read a dataspace");
    const auto count = static_cast<std::size_t>(H5Sget_simple_extent_npoints(space));
    Handle file_type(attribute ? H5Aget_type(obj) : H5Dget_type(obj), H5Tclose, "read a type");
    std::vector<std::string> out;
    if (count == 0) return out;
    if (H5Tis_variable_str(file_type) > 0) {
        std::vector<char*> ptrs(count, nullptr);
        Handle type = string_type();
        check(attribute ? H5Aread(obj, type, ptrs.data())
                        : H5Dread(obj, type, H5S_ALL, H5S_ALL, H5P_DEFAULT, ptrs.data()),
              "read strings");
        for (char* p : ptrs) out.emplace_back(p ? p : "");
        H5Dvlen_reclaim(type, space, H5P_DEFAULT, ptrs.data());
        return out;
    }
    // Fixed-length strings (as other programs write them): size bytes each, maybe unterminated.
    const std::size_t size = H5Tget_size(file_type);
    Handle type(H5Tcopy(file_type), H5Tclose, "copy a string type");
    std::vector<char> buf(count * size);
    check(attribute ? H5Aread(obj, type, buf.data()) : H5Dread(obj, type, H5S_ALL, H5S_ALL, H5P_DEFAULT, buf.data()),
          "read strings");
    for (std::size_t k = 0; k < count; ++k) {
        std::string s(buf.data() + k * size, size);
        s.resize(s.find('\0') == std::string::npos ? s.size() : s.find('\0'));
        while (!s.empty() && s.back() == ' ') s.pop_back();
        out.push_back(std::move(s));
    }
    return out;
}

std::vector<double> read_numbers(hid_t obj, bool attribute, std::vector<hsize_t>& dims) {
    Handle space(attribute ? H5Aget_space(obj) : H5Dget_space(obj), H5Sclose, "read a dataspace");
    const int nd = H5Sget_simple_extent_ndims(space);
    dims.assign(static_cast<std::size_t>(nd < 0 ? 0 : nd), 0);
    if (nd > 0) H5Sget_simple_extent_dims(space, dims.data(), nullptr);
    std::vector<double> x(static_cast<std::size_t>(H5Sget_simple_extent_npoints(space)));
    if (!x.empty()) {
        check(attribute ? H5Aread(obj, H5T_NATIVE_DOUBLE, x.data())
                        : H5Dread(obj, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, x.data()),
              "read numbers");
    }
    return x;
}

std::string read_text_attribute(hid_t loc, const char* name) {
    Handle a(H5Aopen(loc, name, H5P_DEFAULT), H5Aclose, std::string("open attribute ") + name);
    const auto s = read_strings(a, true);
    return s.empty() ? "" : s.front();
}

namespace {
// A file that cannot be synced is an error (its data may not be on disk); a folder's sync is best
// effort, since some file systems refuse it.
void fsync_path(const std::string& fn, const std::string& path, bool directory) {
    const int fd = ::open(path.c_str(), (directory ? O_RDONLY | O_DIRECTORY : O_RDONLY) | O_CLOEXEC);
    if (fd < 0) {
        if (directory) return;
        throw Error(fn + ": cannot open " + path + " to sync it: " + std::strerror(errno));
    }
    const int rc = ::fsync(fd);
    const int err = errno;
    ::close(fd);
    if (rc != 0 && !directory) throw Error(fn + ": cannot sync " + path + ": " + std::strerror(err));
}
} // namespace

void write_then_rename(const std::string& fn, const std::string& path,
                       const std::function<void(const std::string& tmp)>& write) {
    const std::string tmp = path + ".tmp";
    std::error_code ec;
    std::filesystem::remove(tmp, ec);
    try {
        write(tmp);
    } catch (...) {
        std::filesystem::remove(tmp, ec);
        throw;
    }
    try {
        fsync_path(fn, tmp, false);
    } catch (...) {
        std::filesystem::remove(tmp, ec);
        throw;
    }
    std::filesystem::rename(tmp, path, ec);
    if (ec) throw Error(fn + ": cannot rename " + tmp + " to " + path + ": " + ec.message());
    fsync_path(fn, std::filesystem::absolute(path).parent_path().string(), true);
}

} // namespace chaoslab::h5
