// How a benchmark reports a figure that came out wrong (a poll count, a sum, a client that did
// not finish): the run is marked as an error, and the benchmark binary exits with status 1 once
// every benchmark ran, so a wrong count fails the run instead of scrolling by.
#pragma once

#include <benchmark/benchmark.h>

#include <string>

namespace futurescope::bench {

// Marks `state`'s run as failed with `message`; the caller returns from the benchmark.
void fail(benchmark::State &state, const std::string &message);

// Whether any run failed so far.
[[nodiscard]] bool failed() noexcept;

} // namespace futurescope::bench
