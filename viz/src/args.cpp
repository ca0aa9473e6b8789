// The viewer's command line, shared by futurescope-view and `futurescope view`.
#include <charconv>
#include <iostream>
#include <string_view>

#include "futurescope/viz/viewer.hpp"

namespace futurescope::viz {

namespace {

constexpr const char *usage =
    "usage: futurescope-view [FILE] [--screenshot OUT.png] [--step N] [--size WxH]\n"
    "                        [--script ACTIONS.txt] [--state-out STATE.json] [--bench-frames N]\n"
    "                        [--vocab 01|modern]\n"
    "Opens a trace (.json or .cbor) or a scenario in the timeline viewer.\n"
    "  --screenshot OUT.png  render without showing a window, write a PNG and exit\n"
    "  --step N              put the cursor on event N first\n"
    "  --size WxH            window size (default 1280x800)\n"
    "  --script FILE         run UI actions (see viz/src/app.hpp) and print the view state as "
    "JSON\n"
    "  --state-out FILE      write that JSON to FILE instead of stdout\n"
    "  --bench-frames N      draw N frames at each of several zoom levels, report CPU per frame\n"
    "  --vocab 01|modern     narrate in futures 0.1's words (NotReady, park/unpark, Task) or the\n"
    "                        modern model's (Pending, Context/Waker, wake); default 01\n";

bool parse_int(std::string_view s, long long &out) {
    auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
    return ec == std::errc() && p == s.data() + s.size();
}

} // namespace

std::optional<int> parse_viewer_args(int argc, const char *const *argv, ViewerOptions &out) {
    auto bad = [](const std::string &what) {
        std::cerr << "futurescope-view: " << what << "\n" << usage;
        return std::optional<int>(2);
    };
    for (int i = 0; i < argc; ++i) {
        const std::string_view a = argv[i];
        auto value = [&]() -> const char * { return i + 1 < argc ? argv[++i] : nullptr; };
        if (a == "--help" || a == "-h") {
            std::cout << usage;
            return 0;
        }
        if (a == "--screenshot" || a == "--script" || a == "--state-out" || a == "--step" ||
            a == "--size" || a == "--bench-frames" || a == "--vocab") {
            const char *v = value();
            if (v == nullptr) {
                return bad(std::string(a) + " needs a value");
            }
            long long n = 0;
            if (a == "--screenshot") {
                out.screenshot = v;
            } else if (a == "--script") {
                out.script = v;
            } else if (a == "--state-out") {
                out.state_out = v;
            } else if (a == "--vocab") {
                const auto vocab = trace::parse_vocabulary(v);
                if (!vocab) {
                    return bad("--vocab needs 01 or modern, not '" + std::string(v) + "'");
                }
                out.vocabulary = *vocab;
            } else if (a == "--step") {
                if (!parse_int(v, n) || n < 0) {
                    return bad("--step needs an event number, not '" + std::string(v) + "'");
                }
                out.step = static_cast<std::size_t>(n);
            } else if (a == "--bench-frames") {
                if (!parse_int(v, n) || n <= 0 || n > 100000) {
                    return bad("--bench-frames needs a count, not '" + std::string(v) + "'");
                }
                out.bench_frames = static_cast<int>(n);
            } else {
                const std::string_view s = v;
                const auto x = s.find('x');
                long long w = 0;
                long long h = 0;
                if (x == std::string_view::npos || !parse_int(s.substr(0, x), w) ||
                    !parse_int(s.substr(x + 1), h) || w < 200 || h < 150 || w > 8192 || h > 8192) {
                    return bad("--size needs WxH (e.g. 1280x800), not '" + std::string(v) + "'");
                }
                out.width = static_cast<int>(w);
                out.height = static_cast<int>(h);
            }
        } else if (!a.empty() && a[0] == '-') {
            return bad("unknown option '" + std::string(a) + "'");
        } else if (out.file.empty()) {
            out.file = std::string(a);
        } else {
            return bad("one file at a time ('" + std::string(a) + "' is extra)");
        }
    }
    if ((out.screenshot || out.script || out.bench_frames > 0) && out.file.empty()) {
        return bad("the headless modes need a FILE");
    }
    return std::nullopt;
}

} // namespace futurescope::viz
