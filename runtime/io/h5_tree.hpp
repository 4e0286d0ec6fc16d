// Any HDF5 file as a tree of groups and datasets of numbers or strings: what chaoslab.h5 reads
// and writes for scripts and the REPL (sweep files included, but not only those).
#pragma once

#include "core/array.hpp"

#include <string>
#include <utility>
#include <vector>

namespace chaoslab {

// The contents of one dataset or attribute: numbers (any integer or float type, as double) or
// strings (enum values read as their names). An empty shape is a scalar.
struct H5Value {
    bool is_string = false;
    bool is_integer = false; // stored as an integer type (scalars come back as Lua integers)
    Shape shape;
    std::vector<double> numbers;
    std::vector<std::string> strings;
};

struct H5Node {
    std::string name;
    bool is_group = false;
    H5Value value;                // datasets
    std::vector<H5Node> children; // groups, in name order
};

using H5Attributes = std::vector<std::pair<std::string, H5Value>>;

// `object` "/" (or "") is the whole file. Errors name the function `fn` ("h5.read: ...").
H5Node h5_read(const std::string& fn, const std::string& path, const std::string& object);
H5Attributes h5_read_attributes(const std::string& fn, const std::string& path, const std::string& object);

// Writes the children of group `root` (and `attributes` on the root group). append = false
// replaces the file crash-safely (temporary name, sync, rename); true adds to or replaces
// objects of an existing file (creating it if missing).
void h5_write(const std::string& fn, const std::string& path, const H5Node& root, bool append,
              const H5Attributes& attributes);

struct H5Entry {
    std::string name; // full path: "/results/lz"
    bool is_group = false;
    Shape shape;
    std::string type; // "float64", "int32", "string", "enum", ...
};
std::vector<H5Entry> h5_list(const std::string& fn, const std::string& path);

} // namespace chaoslab
