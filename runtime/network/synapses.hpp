// chaoslab::Synapses: one projection's synapses stored as CSR rows of outgoing connections per
// presynaptic neuron, so spike delivery walks only the rows of neurons that spiked (spikes x fan-out).
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

namespace chaoslab {

// Delay of one synapse in integer time steps (the spiking engine's ring-buffer slots).
using DelaySteps = std::uint32_t;

// What the explicit-list builder does with two entries naming the same (pre, post) pair.
enum class Duplicates {
    reject, // ConfigError naming both entries
    sum,    // one synapse carrying the sum of their weights (their delays must agree)
};

struct Synapses {
    // How Synapses::from_lists numbers things in its messages.
    struct ListOptions {
        Duplicates duplicates = Duplicates::reject;
        // Added to entry positions and neuron indices in messages only: the Lua bindings pass 1 so a
        // script sees its own 1-based numbering; the indices themselves are always 0-based here.
        std::int64_t index_base = 0;
    };

    std::uint32_t n_pre = 0;
    std::uint32_t n_post = 0;
    // Row r (presynaptic neuron r) is entries offsets[r] .. offsets[std::size_t{r} + 1] - 1 of the arrays below;
    // 64-bit because large networks exceed 2^32 synapses long before 2^32 neurons.
    std::vector<std::uint64_t> offsets = std::vector<std::uint64_t>(1, 0);
    std::vector<std::uint32_t> targets; // postsynaptic indices, strictly ascending within a row
    std::vector<double> weights;        // mV (DESIGN.md "Weight convention")
    // One delay per synapse, or empty when the whole projection shares one delay (the common case,
    // which then costs no memory per synapse).
    std::vector<DelaySteps> delays;

    std::size_t size() const noexcept { return targets.size(); }
    bool empty() const noexcept { return targets.empty(); }
    bool has_delays() const noexcept { return !delays.empty(); }

    std::uint64_t fan_out(std::uint32_t pre) const noexcept { return offsets[std::size_t{pre} + 1] - offsets[pre]; }
    std::span<const std::uint32_t> row_targets(std::uint32_t pre) const noexcept {
        return {targets.data() + offsets[pre], static_cast<std::size_t>(fan_out(pre))};
    }
    std::span<const double> row_weights(std::uint32_t pre) const noexcept {
        return {weights.data() + offsets[pre], static_cast<std::size_t>(fan_out(pre))};
    }
    std::span<double> row_weights(std::uint32_t pre) noexcept {
        return {weights.data() + offsets[pre], static_cast<std::size_t>(fan_out(pre))};
    }
    // Empty when the projection has no per-synapse delays.
    std::span<const DelaySteps> row_delays(std::uint32_t pre) const noexcept {
        if (delays.empty()) return {};
        return {delays.data() + offsets[pre], static_cast<std::size_t>(fan_out(pre))};
    }

    std::vector<std::uint64_t> out_degrees() const; // fan-out of every presynaptic neuron
    std::vector<std::uint64_t> in_degrees() const;  // synapses onto every postsynaptic neuron

    // Checks the CSR invariants (sizes, monotone offsets, ascending in-range targets) and throws
    // std::logic_error on the first violation: a broken Synapses is a bug, not user input.
    void check_invariants() const;

    // Builds CSR from explicit (pre[i], post[i], weight[i] [, delay[i]]) entries in any order.
    // Rejects, with a ConfigError naming the entry, mismatched lengths, indices outside
    // [0, n_pre) / [0, n_post), non-finite weights, negative or too large delays, and (unless
    // options.duplicates is sum) repeated pairs:
    //   "connect: pre[3] = 12 is out of range for a population of 10".
    // An empty `delay` means one delay for the whole projection (delays stays empty).
    static Synapses from_lists(std::uint32_t n_pre, std::uint32_t n_post, std::span<const std::int64_t> pre,
                               std::span<const std::int64_t> post, std::span<const double> weight,
                               std::span<const std::int64_t> delay, const ListOptions& options);
    static Synapses from_lists(std::uint32_t n_pre, std::uint32_t n_post, std::span<const std::int64_t> pre,
                               std::span<const std::int64_t> post, std::span<const double> weight) {
        return from_lists(n_pre, n_post, pre, post, weight, {}, ListOptions{});
    }
};

} // namespace chaoslab
