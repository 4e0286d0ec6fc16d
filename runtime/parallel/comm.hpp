// The process group a script runs in: MPI's world under mpirun (built with CHAOSLAB_WITH_MPI),
// else one local process. The sweep engine is its only user besides the host's start and end.
#pragma once

#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace chaoslab {

using Bytes = std::vector<std::byte>;

// A message waiting to be received: who sent it, with which tag, how many bytes.
struct Envelope {
    int source = 0;
    int tag = 0;
    std::size_t size = 0;
};

class Comm {
public:
    virtual ~Comm() = default;
    virtual int rank() const = 0;
    virtual int size() const = 0;
    // Point-to-point byte messages. Only one thread of a process calls these at a time.
    virtual void send(int dest, int tag, const Bytes& bytes) = 0;
    virtual std::optional<Envelope> probe() = 0; // a waiting message from anyone, without blocking
    virtual Bytes receive(const Envelope& e) = 0;
    virtual Bytes receive_from(int source, int tag) = 0; // blocks
    // Collective: every rank gets `root`'s bytes.
    virtual void broadcast(Bytes& bytes, int root) = 0;
    // Ends every rank at once (an error one rank cannot report to the others).
    [[noreturn]] virtual void abort(int code) = 0;
};

// Whether this process was started by an MPI launcher (mpirun, srun): the environment says so.
bool launched_by_mpi();

// Sets up the world: MPI when built with it and launched by mpirun, else the local group.
// Call once from main() before anything else uses world().
void init_world(int& argc, char**& argv);
// Ends MPI (if started); `failed` = the script failed, so the other ranks may be stuck: abort them.
void finalize_world(bool failed);

Comm& world();
inline int world_rank() { return world().rank(); }
inline int world_size() { return world().size(); }

// The local group of one process (always built; also the world before init_world).
std::unique_ptr<Comm> make_local_comm();
#ifdef CHAOSLAB_HAVE_MPI
std::unique_ptr<Comm> make_mpi_comm(int& argc, char**& argv); // parallel/mpi_comm.cpp
void finalize_mpi(bool abort_others);
#endif

} // namespace chaoslab
