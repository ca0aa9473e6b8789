// `futurescope fmt --to rs FILE.json`: prints a JSON scenario in the Rust form
// (scenarios/README.md, "Rust form"), which loads back to the same scenario.
#include <cstdio>
#include <string>
#include <vector>

#include "args.hpp"
#include "commands.hpp"
#include "futurescope/scenario/scenario.hpp"
#include "input.hpp"

namespace futurescope::cli {

namespace {

constexpr const char *fmt_usage =
    "usage: futurescope fmt --to rs FILE.json\n"
    "\n"
    "Prints the scenario FILE.json in the Rust form on standard output.\n";

} // namespace

int cmd_fmt(const std::vector<std::string> &args) {
    if (wants_help(args)) {
        std::fputs(fmt_usage, stdout);
        return 0;
    }
    if (args.size() != 3 || args[0] != "--to" || args[1] != "rs") {
        return usage_error(fmt_usage, "expected --to rs and one file");
    }
    try {
        Input in = read_input(args[2]);
        if (trace::is_trace(in.kind)) {
            throw InputError(in.file + " is a trace, not a scenario");
        }
        std::fputs(scenario::format_rust(in.bytes, in.file).c_str(), stdout);
    } catch (const InputError &e) {
        std::fprintf(stderr, "%s\n", e.what());
        return 2;
    } catch (const scenario::ScenarioError &e) {
        std::fprintf(stderr, "%s\n", e.what());
        return 2;
    }
    return 0;
}

} // namespace futurescope::cli
