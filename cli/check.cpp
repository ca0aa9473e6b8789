// `futurescope check FILE...`: runs scenarios and compares each run with its "expect" block.
#include <algorithm>
#include <cstdio>
#include <exception>
#include <string>
#include <vector>

#include "args.hpp"
#include "commands.hpp"
#include "futurescope/scenario/scenario.hpp"
#include "input.hpp"

namespace futurescope::cli {

using scenario::Scenario;
using scenario::ScenarioError;

namespace {

constexpr const char *check_usage = "usage: futurescope check FILE...\n";

// A file that cannot be checked: on stderr, after the lines already printed for the files before
// it, so that a terminal shows them in order. Returns the exit code.
int report_error(const std::exception &e) {
    std::fflush(stdout);
    std::fprintf(stderr, "ERROR %s\n", e.what());
    return 2;
}

} // namespace

int cmd_check(const std::vector<std::string> &args) {
    if (wants_help(args)) {
        std::fputs(check_usage, stdout);
        return 0;
    }
    if (args.empty()) {
        return usage_error(check_usage, "missing the scenario files");
    }
    int status = 0;
    for (const std::string &file : args) {
        if (!file.empty() && file[0] == '-') {
            return usage_error(check_usage, "unknown option " + file);
        }
    }
    for (const std::string &file : args) {
        if (is_schema(file)) {
            std::printf("skip  %s  (the JSON Schema of scenario files)\n", file.c_str());
            continue;
        }
        // `check scenarios/*` meets the lessons' README beside them.
        if (file.size() > 3 && file.compare(file.size() - 3, 3, ".md") == 0) {
            std::printf("skip  %s  (documentation)\n", file.c_str());
            continue;
        }
        try {
            Scenario s = scenario_of(read_input(file));
            scenario::RunOutcome out = s.run();
            std::vector<std::string> mismatches = s.check(out);
            if (!s.has_expect()) {
                std::printf("ok    %s  %s (no expect block)\n", file.c_str(), s.title().c_str());
            } else if (mismatches.empty()) {
                std::printf("ok    %s  %s\n", file.c_str(), s.title().c_str());
            } else {
                for (const std::string &m : mismatches) {
                    std::printf("FAIL  %s: %s\n", file.c_str(), m.c_str());
                }
                status = std::max(status, 1);
            }
            for (const scenario::DiagnosticRecord &d : out.diagnostics) {
                std::printf("      diag %s\n", scenario::format_diagnostic(d).c_str());
            }
        } catch (const ScenarioError &e) {
            status = report_error(e);
        } catch (const InputError &e) {
            status = report_error(e);
        }
    }
    return status;
}

} // namespace futurescope::cli
