// What the rest of the scenario library sees of the Rust front end: which files it reads, the
// JSON document it lowers a file to, errors at a node's span, and the futures' sources as spans.
#pragma once

#include <string>
#include <string_view>

#include "../json.hpp"
#include "../model.hpp"

namespace futurescope::scenario::rust {

// A file ending in `.rs`.
[[nodiscard]] bool is_rust_file(std::string_view file);

// Lexes, parses and lowers `text`; throws ScenarioError with the rustc-shaped message.
[[nodiscard]] json::Node lower_file(std::string_view text, const std::string &file);

// A section loader's error on a lowered node, rustc-shaped at the node's span (no JSON pointer).
[[nodiscard]] std::string
node_error(std::string_view text, const std::string &file, const json::Node &at, std::string msg);

// Replaces every built future's source (a JSON pointer into the lowered document) with the span
// of the Rust code that made it: "12:5-14:7" (line:column of the first and past the last byte).
void sources_as_spans(Scenario::Impl &impl, const json::Node &root, std::string_view text);

} // namespace futurescope::scenario::rust
