// The append-only journal beside a sweep's HDF5 file: the sweep's identity, then one record per
// finished point. A write() that returned is in the page cache and survives SIGKILL of the
// process; every record carries its length and checksum, so a torn last record is recognised
// and dropped instead of read as data.
#pragma once

#include "parallel/comm.hpp"

#include <cstdint>
#include <string>
#include <vector>

namespace chaoslab {

class Journal {
public:
    // Opens (creating it if missing) and locks `path`; refuses a journal that another process
    // holds ("sweep: x.h5 is being written by another chaoslab process (x.h5.journal is locked)").
    explicit Journal(std::string path, const std::string& sweep_name);
    ~Journal();
    Journal(const Journal&) = delete;
    Journal& operator=(const Journal&) = delete;

    // The records in order (the identity record first when the journal is not new). A torn or
    // damaged tail is cut off; `dropped_bytes` says how much.
    std::vector<Bytes> read_all(std::uint64_t& dropped_bytes);
    void append(const Bytes& record);
    void sync();                       // fdatasync: make the appended records durable
    std::uint64_t size() const;        // bytes on disk
    void truncate(std::uint64_t size); // back to an earlier size (undo this session's records)
    void remove();                     // unlink and close (the sweep is complete)
    const std::string& path() const { return path_; }

private:
    std::string path_;
    int fd_ = -1;
};

} // namespace chaoslab
