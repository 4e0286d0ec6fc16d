// The sweep's session, output path, result-key checks and closing summary (see results.hpp).
#include "sweep/results.hpp"

#include "core/errors.hpp"
#include "sweep/identity.hpp"
#include "sweep/plan.hpp"

#include <algorithm>
#include <filesystem>
#include <system_error>

namespace chaoslab {

SessionChoice choose_session(std::uint64_t script, std::optional<std::uint64_t> command_line) {
    if (!command_line || *command_line == script) return {script, ""};
    return {*command_line, "sweep: session " + std::to_string(*command_line) +
                               " from the command line (the script says " + std::to_string(script) + ")"};
}

std::string output_path(const std::string& output, const std::string& output_dir) {
    if (output.empty() || output_dir.empty() || !std::filesystem::path(output).is_relative()) return output;
    return (std::filesystem::path(output_dir) / output).string();
}

void make_output_folder(const std::string& output) {
    const std::filesystem::path dir = std::filesystem::path(output).parent_path();
    if (dir.empty()) return;
    std::error_code ec;
    std::filesystem::create_directories(dir, ec);
    if (ec)
        throw ConfigError("sweep: cannot create the folder " + dir.string() + " of output " + output + ": " +
                          ec.message());
}

std::string check_result_key(const std::string& key) {
    if (std::find(std::begin(kReservedResultKeys), std::end(kReservedResultKeys), key) !=
        std::end(kReservedResultKeys)) {
        return "sweep: result key '" + key + "' is reserved (params, status, errors, info)";
    }
    if (!is_dataset_name(key)) return "sweep: result key '" + key + "' cannot be empty or contain '/'";
    return "";
}

void sort_row(ResultRow& row) {
    std::sort(row.begin(), row.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
}

SweepSummary summarize(const SweepTable& t) {
    SweepSummary s;
    s.points = t.n_points();
    for (std::size_t p = 0; p < t.n_points(); ++p) {
        switch (t.status[p]) {
        case PointStatus::done:
            ++s.done;
            break;
        case PointStatus::failed:
            ++s.failed;
            if (!s.first_failed) s.first_failed = p;
            break;
        case PointStatus::pending:
            ++s.pending;
            break;
        }
    }
    return s;
}

std::string point_text(const SweepTable& t, std::size_t p) {
    std::string s = "point " + std::to_string(p + 1) + " (";
    for (std::size_t a = 0; a < t.axes.size(); ++a) s += (a ? ", " : "") + t.axes[a] + " = " + describe(t.params[a][p]);
    return s + ")";
}

std::string failure_message(const SweepTable& t, const SweepSummary& s, const std::string& output) {
    if (!s.failed || !s.first_failed) return "";
    const std::size_t first = *s.first_failed;
    const std::string where = output.empty() ? "results.errors" : "/errors in " + output;
    return "sweep: " + std::to_string(s.failed) + " of " + std::to_string(s.points) + " points failed, see " + where +
           " (first: " + point_text(t, first) + ": " + t.errors[first] + ")";
}

} // namespace chaoslab
