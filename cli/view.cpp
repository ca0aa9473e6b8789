// `futurescope view FILE`: the viewer on a scenario (run first) or a trace.
#include <cstdio>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <system_error>
#include <utility>
#include <vector>

#include "commands.hpp"
#include "futurescope/scenario/scenario.hpp"
#include "futurescope/viz/viewer.hpp"
#include "input.hpp"
#include "record.hpp"

namespace futurescope::cli {

namespace fs = std::filesystem;
using scenario::Scenario;
using scenario::ScenarioError;

int cmd_view(const std::vector<std::string> &args) {
    viz::ViewerOptions options;
    std::vector<const char *> view_args;
    for (const std::string &a : args) {
        view_args.push_back(a.c_str());
    }
    if (std::optional<int> code =
            viz::parse_viewer_args(static_cast<int>(view_args.size()), view_args.data(), options)) {
        return *code;
    }
    // The viewer reads the file itself: what the other commands refuse (a FIFO, a device, a file
    // over its limit) is refused here, before a window opens. A missing file is the viewer's to
    // report, as it reports one dropped on its window.
    std::error_code ec;
    if (!options.file.empty() && fs::exists(options.file, ec)) {
        try {
            (void)check_input(options.file.string());
        } catch (const InputError &e) {
            std::fprintf(stderr, "%s\n", e.what());
            return 2;
        }
    }
    // The viewer gets everything it shows of a scenario from here: the trace, the text, the
    // lesson's notes, and where each future's source (a JSON pointer, or a span of a `.rs`
    // file) is written.
    options.run_scenario = [](const fs::path &f, viz::ScenarioUse use) {
        Scenario s = Scenario::load(f);
        viz::ScenarioRun run;
        if (use == viz::ScenarioUse::run) {
            if (const std::string *rejected = s.rejection()) {
                // Nothing ran: the viewer shows the compiler's error instead of an empty trace.
                throw ScenarioError(*rejected);
            }
            RecordedScenario recorded = record_scenario(s, f.string());
            run.trace = std::move(recorded.model);
            for (const scenario::OutputLine &o : recorded.output) {
                run.output.push_back({o.t, o.task_name, o.text, o.poll});
            }
        }
        run.title = s.title();
        run.description = s.description();
        auto text = std::make_shared<const std::string>(read_file(f.string()));
        run.source_text = *text;
        run.notes = s.narration();
        run.locate = [text](std::string_view source) -> std::optional<viz::SourceRange> {
            const auto r = scenario::locate_source(*text, source);
            if (!r) {
                return std::nullopt;
            }
            return viz::SourceRange{r->begin, r->end, r->first_line, r->last_line};
        };
        return run;
    };
    options.list_lessons = [](const fs::path &dir) {
        std::vector<viz::LessonEntry> lessons;
        for (const fs::path &f : lesson_files(dir)) {
            std::string error;
            std::optional<std::string> title = lesson_title(f, error);
            lessons.push_back({f, title ? *title : "(cannot load: " + error + ")"});
        }
        return lessons;
    };
    return viz::run_viewer(options);
}

} // namespace futurescope::cli
