// What select_all and select_ok share (futures 0.1's SelectAll and SelectOk): a vector of
// futures that must not be empty, and taking one future out of it while the others stay, in
// their order.
#pragma once

#include <cstddef>
#include <utility>
#include <vector>

#include "futurescope/future.hpp"

namespace futurescope::detail {

template <class F>
[[nodiscard]] std::vector<F> nonempty_futures(std::vector<F> futures) {
    if (futures.empty()) {
        throw Panic("assertion failed: ret.inner.len() > 0");
    }
    return futures;
}

// Moves every future but the one at `index` out, in order; that one is dropped with `futures`,
// before this returns. Moving into a new vector (rather than vector::erase) keeps futures whose
// closures cannot be assigned usable here.
template <class F>
[[nodiscard]] std::vector<F> all_but(std::vector<F> futures, std::size_t index) {
    std::vector<F> rest;
    rest.reserve(futures.size() - 1);
    for (std::size_t j = 0; j < futures.size(); ++j) {
        if (j != index) {
            rest.push_back(std::move(futures[j]));
        }
    }
    return rest;
}

} // namespace futurescope::detail
