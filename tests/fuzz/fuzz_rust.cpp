// libFuzzer target: a lesson in the Rust form (.rs) through the project's own front end (lexer,
// parser, lowering to the JSON document), then the same loader, builder, bounded run, trace
// loader and check() as fuzz_scenario (scenario_input.hpp). A malformed program must give a
// ScenarioError with a rustc-shaped message, never a crash or a hang.
#include <cstddef>
#include <cstdint>

#include "scenario_input.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size) {
    return futurescope::fuzzing::run_scenario_input(data, size, "fuzz.rs", "fuzz_rust");
}
