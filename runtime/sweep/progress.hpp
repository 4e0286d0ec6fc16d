// Rank 0's progress report on stderr: a live bar on a terminal, plain periodic lines otherwise
// (so batch logs stay readable), and one closing line.
#pragma once

#include "core/enum_names.hpp"

#include <chrono>
#include <cstddef>
#include <string>

namespace chaoslab {

enum class ProgressMode { automatic, bar, log, off };
// The modes option 'progress' names by a string; true and false are its other values (automatic:
// a bar on a terminal, log lines otherwise; off).
inline constexpr EnumName<ProgressMode> kProgressModeNames[] = {{"bar", ProgressMode::bar}, {"log", ProgressMode::log}};

class Progress {
public:
    // `total` points in the sweep, `already` of them done before this run started.
    Progress(std::string name, std::size_t total, std::size_t already, ProgressMode mode, double interval_s);
    // Called after each finished point (done or failed) of this run.
    void update(std::size_t done, std::size_t failed);
    // The closing line: points, time, rate.
    void finish(std::size_t done, std::size_t failed, int ranks);
    // "1h02m", "3m05s", "12.5s"
    static std::string duration_text(double seconds);

private:
    std::string line(std::size_t done, std::size_t failed, double elapsed) const;
    std::string name_;
    std::size_t total_, already_;
    ProgressMode mode_;
    double interval_s_;
    std::chrono::steady_clock::time_point start_, last_;
    bool bar_shown_ = false;
};

} // namespace chaoslab
