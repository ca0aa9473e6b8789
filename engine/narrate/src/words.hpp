// Small pieces of wording the sentence files share. Private to the narrate library.
#pragma once

#include <string>
#include <string_view>

#include "futurescope/trace/trace_model.hpp"

namespace futurescope::narrate {

// An event's value, "()" when it has none.
inline std::string value_text(const trace::TraceModel &m, const trace::TraceEvent &e) {
    std::string_view v = m.str(e.text);
    return v.empty() ? std::string("()") : std::string(v);
}

// "Channel jobs" at the start of a sentence.
inline std::string capital(std::string s) {
    if (!s.empty() && s[0] >= 'a' && s[0] <= 'z') {
        s[0] = static_cast<char>(s[0] - 'a' + 'A');
    }
    return s;
}

} // namespace futurescope::narrate
