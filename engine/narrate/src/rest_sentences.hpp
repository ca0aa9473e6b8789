// What the kinds of futures 0.1's rest do in a state (Shared, Flush, Option, the spawn handles,
// Concat2 and the stream adapters), for the Narrator's sentences (sentences.cpp).
#pragma once

#include <string>
#include <string_view>

namespace futurescope::narrate {

// What a future of this kind does when it is polled in this state; empty for any other kind.
[[nodiscard]] std::string doing_rest(std::string_view kind, std::string_view state, bool modern);

} // namespace futurescope::narrate
