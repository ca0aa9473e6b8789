// `futurescope export --chrome TRACE -o OUT`: a trace as Chrome Trace Event JSON, for Perfetto.
#include <cstdio>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "args.hpp"
#include "commands.hpp"
#include "futurescope/trace/trace.hpp"
#include "input.hpp"

namespace futurescope::cli {

namespace fs = std::filesystem;

namespace {

constexpr const char *export_usage =
    "usage: futurescope export --chrome TRACE -o OUT [--vocab 01|modern]\n";

} // namespace

int cmd_export(std::vector<std::string> args) {
    if (wants_help(args)) {
        std::fputs(export_usage, stdout);
        return 0;
    }
    trace::Vocabulary vocab = trace::Vocabulary::futures01;
    if (std::optional<int> bad = take_vocab(args, vocab, export_usage)) {
        return *bad;
    }
    std::optional<std::string> in;
    std::optional<std::string> out;
    for (std::size_t i = 0; i < args.size(); ++i) {
        if (args[i] == "--chrome" || args[i] == "-o") {
            if (i + 1 == args.size()) {
                return usage_error(export_usage, args[i] + " needs a value");
            }
            (args[i] == "-o" ? out : in) = args[i + 1];
            ++i;
        } else {
            return usage_error(export_usage, "unexpected argument " + args[i]);
        }
    }
    if (!in || !out) {
        return usage_error(export_usage, !in ? "missing --chrome TRACE" : "missing -o OUT");
    }
    try {
        trace::TraceModel model = trace_of(read_input(*in));
        trace::export_chrome(model, fs::path(*out), vocab);
    } catch (const trace::TraceError &e) {
        std::fprintf(stderr, "%s\n", e.what());
        return 2;
    } catch (const InputError &e) {
        std::fprintf(stderr, "%s\n", e.what());
        return 2;
    }
    return 0;
}

} // namespace futurescope::cli
