// The benchmark binary's entry point: Google Benchmark's own main, except that the exit status
// is 1 when a benchmark found a wrong figure (bench_check.hpp), so a script or CI notices.
#include <benchmark/benchmark.h>

#include "bench_check.hpp"

namespace futurescope::bench {

namespace {
bool any_failed = false;
} // namespace

void fail(benchmark::State &state, const std::string &message) {
    any_failed = true;
    state.SkipWithError(message.c_str());
}

bool failed() noexcept { return any_failed; }

} // namespace futurescope::bench

int main(int argc, char **argv) {
    benchmark::Initialize(&argc, argv);
    if (benchmark::ReportUnrecognizedArguments(argc, argv)) {
        return 1;
    }
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
    return futurescope::bench::failed() ? 1 : 0;
}
