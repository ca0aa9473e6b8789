// `futurescope lessons [DIR]`: the lessons of a directory and their titles.
#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <string>
#include <system_error>
#include <vector>

#include "args.hpp"
#include "commands.hpp"
#include "futurescope/scenario/scenario.hpp"
#include "input.hpp"

namespace futurescope::cli {

namespace fs = std::filesystem;
using scenario::Scenario;
using scenario::ScenarioError;

namespace {

constexpr const char *lessons_usage = "usage: futurescope lessons [DIR]\n";

} // namespace

int cmd_lessons(const std::vector<std::string> &args) {
    if (wants_help(args)) {
        std::fputs(lessons_usage, stdout);
        return 0;
    }
    if (args.size() > 1) {
        return usage_error(lessons_usage, "expected at most one directory");
    }
    fs::path dir = args.empty() ? fs::path("scenarios") : fs::path(args[0]);
    std::error_code ec;
    if (!fs::is_directory(dir, ec)) {
        std::fprintf(stderr, "futurescope: %s: not a directory\n", dir.string().c_str());
        return 2;
    }
    std::vector<fs::path> files;
    for (const auto &entry : fs::directory_iterator(dir, ec)) {
        const fs::path &p = entry.path();
        // A lesson written in both forms is listed once, as its Rust form.
        bool rust_form =
            p.extension() == ".json" && fs::exists(fs::path(p).replace_extension(".rs"), ec);
        if ((p.extension() == ".json" && !is_schema(p.string()) && !rust_form) ||
            p.extension() == ".rs") {
            files.push_back(p);
        }
    }
    std::sort(files.begin(), files.end());
    // One column for the file names, as wide as the longest.
    int width = 0;
    for (const fs::path &f : files) {
        width = std::max(width, static_cast<int>(f.string().size()));
    }
    int status = 0;
    for (const fs::path &f : files) {
        try {
            Scenario s = scenario_of(read_input(f.string()));
            std::printf("%-*s  %s\n", width, f.string().c_str(), s.title().c_str());
        } catch (const ScenarioError &e) {
            std::printf("%-*s  (cannot load: %s)\n", width, f.string().c_str(), e.what());
            status = 2;
        } catch (const InputError &e) {
            std::printf("%-*s  (cannot load: %s)\n", width, f.string().c_str(), e.what());
            status = 2;
        }
    }
    return status;
}

} // namespace futurescope::cli
