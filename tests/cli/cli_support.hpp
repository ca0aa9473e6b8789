// What the command-line suites share: run a program as a learner would, with its exit code and
// everything it printed, in a scratch directory of its own.
#pragma once

#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <string>

namespace futurescope::testing {

struct Outcome {
    int code = -1;
    std::string out; // stdout and stderr, interleaved as printed
};

inline Outcome run_command(const std::string &command) {
    Outcome r;
    FILE *p = ::popen((command + " 2>&1").c_str(), "r");
    if (p == nullptr) {
        return r;
    }
    char buf[4096];
    std::size_t n = 0;
    while ((n = std::fread(buf, 1, sizeof buf, p)) > 0) {
        r.out.append(buf, n);
    }
    const int status = ::pclose(p);
    r.code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    return r;
}

// What a program printed on each stream, kept apart.
struct SplitOutcome {
    int code = -1;
    std::string out;
    std::string err;
};

// Runs `command` with stderr sent to `err_file` (which it overwrites), stdout read here.
inline SplitOutcome run_command_split(const std::string &command,
                                      const std::filesystem::path &err_file) {
    // The braces keep run_command's own 2>&1 from undoing the redirection.
    const Outcome o = run_command("{ " + command + " 2>" + err_file.string() + "; }");
    SplitOutcome r;
    r.code = o.code;
    r.out = o.out;
    std::FILE *f = std::fopen(err_file.c_str(), "rb");
    if (f != nullptr) {
        char buf[4096];
        std::size_t n = 0;
        while ((n = std::fread(buf, 1, sizeof buf, f)) > 0) {
            r.err.append(buf, n);
        }
        std::fclose(f);
    }
    return r;
}

// A fresh directory under the system's temporary directory, removed with its contents.
class ScratchDir {
  public:
    explicit ScratchDir(const std::string &name) {
        path_ = std::filesystem::temp_directory_path() /
                ("futurescope-" + name + "-" + std::to_string(::getpid()));
        std::filesystem::remove_all(path_);
        std::filesystem::create_directories(path_);
    }
    ~ScratchDir() {
        std::error_code ec;
        std::filesystem::remove_all(path_, ec);
    }
    ScratchDir(const ScratchDir &) = delete;
    ScratchDir &operator=(const ScratchDir &) = delete;
    [[nodiscard]] const std::filesystem::path &path() const noexcept { return path_; }

  private:
    std::filesystem::path path_;
};

} // namespace futurescope::testing
