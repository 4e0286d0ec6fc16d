// The single-process group: rank 0 of 1. Messages to oneself are never needed by the sweep engine
// (rank 0 computes its own points in-line), so sending is an error rather than a silent no-op.
#include "parallel/comm.hpp"

#include "core/errors.hpp"

#include <algorithm>
#include <cstdlib>

namespace chaoslab {

namespace {

class LocalComm final : public Comm {
public:
    int rank() const override { return 0; }
    int size() const override { return 1; }
    void send(int, int, const Bytes&) override { throw Error("internal: a one-process group cannot send"); }
    std::optional<Envelope> probe() override { return std::nullopt; }
    Bytes receive(const Envelope&) override { throw Error("internal: a one-process group cannot receive"); }
    Bytes receive_from(int, int) override { throw Error("internal: a one-process group cannot receive"); }
    void broadcast(Bytes&, int) override {}
    [[noreturn]] void abort(int code) override { std::_Exit(code); }
};

std::unique_ptr<Comm>& world_slot() {
    static std::unique_ptr<Comm> comm = make_local_comm();
    return comm;
}

} // namespace

std::unique_ptr<Comm> make_local_comm() { return std::make_unique<LocalComm>(); }

bool launched_by_mpi() {
    const auto names = {"OMPI_COMM_WORLD_SIZE", "PMIX_RANK", "PMI_RANK", "PMI_SIZE"};
    return std::any_of(names.begin(), names.end(), [](const char* v) { return std::getenv(v) != nullptr; });
}

Comm& world() { return *world_slot(); }

void init_world([[maybe_unused]] int& argc, [[maybe_unused]] char**& argv) {
#ifdef CHAOSLAB_HAVE_MPI
    // Outside mpirun, MPI_Init would start a singleton runtime (slow, sometimes noisy): stay local.
    if (launched_by_mpi()) world_slot() = make_mpi_comm(argc, argv);
#endif
}

void finalize_world([[maybe_unused]] bool failed) {
#ifdef CHAOSLAB_HAVE_MPI
    if (world().size() > 1 || launched_by_mpi()) finalize_mpi(failed && world().size() > 1);
#endif
}

} // namespace chaoslab
