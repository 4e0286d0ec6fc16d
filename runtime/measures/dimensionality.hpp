// Dimensionality of binned 0/1 activity from the eigenvalues of its covariance: participation ratio,
// number of eigenvalues, 95 % variance count and total variance (spec seed_algorithms.md 1.5 item 9).
#pragma once

#include "measures/spike_pattern.hpp"

#include <cstddef>
#include <vector>

namespace chaoslab {

// Variances are population variances (divide by the count, numpy's np.var), covariances sample ones (divide
// by observations - 1, np.cov), as in the seed.
enum class DimensionalityConvention {
    // The default: neurons are the variables, bins the observations. Drop neurons whose variance over bins
    // is <= threshold, centre each neuron, covariance between neurons.
    neurons,
    // The seed's HEAD (compute_dimensionality_from_covariance), whose orientation depends on the shape
    // (spec 1.12 item 11). For N neurons x B bins with N >= B (its 1000 x 150 case): drop *bins* whose
    // variance across neurons is <= threshold, subtract each bin's mean across neurons, then take the
    // covariance with neurons as variables (which re-centres each neuron): the covariance of a double-centred
    // matrix, with the population-mean fluctuation of each bin removed. For N < B it equals neurons.
    seed
};

struct DimensionalityOptions {
    double threshold = 1e-10; // variables/bins with variance <= threshold and eigenvalues <= threshold are dropped
    DimensionalityConvention convention = DimensionalityConvention::neurons;
};

struct Dimensionality {
    double participation_ratio = 0.0; // (sum l)^2 / sum l^2 over the kept eigenvalues l; NaN if none
    std::size_t n_eigenvalues = 0;    // number of eigenvalues > threshold (the seed's "intrinsic_dimensionality")
    std::size_t dim95 = 0; // smallest k whose k largest eigenvalues hold >= 95 % of the total variance (the seed's
                           // "effective_dimensionality"); 0 if none
    double total_variance = 0.0;     // sum of the kept eigenvalues
    std::vector<double> eigenvalues; // the kept eigenvalues, descending
};

// activity: rows = neurons, columns = time bins. Fewer than two observations (bins) leave no covariance and
// give no eigenvalues. Where the seed returns placeholders for fewer than two active variables (PR 1 or 0,
// total variance 0), this follows the definitions above (one variable: PR 1 and its variance; none: NaN).
Dimensionality dimensionality(const SparseRaster& activity, const DimensionalityOptions& options = {});

} // namespace chaoslab
