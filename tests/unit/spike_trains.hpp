// Test helper shared by the spike-statistics tests: spike trains built spike by spike, viewed as
// the (times, ids) pair the measures take.
#pragma once

#include "measures/spike_pattern.hpp"

#include <cstdint>
#include <vector>

namespace chaoslab::test {

struct Trains {
    std::vector<double> times;
    std::vector<std::int32_t> ids;
    void add(std::int32_t id, double t) {
        times.push_back(t);
        ids.push_back(id);
    }
    SpikeView view() const { return SpikeView{times, ids}; }
};

} // namespace chaoslab::test
