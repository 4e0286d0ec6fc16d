// Matrix Market connectomes (NIST's format, math.nist.gov/MatrixMarket/formats.html): coordinate
// real/integer/pattern and dense array real/integer, general symmetry; reader and writer.
#include "io/connectome_formats.hpp"

#include "core/errors.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>

namespace chaoslab::connectome_detail {

namespace {
const std::string kRead = "connectome.read";

std::string lower(std::string_view s) {
    std::string out(s);
    for (char& ch : out) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    return out;
}

// Skips comment ('%') and blank lines.
bool next_content(LineCursor& cursor, std::string_view& line) {
    while (cursor.next(line)) {
        const std::string_view t = trim(line);
        if (t.empty() || t.front() == '%') continue;
        line = t;
        return true;
    }
    return false;
}

std::size_t size_field(const std::string& path, std::size_t line, std::string_view s, const char* what) {
    std::int64_t v = 0;
    if (!parse_int64(s, v) || v < 0) {
        std::string msg = "the size line's ";
        msg += what;
        msg += " must be an integer >= 0, got " + quote(s);
        fail_line(kRead, path, line, msg);
    }
    return static_cast<std::size_t>(v);
}
} // namespace

MatrixRead read_mtx(const std::string& path, Orientation orientation) {
    const std::string text = read_text_file(kRead, path);
    LineCursor cursor(text);
    std::string_view line;
    if (!cursor.next(line) || !lower(line).starts_with("%%matrixmarket")) {
        fail_line(kRead, path, 1,
                  "not a Matrix Market file: the first line must be '%%MatrixMarket matrix coordinate real general'");
    }
    const std::vector<std::string_view> banner = split_blanks(line);
    if (banner.size() != 5 || lower(banner[0]) != "%%matrixmarket" || lower(banner[1]) != "matrix") {
        fail_line(kRead, path, 1,
                  "the banner must read '%%MatrixMarket matrix <coordinate|array> <real|integer|pattern> general', "
                  "got " +
                      quote(line));
    }
    const std::string layout = lower(banner[2]), field = lower(banner[3]), symmetry = lower(banner[4]);
    if (layout != "coordinate" && layout != "array")
        fail_line(kRead, path, 1, "format " + quote(banner[2]) + " is not 'coordinate' or 'array'");
    if (field != "real" && field != "integer" && field != "pattern")
        fail_line(kRead, path, 1, "field " + quote(banner[3]) + " is not supported (real, integer or pattern)");
    if (symmetry != "general")
        fail_line(kRead, path, 1, "symmetry " + quote(banner[4]) + " is not supported (only 'general')");
    const bool coordinate = layout == "coordinate", pattern = field == "pattern";
    if (!coordinate && pattern) fail_line(kRead, path, 1, "the array format cannot be 'pattern'");

    if (!next_content(cursor, line)) {
        throw ConfigError(kRead + ": '" + path + "' ends before the size line ('rows columns" +
                          (coordinate ? " entries')" : "')"));
    }
    const std::size_t size_line = cursor.number();
    const std::vector<std::string_view> sizes = split_blanks(line);
    if (sizes.size() != (coordinate ? 3u : 2u)) {
        fail_line(kRead, path, size_line,
                  std::string("the size line must be '") + (coordinate ? "rows columns entries" : "rows columns") +
                      "', got " + quote(line));
    }
    const std::size_t rows = size_field(path, size_line, sizes[0], "rows");
    const std::size_t cols = size_field(path, size_line, sizes[1], "columns");
    if (rows != cols) {
        fail_line(kRead, path, size_line,
                  "the matrix is " + std::to_string(rows) + " x " + std::to_string(cols) +
                      "; a connectome needs a square matrix");
    }
    if (rows > kMaxNeurons) {
        fail_line(kRead, path, size_line,
                  std::to_string(rows) + " neurons is more than chaoslab reads (" + std::to_string(kMaxNeurons) + ")");
    }
    const std::size_t n = rows;
    // n <= 1e8, so n * n fits in 64 bits.
    const std::size_t declared = coordinate ? size_field(path, size_line, sizes[2], "entries") : n * n;
    if (coordinate && declared > n * n) {
        fail_line(kRead, path, size_line,
                  "declares " + std::to_string(declared) + " entries, more than a " + std::to_string(n) + " x " +
                      std::to_string(n) + " matrix holds");
    }

    MatrixRead out;
    Connectome& c = out.c;
    c.ids.resize(n);
    for (std::size_t i = 0; i < n; ++i) c.ids[i] = static_cast<std::int64_t>(i) + 1;
    std::size_t seen = 0;
    const std::size_t values_per_line = coordinate ? (pattern ? 2u : 3u) : 1u;
    while (next_content(cursor, line)) {
        const std::size_t at = cursor.number();
        if (seen == declared) {
            fail_line(kRead, path, at,
                      "more entries than the " + std::to_string(declared) + " declared on line " +
                          std::to_string(size_line));
        }
        const std::vector<std::string_view> f = split_blanks(line);
        if (f.size() != values_per_line) {
            std::string want = coordinate ? (pattern ? "'row column'" : "'row column value'") : "one value";
            fail_line(kRead, path, at,
                      "expected " + std::to_string(values_per_line) + " fields (" + want + "), got " +
                          std::to_string(f.size()));
        }
        std::size_t row = 0, col = 0;
        if (coordinate) {
            for (int k = 0; k < 2; ++k) {
                std::int64_t v = 0;
                const char* what = k == 0 ? "row" : "column";
                if (!parse_int64(f[k], v))
                    fail_line(kRead, path, at, std::string(what) + " index must be an integer, got " + quote(f[k]));
                if (v < 1 || static_cast<std::uint64_t>(v) > n) {
                    fail_line(kRead, path, at,
                              std::string(what) + " index " + std::to_string(v) + " is out of range 1.." +
                                  std::to_string(n) + " of the size line (line " + std::to_string(size_line) + ")");
                }
                (k == 0 ? row : col) = static_cast<std::size_t>(v - 1);
            }
        } else {
            // Dense arrays are column-major.
            row = seen % n;
            col = seen / n;
        }
        double w = 1.0;
        if (!pattern) {
            const std::string_view s = f[values_per_line - 1];
            if (!parse_double(s, w)) fail_line(kRead, path, at, "value must be a number, got " + quote(s));
            if (!std::isfinite(w)) fail_line(kRead, path, at, "value must be finite, got " + quote(s));
            if (field == "integer" && std::floor(w) != w)
                fail_line(kRead, path, at, "value must be an integer (field 'integer'), got " + quote(s));
        }
        ++seen;
        if (!coordinate && w == 0.0) continue; // a dense zero is no edge
        const bool post_rows = orientation == Orientation::post_pre;
        c.post.push_back(post_rows ? row : col);
        c.pre.push_back(post_rows ? col : row);
        c.weight.push_back(w);
        out.origin.push_back(at);
    }
    if (seen < declared) {
        throw ConfigError(kRead + ": '" + path + "' ends after " + std::to_string(seen) + " of the " +
                          std::to_string(declared) + " entries declared on line " + std::to_string(size_line));
    }
    return out;
}

void write_mtx(const std::string& path, const Connectome& c, Orientation orientation) {
    const bool post_rows = orientation == Orientation::post_pre;
    std::string text = "%%MatrixMarket matrix coordinate real general\n";
    text += post_rows ? "% chaoslab connectome: rows are post-synaptic, columns pre-synaptic neurons (ids 1..n)\n"
                      : "% chaoslab connectome: rows are pre-synaptic, columns post-synaptic neurons (ids 1..n)\n";
    text += std::to_string(c.size()) + " " + std::to_string(c.size()) + " " + std::to_string(c.edges()) + "\n";
    for (std::size_t k = 0; k < c.edges(); ++k) {
        const std::size_t row = post_rows ? c.post[k] : c.pre[k];
        const std::size_t col = post_rows ? c.pre[k] : c.post[k];
        text += std::to_string(row + 1);
        text += ' ';
        text += std::to_string(col + 1);
        text += ' ';
        text += format_weight(c.weight[k]);
        text += '\n';
    }
    write_text_file(path, text);
}

} // namespace chaoslab::connectome_detail
