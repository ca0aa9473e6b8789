// Helpers of the trace tests: record a program into memory and read it back, list its events as
// describe_event lines, and make scratch directories.
#pragma once

#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "futurescope/futures.hpp"
#include "futurescope/trace/trace.hpp"

namespace futurescope::trace::testing {

// Runs `setup(executor)` and then run_all() with a memory recorder; the encoded trace.
template <class Setup>
std::string record_bytes(Setup setup,
                         TraceFormat format = TraceFormat::json,
                         ScenarioInfo scenario = {"test", "test.json", 7}) {
    Executor ex;
    Recorder recorder(ex, format, std::move(scenario));
    setup(ex);
    RunReport report = ex.run_all();
    recorder.finish(report);
    return recorder.bytes();
}

template <class Setup>
TraceModel record(Setup setup, TraceFormat format = TraceFormat::json) {
    return load_trace_bytes(record_bytes(setup, format), "memory");
}

// "t=… kind field=…" for every event, or only for those of the given kinds.
inline std::vector<std::string> lines(const TraceModel &m,
                                      std::initializer_list<EventKind> kinds = {}) {
    std::vector<std::string> out;
    for (const TraceEvent &e : m.events) {
        bool wanted = kinds.size() == 0;
        for (EventKind k : kinds) {
            wanted = wanted || k == e.kind;
        }
        if (wanted) {
            out.push_back(std::to_string(e.t) + " " + describe_event(m, e));
        }
    }
    return out;
}

// A fresh directory under the system's temporary directory, removed with its contents.
class ScratchDir {
  public:
    ScratchDir() {
        static int counter = 0;
        path_ = std::filesystem::temp_directory_path() /
                ("futurescope-trace-test-" + std::to_string(::getpid()) + "-" +
                 std::to_string(counter++));
        std::filesystem::remove_all(path_);
        std::filesystem::create_directories(path_);
    }
    ~ScratchDir() {
        std::error_code ec;
        std::filesystem::remove_all(path_, ec);
    }
    ScratchDir(const ScratchDir &) = delete;
    ScratchDir &operator=(const ScratchDir &) = delete;

    [[nodiscard]] const std::filesystem::path &path() const { return path_; }
    [[nodiscard]] std::filesystem::path operator/(std::string_view name) const {
        return path_ / name;
    }
    // The names of the files in the directory, sorted.
    [[nodiscard]] std::vector<std::string> files() const {
        std::vector<std::string> out;
        for (const auto &entry : std::filesystem::directory_iterator(path_)) {
            out.push_back(entry.path().filename().string());
        }
        std::sort(out.begin(), out.end());
        return out;
    }

  private:
    std::filesystem::path path_;
};

} // namespace futurescope::trace::testing
