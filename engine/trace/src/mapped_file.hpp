// A trace file's bytes: a regular file is mapped, not copied (a trace of a million events is
// ~100 MB of JSON); a pipe or a device is read, up to the limit. Private to the trace library.
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>

#include "futurescope/trace/file_kind.hpp"

namespace futurescope::trace::load_detail {

// A trace may have up to 4 GiB (the limit the command line's reader holds it to as well).
inline constexpr std::uintmax_t max_file_bytes = max_trace_file_bytes;

class MappedFile {
  public:
    // Throws TraceError naming the file when it cannot be opened or read, or is too large.
    explicit MappedFile(const std::filesystem::path &path);
    ~MappedFile();
    MappedFile(const MappedFile &) = delete;
    MappedFile &operator=(const MappedFile &) = delete;

    [[nodiscard]] std::string_view bytes() const noexcept {
        return map_ != nullptr ? std::string_view(static_cast<const char *>(map_), size_)
                               : std::string_view(copy_);
    }

  private:
    [[noreturn]] void fail_errno() const;
    [[noreturn]] void throw_too_large() const;
    void read_stream(int fd);

    std::string name_;
    void *map_ = nullptr;
    std::size_t size_ = 0;
    std::string copy_;
};

} // namespace futurescope::trace::load_detail
