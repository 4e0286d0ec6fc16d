// Small HDF5 helpers shared by the sweep file and chaoslab.h5: an RAII handle and whole-object
// reads and writes of numbers and strings. Callers hold h5_mutex() (io/h5_lock.hpp).
#pragma once

#include <hdf5.h>

#include <functional>
#include <string>
#include <vector>

namespace chaoslab::h5 {

// An hid_t closed by the matching H5?close when it goes out of scope; a negative id is an error
// ("HDF5: cannot <what>").
class Handle {
public:
    Handle(hid_t id, herr_t (*close)(hid_t), const std::string& what);
    ~Handle();
    Handle(Handle&& other) noexcept : id_(other.id_), close_(other.close_) { other.id_ = -1; }
    Handle(const Handle&) = delete;
    Handle& operator=(const Handle&) = delete;
    Handle& operator=(Handle&&) = delete;
    operator hid_t() const { return id_; }

private:
    hid_t id_;
    herr_t (*close_)(hid_t);
};

void check(herr_t rc, const std::string& what);
Handle string_type(); // variable-length UTF-8

// Datasets (attribute = false) or attributes (true) of `loc`. Empty dims: a scalar.
void write_strings(hid_t loc, const char* name, const std::vector<std::string>& values, bool attribute);
void write_numbers(hid_t loc, const char* name, const std::vector<double>& x, const std::vector<hsize_t>& dims,
                   bool attribute);
void write_text_attribute(hid_t loc, const char* name, const std::string& text);

// Reads of an open dataset or attribute `obj`.
bool is_string(hid_t obj, bool attribute);
std::vector<std::string> read_strings(hid_t obj, bool attribute);
std::vector<double> read_numbers(hid_t obj, bool attribute, std::vector<hsize_t>& dims);
std::string read_text_attribute(hid_t loc, const char* name);

// Crash-safe replacement of `path`: `write` creates path + ".tmp", which is then synced and renamed
// over `path` (and the folder synced), so `path` is always a complete file, old or new. `fn`
// names the caller in errors.
void write_then_rename(const std::string& fn, const std::string& path,
                       const std::function<void(const std::string& tmp)>& write);

} // namespace chaoslab::h5
