// Private to runtime/io/connectome*.cpp: the per-format readers and writers and the text-parsing
// helpers they share. Users go through io/connectome.hpp.
#pragma once

#include "io/connectome.hpp"

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace chaoslab::connectome_detail {

// Refuse sizes that can only come from a malformed size line or shape (the whole fly brain has
// about 1.4e5 neurons), rather than trying to allocate them.
inline constexpr std::size_t kMaxNeurons = 10'000'000;

// ---- text helpers ---------------------------------------------------------------------------

// The whole file; "fn: cannot open 'path': No such file or directory" (strerror) when it fails.
std::string read_text_file(const std::string& fn, const std::string& path);

// Walks the lines of a text (\n or \r\n endings; a UTF-8 byte-order mark at the start is
// dropped), numbering them from 1.
class LineCursor {
public:
    explicit LineCursor(std::string_view text);
    bool next(std::string_view& line); // false at the end
    std::size_t number() const { return number_; }

private:
    std::string_view text_;
    std::size_t pos_ = 0, number_ = 0;
};

std::string_view trim(std::string_view s);
bool blank(std::string_view s);
// "'text'", shortened to 40 characters, for messages.
std::string quote(std::string_view s);
// One CSV line: commas separate; a field in double quotes may hold commas and "" for a quote;
// fields are trimmed of blanks. False on an unterminated quote.
bool split_csv(std::string_view line, std::vector<std::string>& fields);
// Fields separated by blanks (Matrix Market).
std::vector<std::string_view> split_blanks(std::string_view line);
// Whole-field parses: an optional sign and digits (int64, false if out of range as well), or a
// decimal/exponent number as std::from_chars reads it (inf and nan included: callers check).
bool parse_int64(std::string_view s, std::int64_t& out);
bool parse_double(std::string_view s, double& out);
// A CSV field as written: quoted when it has a comma, a quote or outer blanks.
std::string csv_field(const std::string& s);
// Writes `text` to `path`, checking the close too (a full disk shows up there).
void write_text_file(const std::string& path, const std::string& text);

// "connectome.read: 'path' line N: msg"
[[noreturn]] void fail_line(const std::string& fn, const std::string& path, std::size_t line, const std::string& msg);

// ---- formats ---------------------------------------------------------------------------------

// A CSV edge list by original ids; `line` is where each edge was written.
struct IdEdges {
    std::vector<std::int64_t> pre, post;
    std::vector<double> weight;
    std::vector<std::size_t> line;
};
IdEdges read_csv_edges(const std::string& path);

struct NeuronTable {
    std::vector<std::int64_t> ids;
    std::vector<std::string> types, regions; // each empty when the table lacks that column
    std::vector<std::size_t> line;
    bool has_type = false, has_region = false;
};
NeuronTable read_neuron_table(const std::string& path);

// Matrix formats give neurons 1..n (or the HDF5 'ids'), edges in file order; `origin` describes
// where edge k came from for messages ("line 7", "indices[3]").
struct MatrixRead {
    Connectome c;
    std::vector<std::size_t> origin;
};
MatrixRead read_mtx(const std::string& path, Orientation orientation);
MatrixRead read_h5_csr(const std::string& path, const std::string& group, Orientation orientation);

// Writers take a validated connectome in canonical order and write the final file `path`
// (the caller handles the temporary name).
void write_csv_edges(const std::string& path, const Connectome& c);
void write_neuron_table(const std::string& path, const Connectome& c);
void write_mtx(const std::string& path, const Connectome& c, Orientation orientation);
void write_h5_csr(const std::string& path, const Connectome& c, Orientation orientation);

} // namespace chaoslab::connectome_detail
