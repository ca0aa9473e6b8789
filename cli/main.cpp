// The `futurescope` command line (DESIGN.md "Command line"): run, check, step, export, lessons,
// fmt and view, one source file each (commands.hpp). Exit codes: 0 success, 1 a run failed or an
// expectation did not hold, 2 bad input or usage.
#include <cstdio>
#include <string>
#include <vector>

#include "commands.hpp"

namespace {

constexpr const char *usage_text =
    "usage: futurescope <command> [options]\n"
    "\n"
    "Runs and explains futures 0.1 programs written as scenario files (see scenarios/README.md).\n"
    "\n"
    "commands:\n"
    "  run FILE [--seed N] [--trace OUT]   run a scenario and print each task's result, "
    "completion\n"
    "                                      time, polls and unparks; --trace writes the trace\n"
    "                                      (.json or .cbor); --self-check runs it twice with the\n"
    "                                      same seed and compares the traces byte for byte,\n"
    "                                      naming the first event where they differ\n"
    "  check FILE...                       run scenarios and compare them with their \"expect\"\n"
    "  step FILE [--vocab 01|modern]       step through a scenario or a trace with the narration "
    "of\n"
    "                                      each event (Enter: next event, p: next task-level "
    "poll,\n"
    "                                      c: continue to the end, q: quit); prints everything "
    "when\n"
    "                                      stdin is not a terminal; --vocab modern narrates with\n"
    "                                      Pending, Context/Waker and wake instead of NotReady,\n"
    "                                      park/unpark and Task (view and export take it too)\n"
    "  export --chrome TRACE -o OUT        write a trace as Chrome Trace Event JSON (Perfetto)\n"
    "  lessons [DIR]                       list the lessons (DIR defaults to ./scenarios)\n"
    "  fmt --to rs FILE.json               print a JSON scenario in the Rust form\n"
    "  view FILE [--step N] [--screenshot OUT.png] [--size WxH] [--script F] [--vocab V]\n"
    "                                      open the viewer on a scenario (run first) or a trace\n"
    "\n"
    "Every command takes --help. Exit codes: 0 success, 1 a run failed or an expectation did not\n"
    "hold, 2 bad input or usage.\n";

} // namespace

int main(int argc, char **argv) {
    using namespace futurescope::cli;
    std::vector<std::string> args(argv + 1, argv + argc);
    if (args.empty()) {
        std::fputs(usage_text, stderr);
        return 2;
    }
    std::string command = args[0];
    args.erase(args.begin());
    if (command == "--help" || command == "-h" || command == "help") {
        std::fputs(usage_text, stdout);
        return 0;
    }
    if (command == "run") {
        return cmd_run(args);
    }
    if (command == "check") {
        return cmd_check(args);
    }
    if (command == "step") {
        return cmd_step(args);
    }
    if (command == "export") {
        return cmd_export(args);
    }
    if (command == "lessons") {
        return cmd_lessons(args);
    }
    if (command == "fmt") {
        return cmd_fmt(args);
    }
    if (command == "view") {
        return cmd_view(args);
    }
    std::fprintf(stderr, "futurescope: unknown command \"%s\"\n%s", command.c_str(), usage_text);
    return 2;
}
