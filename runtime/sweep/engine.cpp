// The sweep engine (see sweep_engine.hpp). Rank 0 keeps the state; with more than one rank a
// coordinator thread on rank 0 answers the other ranks' requests while rank 0's main thread
// computes its own points, so no rank waits for a long point on rank 0.
#include "sweep/engine.hpp"

#include "core/errors.hpp"
#include "io/sweep_file.hpp"
#include "sweep/journal.hpp"
#include "sweep/identity.hpp"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <exception>
#include <filesystem>
#include <memory>
#include <mutex>
#include <thread>

namespace chaoslab {

namespace {

using Clock = std::chrono::steady_clock;

void note(const std::string& text) {
    std::fprintf(stderr, "%s\n", text.c_str());
    std::fflush(stderr);
}

std::string utc_now() {
    const std::time_t t = std::time(nullptr);
    std::tm tm{};
    gmtime_r(&t, &tm);
    char buf[32];
    std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return buf;
}

const std::string* find_text(const SweepTable& t, const std::string& name) {
    for (const auto& [k, v] : t.text_attributes) {
        if (k == name) return &v;
    }
    return nullptr;
}

void set_text(SweepTable& t, const std::string& name, std::string value) {
    for (auto& [k, v] : t.text_attributes) {
        if (k == name) {
            v = std::move(value);
            return;
        }
    }
    t.text_attributes.emplace_back(name, std::move(value));
}

void set_number(SweepTable& t, const std::string& name, double value) {
    for (auto& [k, v] : t.number_attributes) {
        if (k == name) {
            v = value;
            return;
        }
    }
    t.number_attributes.emplace_back(name, value);
}

void apply(SweepTable& t, const PointOutcome& o) {
    if (o.index >= t.n_points()) throw Error("sweep: damaged record (point " + std::to_string(o.index + 1) + ")");
    t.status[o.index] = o.ok ? PointStatus::done : PointStatus::failed;
    t.errors[o.index] = o.ok ? std::string() : o.error;
    t.results[o.index] = o.ok ? o.row : ResultRow();
}

std::size_t count(const SweepTable& t, PointStatus s) {
    std::size_t n = 0;
    for (const PointStatus x : t.status) n += x == s;
    return n;
}

// Keeps the provenance of the run that started the sweep; a changed script is kept beside it.
void adopt_provenance(SweepTable& table, const SweepTable& earlier, const std::string& output) {
    if (const std::string* started = find_text(earlier, "started")) set_text(table, "started", *started);
    const std::string* old_script = find_text(earlier, "script");
    const std::string* new_script = find_text(table, "script");
    if (old_script && new_script && *old_script != *new_script) {
        note("sweep: warning: the script differs from the one that started " + output +
             "; resuming (both texts are kept: attributes 'script' and 'script_resumed')");
        const std::string latest = *new_script;
        set_text(table, "script", *old_script);
        set_text(table, "script_resumed", latest);
    }
}

// Rank 0's state of a running sweep; every method is called under `mutex`.
class SweepState {
public:
    SweepState(SweepTable declared, const SweepOptions& o, int ranks) : table_(std::move(declared)), o_(o) {
        name_ = o.output.empty() ? "sweep" : o.output;
        if (!o.output.empty()) load();
        std::vector<std::size_t> pending;
        for (std::size_t p = 0; p < table_.n_points(); ++p) {
            if (table_.status[p] != PointStatus::done) pending.push_back(p);
        }
        prior_done_ = count(table_, PointStatus::done);
        const std::size_t prior_failed = count(table_, PointStatus::failed);
        if (prior_done_ + prior_failed > 0) {
            if (pending.empty()) {
                note("sweep: " + name_ + ": all " + std::to_string(table_.n_points()) + " points are already done");
            } else {
                note("sweep: resuming " + name_ + ": " + std::to_string(prior_done_) + " of " +
                     std::to_string(table_.n_points()) + " points done" +
                     (prior_failed ? ", " + std::to_string(prior_failed) + " failed ones retried" : "") + ", " +
                     std::to_string(pending.size()) + " to go");
            }
        }
        // A check against earlier results is only needed when there are some.
        keys_confirmed_ = prior_done_ == 0;
        set_number(table_, "ranks", ranks);
        scheduler_ = std::make_unique<Scheduler>(pending, ranks, o.schedule);
        progress_ = std::make_unique<Progress>("sweep " + name_, table_.n_points(), table_.n_points() - pending.size(),
                                               o.progress, o.progress_interval_s);
        last_checkpoint_ = Clock::now();
        if (!o.output.empty() && fresh_file_) checkpoint("running");
    }

    std::optional<std::size_t> next(int rank) { return scheduler_->next(rank); }

    void record(PointOutcome o) {
        if (!fatal_.empty()) return;
        if (o.ok) {
            if (const ResultRow* ref = first_done_row(table_)) {
                if (!keys_confirmed_ && !same_keys(*ref, o.row)) {
                    fatal_ = "sweep: " + name_ + " holds a different sweep (its results have keys " + key_list(*ref) +
                             ", this script's " + key_list(o.row) +
                             "); set overwrite = true to replace it, or choose another output";
                    scheduler_->stop();
                    return;
                }
                const std::string diff = row_difference(*ref, o.row);
                if (!diff.empty()) {
                    o.ok = false;
                    o.error = "sweep: " + diff;
                    o.row.clear();
                }
            }
            if (o.ok) keys_confirmed_ = true;
        }
        if (journal_) {
            ByteWriter w;
            write_outcome(w, o);
            journal_->append(w.bytes());
        }
        apply(table_, o);
        progress_->update(count(table_, PointStatus::done), count(table_, PointStatus::failed));
        const auto now = Clock::now();
        if (journal_ && keys_confirmed_ &&
            std::chrono::duration<double>(now - last_checkpoint_).count() >= o_.checkpoint_s) {
            journal_->sync();
            checkpoint("running");
            last_checkpoint_ = now;
        }
    }

    // Ends the sweep on rank 0: the final file and no journal, or (on a fatal error) the journal
    // as it was before this run. Returns the fatal message, "" when all went well.
    std::string finish(int ranks) {
        if (!fatal_.empty()) {
            if (journal_) {
                if (journal_new_) {
                    journal_->remove();
                } else {
                    journal_->truncate(journal_start_);
                }
            }
            return fatal_;
        }
        const std::size_t done = count(table_, PointStatus::done), failed = count(table_, PointStatus::failed);
        set_text(table_, "finished", utc_now());
        if (journal_) {
            journal_->sync();
            checkpoint(failed ? "finished with failed points" : "complete");
            journal_->remove();
        }
        progress_->finish(done, failed, ranks);
        return "";
    }

    SweepTable& table() { return table_; }

private:
    void load() {
        const std::string& out = o_.output;
        const std::string journal_path = out + ".journal";
        std::error_code ec;
        if (o_.overwrite) {
            std::filesystem::remove(journal_path, ec);
            fresh_file_ = true;
        } else if (std::filesystem::exists(out)) {
            if (!is_sweep_file(out)) {
                throw ConfigError("sweep: " + out +
                                  " exists and is not a chaoslab sweep file; set overwrite = true to replace it, or "
                                  "choose another output");
            }
            const SweepTable there = read_sweep_file(out);
            const std::string diff = identity_difference(there, table_);
            if (!diff.empty()) {
                throw ConfigError("sweep: " + out + " holds a different sweep (" + diff +
                                  "); set overwrite = true to replace it, or choose another output");
            }
            adopt_provenance(table_, there, out);
            for (std::size_t p = 0; p < table_.n_points(); ++p) {
                table_.status[p] = there.status[p];
                table_.errors[p] = there.errors[p];
                table_.results[p] = there.results[p];
            }
        } else {
            fresh_file_ = true;
        }
        const bool journal_existed = std::filesystem::exists(journal_path);
        // A complete sweep with nothing to replay is left exactly as it is.
        if (!journal_existed && !fresh_file_ &&
            std::all_of(table_.status.begin(), table_.status.end(),
                        [](PointStatus s) { return s == PointStatus::done; })) {
            return;
        }
        journal_ = std::make_unique<Journal>(journal_path, out);
        std::uint64_t dropped = 0;
        const std::vector<Bytes> records = journal_->read_all(dropped);
        if (dropped) {
            note("sweep: " + journal_path + " ended in an incomplete record (" + std::to_string(dropped) +
                 " bytes, cut off by the interruption); dropped it");
        }
        if (records.empty()) {
            journal_new_ = !journal_existed;
            ByteWriter w;
            write_identity(w, table_);
            journal_->append(w.bytes());
        } else {
            SweepTable there;
            ByteReader r(records.front());
            read_identity(r, there);
            const std::string diff = identity_difference(there, table_);
            if (!diff.empty()) {
                throw ConfigError("sweep: " + journal_path + " belongs to a different sweep (" + diff +
                                  "); set overwrite = true to start afresh, or choose another output");
            }
            if (fresh_file_) adopt_provenance(table_, there, out);
            for (std::size_t k = 1; k < records.size(); ++k) {
                ByteReader rr(records[k]);
                apply(table_, read_outcome(rr));
            }
            // The HDF5 file may be missing or stale: bring it up to date before anything else.
            fresh_file_ = true;
        }
        journal_start_ = journal_->size();
    }

    void checkpoint(const char* state) {
        set_text(table_, "state", state);
        set_number(table_, "points_done", static_cast<double>(count(table_, PointStatus::done)));
        set_number(table_, "points_failed", static_cast<double>(count(table_, PointStatus::failed)));
        write_sweep_file(o_.output, table_);
    }

    SweepTable table_;
    SweepOptions o_;
    std::string name_;
    std::unique_ptr<Journal> journal_;
    std::unique_ptr<Scheduler> scheduler_;
    std::unique_ptr<Progress> progress_;
    std::uint64_t journal_start_ = 0;
    bool journal_new_ = false, fresh_file_ = false, keys_confirmed_ = true;
    std::size_t prior_done_ = 0;
    std::string fatal_;
    Clock::time_point last_checkpoint_;
};

// [u8 ok][message | table]: how rank 0 tells every rank the outcome of a collective step.
Bytes verdict(bool ok, const std::string& message, const Bytes& payload = {}) {
    ByteWriter w;
    w.u8(ok ? 1 : 0);
    if (!ok) w.text(message);
    w.raw(payload.data(), payload.size());
    return std::move(w.bytes());
}

// Broadcasts rank 0's verdict; throws its message on every rank when it is not ok. Returns the rest.
Bytes share_verdict(Comm& comm, Bytes bytes) {
    comm.broadcast(bytes, 0);
    ByteReader r(bytes);
    if (r.u8() == 0) throw SharedError(r.text());
    return Bytes(bytes.begin() + 1, bytes.end());
}

void run_worker(Comm& comm, const ComputePoint& compute) {
    ByteWriter first;
    first.u8(0);
    comm.send(0, kTagRequest, first.bytes());
    for (;;) {
        const Bytes b = comm.receive_from(0, kTagAssign);
        ByteReader r(b);
        if (r.u8() == 0) return;
        const auto index = static_cast<std::size_t>(r.u64());
        const PointOutcome o = compute(index);
        ByteWriter w;
        w.u8(1);
        write_outcome(w, o);
        comm.send(0, kTagRequest, w.bytes());
    }
}

// Rank 0's helper thread: answers requests until every other rank has been told "no more".
void coordinate(Comm& comm, SweepState& state, std::mutex& mutex, std::atomic<bool>& abort) {
    int released = 0;
    auto idle = std::chrono::microseconds(10);
    while (released < comm.size() - 1 && !abort.load()) {
        const auto env = comm.probe();
        if (!env) {
            std::this_thread::sleep_for(idle);
            idle = std::min(idle * 2, std::chrono::microseconds(500));
            continue;
        }
        idle = std::chrono::microseconds(10);
        const Bytes b = comm.receive(*env);
        if (env->tag != kTagRequest) continue;
        ByteReader r(b);
        std::optional<std::size_t> next;
        {
            std::lock_guard<std::mutex> lock(mutex);
            if (r.u8()) state.record(read_outcome(r));
            next = state.next(env->source);
        }
        ByteWriter w;
        w.u8(next ? 1 : 0);
        if (next) w.u64(*next);
        comm.send(env->source, kTagAssign, w.bytes());
        if (!next) ++released;
    }
}

} // namespace

SweepTable run_sweep(SweepTable declared, const SweepOptions& options, Comm& comm, const ComputePoint& compute) {
    if (comm.rank() != 0) {
        share_verdict(comm, {}); // loading went well (or this throws rank 0's message)
        run_worker(comm, compute);
        return decode_table(share_verdict(comm, {}));
    }

    std::unique_ptr<SweepState> state;
    try {
        if (!find_text(declared, "started")) set_text(declared, "started", utc_now());
        state = std::make_unique<SweepState>(std::move(declared), options, comm.size());
    } catch (const std::exception& e) {
        share_verdict(comm, verdict(false, e.what()));
        throw; // not reached: share_verdict throws the same message
    }
    share_verdict(comm, verdict(true, ""));

    std::mutex mutex;
    std::atomic<bool> abort{false};
    std::exception_ptr coordinator_error;
    std::thread coordinator;
    if (comm.size() > 1) {
        coordinator = std::thread([&] {
            try {
                coordinate(comm, *state, mutex, abort);
            } catch (...) {
                coordinator_error = std::current_exception();
                abort = true;
            }
        });
    }
    try {
        for (;;) {
            std::optional<std::size_t> index;
            {
                std::lock_guard<std::mutex> lock(mutex);
                index = state->next(0);
            }
            if (!index || abort.load()) break;
            PointOutcome o = compute(*index);
            std::lock_guard<std::mutex> lock(mutex);
            state->record(std::move(o));
        }
    } catch (...) {
        abort = true;
        if (coordinator.joinable()) coordinator.join();
        throw;
    }
    if (coordinator.joinable()) coordinator.join();
    if (coordinator_error) std::rethrow_exception(coordinator_error);

    std::string fatal;
    try {
        fatal = state->finish(comm.size());
    } catch (const std::exception& e) {
        fatal = e.what();
    }
    if (!fatal.empty()) share_verdict(comm, verdict(false, fatal));
    share_verdict(comm, verdict(true, "", comm.size() > 1 ? encode_table(state->table()) : Bytes{}));
    return std::move(state->table());
}

} // namespace chaoslab
