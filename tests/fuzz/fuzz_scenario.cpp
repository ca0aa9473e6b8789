// libFuzzer target: a scenario file in the JSON form through the loader, the builder, a bounded
// run with a recorder, the trace loader and check() (scenario_input.hpp says what must hold).
#include <cstddef>
#include <cstdint>

#include "scenario_input.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size) {
    return futurescope::fuzzing::run_scenario_input(data, size, "fuzz.json", "fuzz_scenario");
}
