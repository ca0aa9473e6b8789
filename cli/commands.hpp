// The subcommands of `futurescope`, one source file each; main.cpp dispatches to them. Each takes
// the arguments after its name and returns the exit code: 0 success, 1 a run failed or an
// expectation did not hold, 2 bad input or usage.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace futurescope::cli {

int cmd_run(const std::vector<std::string> &args);     // run.cpp, with --self-check
int cmd_check(const std::vector<std::string> &args);   // check.cpp
int cmd_step(std::vector<std::string> args);           // step.cpp
int cmd_export(std::vector<std::string> args);         // export.cpp
int cmd_lessons(const std::vector<std::string> &args); // lessons.cpp
int cmd_view(const std::vector<std::string> &args);    // view.cpp
int cmd_fmt(const std::vector<std::string> &args);     // fmt.cpp

// The lessons of a directory, sorted, each once (a lesson in both forms as its `.rs` file), and
// a lesson's title or, when it cannot be loaded, nothing and why in `error`: what `lessons`
// prints and the viewer's lesson list shows.
std::vector<std::filesystem::path> lesson_files(const std::filesystem::path &dir);
std::optional<std::string> lesson_title(const std::filesystem::path &file, std::string &error);

} // namespace futurescope::cli
