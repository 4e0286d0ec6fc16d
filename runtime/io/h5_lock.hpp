// One lock around every HDF5 call: the library is built without thread safety, and a sweep's
// coordinator thread writes its file while the script may use chaoslab.h5.
#pragma once

#include <mutex>

namespace chaoslab {

// Also switches off HDF5's printing of its error stack on first use (errors become exceptions).
std::mutex& h5_mutex();

} // namespace chaoslab
