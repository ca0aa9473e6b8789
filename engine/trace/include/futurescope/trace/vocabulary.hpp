// The two vocabularies a trace can be explained in: futures 0.1's (Ready/NotReady, the task is
// parked and unparked, the Task handle) and the modern Future model's (Ready/Pending, the Context's
// Waker, wake). The engine is the futures 0.1 model; the words are the only difference, so the
// narrator, the viewer and the Chrome export take a Vocabulary and pick their words here.
//
//     auto v = trace::parse_vocabulary("modern");  // std::nullopt for an unknown name
//     trace::words(*v).not_ready                   // "Pending"
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace futurescope::trace {

enum class Vocabulary : std::uint8_t { futures01, modern };

// "01" (also "0.1", "futures01") and "modern".
[[nodiscard]] constexpr std::optional<Vocabulary> parse_vocabulary(std::string_view name) noexcept {
    if (name == "01" || name == "0.1" || name == "futures01") {
        return Vocabulary::futures01;
    }
    if (name == "modern") {
        return Vocabulary::modern;
    }
    return std::nullopt;
}

// The name parse_vocabulary reads back: "01" or "modern".
[[nodiscard]] constexpr std::string_view to_string(Vocabulary v) noexcept {
    return v == Vocabulary::modern ? "modern" : "01";
}

// The short words labels use (timeline legend, Chrome slice names).
struct Words {
    std::string_view ready;     // "Ready"
    std::string_view not_ready; // "NotReady" / "Pending"
    std::string_view park;      // "park" / "register waker"
    std::string_view unpark;    // "unpark" / "wake"
    std::string_view handle;    // "task handle" / "Waker"
};

[[nodiscard]] constexpr Words words(Vocabulary v) noexcept {
    if (v == Vocabulary::modern) {
        return {"Ready", "Pending", "register waker", "wake", "Waker"};
    }
    return {"Ready", "NotReady", "park", "unpark", "task handle"};
}

// The one sentence that maps one vocabulary onto the other.
inline constexpr std::string_view vocabulary_correspondence =
    "Futures 0.1 and the modern Future model name the same things differently: park ≈ cloning "
    "the Context's waker; unpark ≈ wake; NotReady ≈ Pending; Task handle ≈ Waker.";

} // namespace futurescope::trace
