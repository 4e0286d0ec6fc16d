// The sweep journal: a magic line, then records of [u32 length][u32 FNV-1a checksum][payload].
#include "sweep/journal.hpp"

#include "core/errors.hpp"
#include "sweep/codec.hpp"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

namespace chaoslab {

namespace {

constexpr char kMagic[] = "chaoslab journal 1\n";
constexpr std::size_t kMagicSize = sizeof(kMagic) - 1;

[[noreturn]] void fail(const std::string& what, const std::string& path) {
    throw Error("sweep: cannot " + what + " " + path + ": " + std::strerror(errno));
}

void write_all(int fd, const void* p, std::size_t n, const std::string& path) {
    const auto* b = static_cast<const char*>(p);
    while (n > 0) {
        const ssize_t k = ::write(fd, b, n);
        if (k < 0) {
            if (errno == EINTR) continue;
            fail("write", path);
        }
        b += k;
        n -= static_cast<std::size_t>(k);
    }
}

} // namespace

Journal::Journal(std::string path, const std::string& sweep_name) : path_(std::move(path)) {
    fd_ = ::open(path_.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (fd_ < 0) fail("open", path_);
    if (::flock(fd_, LOCK_EX | LOCK_NB) != 0) {
        ::close(fd_);
        fd_ = -1;
        throw ConfigError("sweep: " + sweep_name + " is being written by another chaoslab process (" + path_ +
                          " is locked)");
    }
}

Journal::~Journal() {
    if (fd_ >= 0) ::close(fd_); // also releases the lock
}

std::vector<Bytes> Journal::read_all(std::uint64_t& dropped_bytes) {
    dropped_bytes = 0;
    const std::uint64_t total = size();
    std::vector<char> all(static_cast<std::size_t>(total));
    std::size_t got = 0;
    while (got < all.size()) {
        const ssize_t k = ::pread(fd_, all.data() + got, all.size() - got, static_cast<off_t>(got));
        if (k < 0 && errno == EINTR) continue;
        if (k <= 0) fail("read", path_);
        got += static_cast<std::size_t>(k);
    }
    std::vector<Bytes> records;
    // New, or killed while the magic line was being written: start it afresh.
    if (total == 0 || (total < kMagicSize && std::memcmp(all.data(), kMagic, all.size()) == 0)) {
        truncate(0);
        write_all(fd_, kMagic, kMagicSize, path_);
        return records;
    }
    if (total < kMagicSize || std::memcmp(all.data(), kMagic, kMagicSize) != 0) {
        throw ConfigError("sweep: " + path_ + " is not a chaoslab journal; remove it or set overwrite = true");
    }
    std::size_t pos = kMagicSize;
    while (pos + 8 <= all.size()) {
        std::uint32_t length = 0, sum = 0;
        std::memcpy(&length, all.data() + pos, 4);
        std::memcpy(&sum, all.data() + pos + 4, 4);
        if (length > all.size() - pos - 8) break;
        const auto* payload = reinterpret_cast<const std::byte*>(all.data() + pos + 8);
        if (checksum(payload, length) != sum) break;
        records.emplace_back(payload, payload + length);
        pos += 8 + length;
    }
    if (pos < all.size()) {
        dropped_bytes = all.size() - pos;
        truncate(pos);
    }
    return records;
}

void Journal::append(const Bytes& record) {
    if (record.size() > 0xffffffffu)
        throw Error("sweep: a result record of " + std::to_string(record.size()) +
                    " bytes is too large for the journal (4 GiB)");
    // One write() per record: header and payload together, so a kill leaves a whole record or a
    // torn one that the checksum rejects, never a valid-looking mix.
    Bytes buf(8 + record.size());
    const auto length = static_cast<std::uint32_t>(record.size());
    const std::uint32_t sum = checksum(record.data(), record.size());
    std::memcpy(buf.data(), &length, 4);
    std::memcpy(buf.data() + 4, &sum, 4);
    if (!record.empty()) std::memcpy(buf.data() + 8, record.data(), record.size());
    if (::lseek(fd_, 0, SEEK_END) < 0) fail("seek in", path_);
    write_all(fd_, buf.data(), buf.size(), path_);
}

void Journal::sync() {
    if (::fdatasync(fd_) != 0) fail("sync", path_);
}

std::uint64_t Journal::size() const {
    struct stat st {};
    if (::fstat(fd_, &st) != 0) fail("stat", path_);
    return static_cast<std::uint64_t>(st.st_size);
}

void Journal::truncate(std::uint64_t size) {
    if (::ftruncate(fd_, static_cast<off_t>(size)) != 0) fail("truncate", path_);
}

void Journal::remove() {
    if (::unlink(path_.c_str()) != 0 && errno != ENOENT) fail("remove", path_);
    ::close(fd_);
    fd_ = -1;
}

} // namespace chaoslab
