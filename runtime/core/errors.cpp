// Message helpers shared by the runtime's exceptions.
#include "core/errors.hpp"

#include <cmath>
#include <cstdio>

namespace chaoslab {

std::string format_number(double x) {
    if (std::isnan(x)) return "nan";
    if (std::isinf(x)) return x > 0 ? "inf" : "-inf";
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.14g", x);
    return buf;
}

} // namespace chaoslab
