// CSV connectome files: the edge list (pre,post,weight by original ids) and the neuron table
// (id,type[,region]), readers and writers, plus the text helpers Matrix Market shares.
#include "io/connectome_formats.hpp"

#include "core/errors.hpp"

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <memory>

namespace chaoslab::connectome_detail {

namespace {
const std::string kRead = "connectome.read";
const std::string kWrite = "connectome.write";

std::string lower(std::string s) {
    for (char& ch : s) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    return s;
}

std::string join(const std::vector<std::string>& names) {
    std::string out;
    for (const std::string& s : names) {
        if (!out.empty()) out += ", ";
        out += s;
    }
    return out;
}

// The header's columns: the position of each wanted name (case-insensitive), npos if absent.
struct Header {
    std::vector<std::string> names;
    std::size_t find(const std::string& name) const {
        for (std::size_t k = 0; k < names.size(); ++k)
            if (lower(names[k]) == name) return k;
        return std::string::npos;
    }
};

// Skips blank and '#' lines; false at the end of the text.
bool next_content(LineCursor& cursor, std::string_view& line) {
    while (cursor.next(line)) {
        if (blank(line) || trim(line).front() == '#') continue;
        return true;
    }
    return false;
}

Header read_header(const std::string& path, LineCursor& cursor, const char* what) {
    std::string_view line;
    if (!next_content(cursor, line)) {
        std::string msg = kRead + ": '" + path + "' is empty (a CSV ";
        msg += what;
        msg += " starts with a header line)";
        throw ConfigError(msg);
    }
    Header h;
    if (!split_csv(line, h.names)) fail_line(kRead, path, cursor.number(), "unterminated quote in the header");
    return h;
}

std::size_t require_column(const std::string& path, const Header& h, std::size_t line, const std::string& name,
                           const char* expected) {
    const std::size_t k = h.find(name);
    if (k == std::string::npos) {
        std::string msg = "the header has no column '" + name + "' (expected ";
        msg += expected;
        msg += "; found: " + join(h.names) + ")";
        fail_line(kRead, path, line, msg);
    }
    return k;
}

void check_field_count(const std::string& path, std::size_t line, std::size_t got, std::size_t expected) {
    if (got != expected) {
        fail_line(kRead, path, line,
                  "expected " + std::to_string(expected) + " fields like the header, got " + std::to_string(got));
    }
}

std::int64_t id_field(const std::string& path, std::size_t line, const std::string& column, const std::string& s) {
    std::int64_t v = 0;
    if (!parse_int64(s, v)) {
        fail_line(kRead, path, line, column + " must be an integer id (64-bit), got " + quote(s));
    }
    return v;
}

} // namespace

// ---- text helpers ---------------------------------------------------------------------------

std::string read_text_file(const std::string& fn, const std::string& path) {
    std::unique_ptr<std::FILE, int (*)(std::FILE*)> f(std::fopen(path.c_str(), "rb"), &std::fclose);
    if (!f) throw ConfigError(fn + ": cannot open '" + path + "': " + std::strerror(errno));
    std::string text;
    char buf[1 << 16];
    std::size_t got = 0;
    while ((got = std::fread(buf, 1, sizeof buf, f.get())) > 0) text.append(buf, got);
    // A directory opens but does not read; other read errors the same way.
    if (std::ferror(f.get())) throw ConfigError(fn + ": cannot read '" + path + "': " + std::strerror(errno));
    return text;
}

LineCursor::LineCursor(std::string_view text) : text_(text) {
    if (text_.starts_with("\xEF\xBB\xBF")) pos_ = 3;
}

bool LineCursor::next(std::string_view& line) {
    if (pos_ >= text_.size()) return false;
    const std::size_t end = text_.find('\n', pos_);
    const std::size_t stop = end == std::string_view::npos ? text_.size() : end;
    line = text_.substr(pos_, stop - pos_);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    pos_ = stop + 1;
    ++number_;
    return true;
}

std::string_view trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
    return s;
}

bool blank(std::string_view s) { return trim(s).empty(); }

std::string quote(std::string_view s) {
    std::string out(1, '\'');
    // Control bytes (a binary file read as text) are shown as \xNN, so the message stays one line.
    const bool shorten = s.size() > 40;
    for (const char ch : shorten ? s.substr(0, 37) : s) {
        const auto byte = static_cast<unsigned char>(ch);
        if (byte < 0x20 || byte == 0x7f) {
            char hex[8];
            std::snprintf(hex, sizeof hex, "\\x%02X", byte);
            out += hex;
        } else {
            out += ch;
        }
    }
    if (shorten) out += "...";
    out += '\'';
    return out;
}

bool split_csv(std::string_view line, std::vector<std::string>& fields) {
    fields.clear();
    std::size_t i = 0;
    while (true) {
        std::string field;
        while (i < line.size() && (line[i] == ' ' || line[i] == '\t')) ++i;
        if (i < line.size() && line[i] == '"') {
            ++i;
            bool closed = false;
            while (i < line.size()) {
                if (line[i] == '"') {
                    if (i + 1 < line.size() && line[i + 1] == '"') {
                        field += '"';
                        i += 2;
                        continue;
                    }
                    ++i;
                    closed = true;
                    break;
                }
                field += line[i++];
            }
            if (!closed) return false;
            // Anything between the closing quote and the comma is kept (trimmed), as spreadsheets do.
            const std::size_t comma = line.find(',', i);
            field += trim(line.substr(i, comma == std::string_view::npos ? std::string_view::npos : comma - i));
            i = comma;
        } else {
            const std::size_t comma = line.find(',', i);
            field = trim(line.substr(i, comma == std::string_view::npos ? std::string_view::npos : comma - i));
            i = comma;
        }
        fields.push_back(std::move(field));
        if (i == std::string_view::npos) return true;
        ++i; // past the comma
    }
}

std::vector<std::string_view> split_blanks(std::string_view line) {
    std::vector<std::string_view> out;
    std::size_t i = 0;
    while (i < line.size()) {
        while (i < line.size() && (line[i] == ' ' || line[i] == '\t')) ++i;
        if (i >= line.size()) break;
        std::size_t j = i;
        while (j < line.size() && line[j] != ' ' && line[j] != '\t') ++j;
        out.push_back(line.substr(i, j - i));
        i = j;
    }
    return out;
}

bool parse_int64(std::string_view s, std::int64_t& out) {
    if (s.starts_with('+')) s.remove_prefix(1);
    if (s.empty()) return false;
    const auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
    return ec == std::errc() && ptr == s.data() + s.size();
}

bool parse_double(std::string_view s, double& out) {
    if (s.starts_with('+')) s.remove_prefix(1);
    if (s.empty()) return false;
    const auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
    // Out of range (1e999) is reported as not a number: the value cannot be represented.
    return ec == std::errc() && ptr == s.data() + s.size();
}

std::string csv_field(const std::string& s) {
    const bool plain = s.find_first_of(",\"") == std::string::npos && trim(s).size() == s.size();
    if (plain) return s;
    std::string out(1, '"');
    for (char ch : s) {
        if (ch == '"') out += '"';
        out += ch;
    }
    out += '"';
    return out;
}

void write_text_file(const std::string& path, const std::string& text) {
    std::unique_ptr<std::FILE, int (*)(std::FILE*)> f(std::fopen(path.c_str(), "wb"), &std::fclose);
    if (!f) throw ConfigError(kWrite + ": cannot open '" + path + "' for writing: " + std::strerror(errno));
    const bool wrote = std::fwrite(text.data(), 1, text.size(), f.get()) == text.size();
    const int err = errno;
    if (std::fclose(f.release()) != 0 || !wrote) {
        throw ConfigError(kWrite + ": cannot write '" + path + "': " + std::strerror(wrote ? errno : err));
    }
}

void fail_line(const std::string& fn, const std::string& path, std::size_t line, const std::string& msg) {
    throw ConfigError(fn + ": '" + path + "' line " + std::to_string(line) + ": " + msg);
}

// ---- edge list -------------------------------------------------------------------------------

IdEdges read_csv_edges(const std::string& path) {
    const std::string text = read_text_file(kRead, path);
    LineCursor cursor(text);
    const Header h = read_header(path, cursor, "edge list");
    const std::size_t header_line = cursor.number();
    const char* expected = "pre,post,weight";
    const std::size_t c_pre = require_column(path, h, header_line, "pre", expected);
    const std::size_t c_post = require_column(path, h, header_line, "post", expected);
    const std::size_t c_weight = require_column(path, h, header_line, "weight", expected);
    IdEdges e;
    std::vector<std::string> f;
    std::string_view line;
    while (next_content(cursor, line)) {
        const std::size_t at = cursor.number();
        if (!split_csv(line, f)) fail_line(kRead, path, at, "unterminated quote");
        check_field_count(path, at, f.size(), h.names.size());
        e.pre.push_back(id_field(path, at, "pre", f[c_pre]));
        e.post.push_back(id_field(path, at, "post", f[c_post]));
        double w = 0;
        if (!parse_double(f[c_weight], w))
            fail_line(kRead, path, at, "weight must be a number, got " + quote(f[c_weight]));
        if (!std::isfinite(w)) fail_line(kRead, path, at, "weight must be finite, got " + quote(f[c_weight]));
        e.weight.push_back(w);
        e.line.push_back(at);
    }
    return e;
}

void write_csv_edges(const std::string& path, const Connectome& c) {
    std::string text = "pre,post,weight\n";
    for (std::size_t k = 0; k < c.edges(); ++k) {
        text += std::to_string(c.ids[c.pre[k]]);
        text += ',';
        text += std::to_string(c.ids[c.post[k]]);
        text += ',';
        text += format_weight(c.weight[k]);
        text += '\n';
    }
    write_text_file(path, text);
}

// ---- neuron table ----------------------------------------------------------------------------

NeuronTable read_neuron_table(const std::string& path) {
    const std::string text = read_text_file(kRead, path);
    LineCursor cursor(text);
    const Header h = read_header(path, cursor, "neuron table");
    const std::size_t header_line = cursor.number();
    const std::size_t c_id = require_column(path, h, header_line, "id", "id,type[,region]");
    const std::size_t c_type = h.find("type"), c_region = h.find("region");
    NeuronTable t;
    t.has_type = c_type != std::string::npos;
    t.has_region = c_region != std::string::npos;
    std::vector<std::string> f;
    std::string_view line;
    while (next_content(cursor, line)) {
        const std::size_t at = cursor.number();
        if (!split_csv(line, f)) fail_line(kRead, path, at, "unterminated quote");
        check_field_count(path, at, f.size(), h.names.size());
        t.ids.push_back(id_field(path, at, "id", f[c_id]));
        if (t.has_type) t.types.push_back(f[c_type]);
        if (t.has_region) t.regions.push_back(f[c_region]);
        t.line.push_back(at);
    }
    // Duplicate ids: report the second occurrence with the line of the first.
    std::vector<std::size_t> order(t.ids.size());
    for (std::size_t k = 0; k < order.size(); ++k) order[k] = k;
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return t.ids[a] < t.ids[b]; });
    std::size_t worst = std::string::npos, first = 0;
    for (std::size_t k = 1; k < order.size(); ++k) {
        if (t.ids[order[k]] == t.ids[order[k - 1]] && (worst == std::string::npos || order[k] < worst)) {
            worst = order[k];
            first = order[k - 1];
        }
    }
    if (worst != std::string::npos) {
        fail_line(kRead, path, t.line[worst],
                  "id " + std::to_string(t.ids[worst]) + " is listed twice (first on line " +
                      std::to_string(t.line[first]) + ")");
    }
    return t;
}

void write_neuron_table(const std::string& path, const Connectome& c) {
    const bool types = !c.types.empty(), regions = !c.regions.empty();
    std::string text = "id";
    if (types) text += ",type";
    if (regions) text += ",region";
    text += '\n';
    for (std::size_t i = 0; i < c.size(); ++i) {
        for (const std::vector<std::string>* v : {&c.types, &c.regions}) {
            if (v->empty()) continue;
            if ((*v)[i].find_first_of("\r\n") != std::string::npos) {
                throw ConfigError(kWrite + ": the " + (v == &c.types ? "type" : "region") + " of neuron id " +
                                  std::to_string(c.ids[i]) + " contains a line break, which a CSV table cannot hold");
            }
        }
        text += std::to_string(c.ids[i]);
        if (types) {
            text += ',';
            text += csv_field(c.types[i]);
        }
        if (regions) {
            text += ',';
            text += csv_field(c.regions[i]);
        }
        text += '\n';
    }
    write_text_file(path, text);
}

} // namespace chaoslab::connectome_detail
