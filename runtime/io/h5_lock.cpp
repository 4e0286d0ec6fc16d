// The process-wide HDF5 lock (see h5_lock.hpp).
#include "io/h5_lock.hpp"

#include <hdf5.h>

namespace chaoslab {

std::mutex& h5_mutex() {
    static std::mutex m;
    static const bool quiet = [] {
        H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr);
        return true;
    }();
    (void)quiet;
    return m;
}

} // namespace chaoslab
