// A file written under a temporary name in the directory of its target and renamed into place
// only when complete: readers never see half a file, and a failure leaves the target as it was
// (or absent). Private to the trace library; write_file_atomically (write_file.hpp) is its public
// form for bytes already in memory.
#pragma once

#include <cstdio>
#include <filesystem>

namespace futurescope::trace::detail {

class TempFile {
  public:
    // Creates `.<name>.tmp-<pid>-<n>` beside `target`; TraceError when it cannot.
    explicit TempFile(std::filesystem::path target);
    ~TempFile();
    TempFile(const TempFile &) = delete;
    TempFile &operator=(const TempFile &) = delete;

    [[nodiscard]] std::FILE *file() const noexcept { return file_; }
    [[nodiscard]] const std::filesystem::path &path() const noexcept { return temp_; }
    [[nodiscard]] const std::filesystem::path &target() const noexcept { return target_; }

    // Closes the file and renames it to the target. `write_error` (an errno seen while writing,
    // 0 for none) makes it fail instead. On failure the temporary is removed and TraceError
    // names the target and the cause.
    void commit(int write_error = 0);
    // Closes and removes the temporary file.
    void abandon() noexcept;

  private:
    std::filesystem::path target_;
    std::filesystem::path temp_;
    std::FILE *file_ = nullptr;
};

} // namespace futurescope::trace::detail
