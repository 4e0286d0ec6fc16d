// Progress lines of a running sweep (done/total, points per second, ETA).
#include "sweep/progress.hpp"

#include <cmath>
#include <cstdio>
#include <unistd.h>

namespace chaoslab {

Progress::Progress(std::string name, std::size_t total, std::size_t already, ProgressMode mode, double interval_s)
    : name_(std::move(name)), total_(total), already_(already), mode_(mode), interval_s_(interval_s),
      start_(std::chrono::steady_clock::now()), last_(start_) {
    if (mode_ == ProgressMode::automatic) mode_ = isatty(STDERR_FILENO) ? ProgressMode::bar : ProgressMode::log;
}

std::string Progress::duration_text(double s) {
    char buf[64];
    if (!std::isfinite(s)) return "?";
    if (s < 10.0) {
        std::snprintf(buf, sizeof buf, "%.2fs", s);
    } else if (s < 60.0) {
        std::snprintf(buf, sizeof buf, "%.1fs", s);
    } else if (s < 3600.0) {
        std::snprintf(buf, sizeof buf, "%dm%02ds", static_cast<int>(s / 60.0), static_cast<int>(std::fmod(s, 60.0)));
    } else {
        std::snprintf(buf, sizeof buf, "%dh%02dm", static_cast<int>(s / 3600.0),
                      static_cast<int>(std::fmod(s, 3600.0) / 60.0));
    }
    return buf;
}

std::string Progress::line(std::size_t done, std::size_t failed, double elapsed) const {
    const std::size_t finished = done + failed;
    const std::size_t this_run = finished > already_ ? finished - already_ : 0;
    const double rate = elapsed > 0.0 ? static_cast<double>(this_run) / elapsed : 0.0;
    const double eta = rate > 0.0 ? static_cast<double>(total_ - finished) / rate : NAN;
    char buf[256];
    std::snprintf(buf, sizeof buf, "%s: %zu/%zu points (%.0f%%)%s, %.3g points/s, ETA %s", name_.c_str(), finished,
                  total_, 100.0 * static_cast<double>(finished) / static_cast<double>(total_ ? total_ : 1),
                  failed ? (", " + std::to_string(failed) + " failed").c_str() : "", rate,
                  finished == total_ ? "0s" : duration_text(eta).c_str());
    return buf;
}

void Progress::update(std::size_t done, std::size_t failed) {
    if (mode_ == ProgressMode::off) return;
    const auto now = std::chrono::steady_clock::now();
    const double since_last = std::chrono::duration<double>(now - last_).count();
    const double bar_interval = 0.2;
    if (since_last < (mode_ == ProgressMode::bar ? bar_interval : interval_s_)) return;
    last_ = now;
    const std::string text = line(done, failed, std::chrono::duration<double>(now - start_).count());
    if (mode_ == ProgressMode::bar) {
        std::fprintf(stderr, "\r\033[K%s", text.c_str());
        bar_shown_ = true;
    } else {
        std::fprintf(stderr, "%s\n", text.c_str());
    }
    std::fflush(stderr);
}

void Progress::finish(std::size_t done, std::size_t failed, int ranks) {
    if (mode_ == ProgressMode::off) return;
    const double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
    const std::size_t this_run = done + failed > already_ ? done + failed - already_ : 0;
    if (this_run == 0) return; // nothing ran: the engine has said why ("all points are already done")
    if (bar_shown_) std::fprintf(stderr, "\r\033[K");
    std::fprintf(stderr, "%s: %zu points in %s (%.3g points/s) on %d rank%s%s\n", name_.c_str(), this_run,
                 duration_text(elapsed).c_str(), elapsed > 0 ? static_cast<double>(this_run) / elapsed : 0.0, ranks,
                 ranks == 1 ? "" : "s", failed ? (", " + std::to_string(failed) + " failed").c_str() : "");
    std::fflush(stderr);
}

} // namespace chaoslab
