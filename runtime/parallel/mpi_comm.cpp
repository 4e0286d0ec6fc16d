// The MPI world as a Comm (built only with CHAOSLAB_WITH_MPI; the one file that includes <mpi.h>).
// Messages are byte strings; the sweep engine's coordinator thread on rank 0 is the only thread
// that talks to MPI while a sweep runs, hence MPI_THREAD_SERIALIZED.
#include "parallel/comm.hpp"

#include "core/errors.hpp"

#include <mpi.h>

#include <climits>
#include <cstdio>
#include <cstdlib>
#include <string>

namespace chaoslab {

namespace {

void check(int rc, const char* what) {
    if (rc == MPI_SUCCESS) return;
    char text[MPI_MAX_ERROR_STRING];
    int len = 0;
    MPI_Error_string(rc, text, &len);
    throw Error(std::string("MPI: ") + what + " failed: " + std::string(text, static_cast<std::size_t>(len)));
}

int count_of(std::size_t n) {
    if (n > static_cast<std::size_t>(INT_MAX))
        throw Error("MPI: a message of " + std::to_string(n) + " bytes is too big");
    return static_cast<int>(n);
}

class MpiComm final : public Comm {
public:
    MpiComm() {
        MPI_Comm_rank(MPI_COMM_WORLD, &rank_);
        MPI_Comm_size(MPI_COMM_WORLD, &size_);
        // Errors come back as codes (turned into exceptions) rather than aborting every rank.
        MPI_Comm_set_errhandler(MPI_COMM_WORLD, MPI_ERRORS_RETURN);
    }
    int rank() const override { return rank_; }
    int size() const override { return size_; }

    void send(int dest, int tag, const Bytes& bytes) override {
        check(MPI_Send(bytes.data(), count_of(bytes.size()), MPI_BYTE, dest, tag, MPI_COMM_WORLD), "MPI_Send");
    }
    std::optional<Envelope> probe() override {
        int flag = 0;
        MPI_Status st;
        check(MPI_Iprobe(MPI_ANY_SOURCE, MPI_ANY_TAG, MPI_COMM_WORLD, &flag, &st), "MPI_Iprobe");
        if (!flag) return std::nullopt;
        int count = 0;
        MPI_Get_count(&st, MPI_BYTE, &count);
        return Envelope{st.MPI_SOURCE, st.MPI_TAG, static_cast<std::size_t>(count)};
    }
    Bytes receive(const Envelope& e) override {
        Bytes b(e.size);
        check(MPI_Recv(b.data(), count_of(b.size()), MPI_BYTE, e.source, e.tag, MPI_COMM_WORLD, MPI_STATUS_IGNORE),
              "MPI_Recv");
        return b;
    }
    Bytes receive_from(int source, int tag) override {
        MPI_Status st;
        check(MPI_Probe(source, tag, MPI_COMM_WORLD, &st), "MPI_Probe");
        int count = 0;
        MPI_Get_count(&st, MPI_BYTE, &count);
        return receive(Envelope{source, tag, static_cast<std::size_t>(count)});
    }
    void broadcast(Bytes& bytes, int root) override {
        unsigned long long n = bytes.size();
        check(MPI_Bcast(&n, 1, MPI_UNSIGNED_LONG_LONG, root, MPI_COMM_WORLD), "MPI_Bcast");
        bytes.resize(static_cast<std::size_t>(n));
        check(MPI_Bcast(bytes.data(), count_of(bytes.size()), MPI_BYTE, root, MPI_COMM_WORLD), "MPI_Bcast");
    }
    [[noreturn]] void abort(int code) override {
        MPI_Abort(MPI_COMM_WORLD, code);
        std::_Exit(code);
    }

private:
    int rank_ = 0, size_ = 1;
};

} // namespace

std::unique_ptr<Comm> make_mpi_comm(int& argc, char**& argv) {
    int provided = 0;
    MPI_Init_thread(&argc, &argv, MPI_THREAD_SERIALIZED, &provided);
    if (provided < MPI_THREAD_SERIALIZED) {
        int rank = 0;
        MPI_Comm_rank(MPI_COMM_WORLD, &rank);
        if (rank == 0) std::fprintf(stderr, "chaoslab: this MPI library does not support MPI_THREAD_SERIALIZED\n");
        MPI_Abort(MPI_COMM_WORLD, 1);
    }
    return std::make_unique<MpiComm>();
}

void finalize_mpi(bool abort_others) {
    int initialized = 0, finalized = 0;
    MPI_Initialized(&initialized);
    MPI_Finalized(&finalized);
    if (!initialized || finalized) return;
    // A failed script on one rank leaves the others waiting in a collective: end them all.
    if (abort_others) MPI_Abort(MPI_COMM_WORLD, 1);
    MPI_Finalize();
}

} // namespace chaoslab
