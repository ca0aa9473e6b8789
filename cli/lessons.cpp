// `futurescope lessons [DIR]`: the lessons of a directory and their titles.
#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <optional>
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

std::vector<fs::path> lesson_files(const fs::path &dir) {
    std::vector<fs::path> files;
    std::error_code ec;
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
    return files;
}

std::optional<std::string> lesson_title(const fs::path &file, std::string &error) {
    try {
        return scenario_of(read_input(file.string())).title();
    } catch (const ScenarioError &e) {
        error = e.what();
    } catch (const InputError &e) {
        error = e.what();
    }
    return std::nullopt;
}

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
    const std::vector<fs::path> files = lesson_files(dir);
    // One column for the file names, as wide as the longest.
    int width = 0;
    for (const fs::path &f : files) {
        width = std::max(width, static_cast<int>(f.string().size()));
    }
    int status = 0;
    for (const fs::path &f : files) {
        std::string error;
        if (const std::optional<std::string> title = lesson_title(f, error)) {
            std::printf("%-*s  %s\n", width, f.string().c_str(), title->c_str());
        } else {
            std::printf("%-*s  (cannot load: %s)\n", width, f.string().c_str(), error.c_str());
            status = 2;
        }
    }
    return status;
}

} // namespace futurescope::cli
