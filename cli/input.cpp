#include "input.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstddef>
#include <system_error>
#include <utility>

namespace futurescope::cli {

namespace {

std::string error_text(int error) { return std::generic_category().message(error); }

// What a file that is not a regular one is, for the message that refuses it.
std::string file_type(mode_t mode) {
    if (S_ISDIR(mode)) {
        return "a directory";
    }
    if (S_ISFIFO(mode)) {
        return "a FIFO, not a regular file";
    }
    if (S_ISCHR(mode)) {
        return "a character device, not a regular file";
    }
    if (S_ISBLK(mode)) {
        return "a block device, not a regular file";
    }
    if (S_ISSOCK(mode)) {
        return "a socket, not a regular file";
    }
    return "not a regular file";
}

std::uint64_t limit_of(trace::FileKind kind) {
    return trace::is_trace(kind) ? trace::max_trace_file_bytes : scenario::max_file_bytes;
}

[[noreturn]] void throw_too_large(const std::string &file, trace::FileKind kind) {
    throw InputError(file + (trace::is_trace(kind)
                                 ? ": the file is larger than the 4 GiB a trace may have"
                                 : ": the file is larger than 16 MiB"));
}

// An open regular file, read from its start. Opening never blocks: O_NONBLOCK lets a FIFO with
// no writer open at once, so that fstat can refuse it.
class Reader {
  public:
    explicit Reader(std::string file) : file_(std::move(file)) {
        fd_ = ::open(file_.c_str(), O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
        if (fd_ < 0) {
            fail(errno);
        }
        struct stat st {};
        if (::fstat(fd_, &st) != 0) {
            fail(errno);
        }
        if (!S_ISREG(st.st_mode)) {
            throw InputError(file_ + ": cannot read the file: it is " + file_type(st.st_mode));
        }
        size_ = static_cast<std::uint64_t>(st.st_size);
    }
    ~Reader() { ::close(fd_); }
    Reader(const Reader &) = delete;
    Reader &operator=(const Reader &) = delete;

    // The size fstat gave when the file was opened; the file may grow or shrink since.
    [[nodiscard]] std::uint64_t size() const noexcept { return size_; }

    // Appends up to `n` more bytes to `out`; stops early only at the end of the file.
    void read_up_to(std::string &out, std::uint64_t n) {
        char buf[65536];
        while (n > 0) {
            const std::size_t want =
                static_cast<std::size_t>(std::min<std::uint64_t>(n, sizeof buf));
            const ssize_t got = ::read(fd_, buf, want);
            if (got < 0) {
                if (errno == EINTR) {
                    continue;
                }
                fail(errno);
            }
            if (got == 0) {
                return;
            }
            out.append(buf, static_cast<std::size_t>(got));
            n -= static_cast<std::uint64_t>(got);
        }
    }

  private:
    [[noreturn]] void fail(int error) const {
        throw InputError(file_ + ": cannot read the file: " + error_text(error));
    }

    std::string file_;
    int fd_ = -1;
    std::uint64_t size_ = 0;
};

// Opens `file` and reads its head: enough to tell its kind and so its limit, which the size
// fstat reports is held to before anything more is read.
trace::FileKind open_and_classify(Reader &reader, const std::string &file, std::string &head) {
    reader.read_up_to(head, trace::file_kind_head_bytes);
    const trace::FileKind kind = trace::file_kind_of(head);
    if (reader.size() > limit_of(kind)) {
        throw_too_large(file, kind);
    }
    return kind;
}

} // namespace

Input read_input(const std::string &file) {
    Reader reader(file);
    Input in;
    in.file = file;
    in.kind = open_and_classify(reader, file, in.bytes);
    const std::uint64_t limit = limit_of(in.kind);
    in.bytes.reserve(static_cast<std::size_t>(std::min(reader.size(), limit)));
    // One byte past the limit tells a file that grew over it since fstat from one that ends there.
    reader.read_up_to(in.bytes, limit + 1 - in.bytes.size());
    if (in.bytes.size() > limit) {
        throw_too_large(file, in.kind);
    }
    return in;
}

trace::FileKind check_input(const std::string &file) {
    Reader reader(file);
    std::string head;
    return open_and_classify(reader, file, head);
}

scenario::Scenario scenario_of(const Input &in) {
    if (trace::is_trace(in.kind)) {
        throw InputError(in.file + " is a trace, not a scenario (use step, view or export)");
    }
    return scenario::Scenario::parse(in.bytes, in.file);
}

trace::TraceModel trace_of(const Input &in) {
    // An empty file is no scenario either: the trace loader says that it is empty.
    if (!trace::is_trace(in.kind) && !in.bytes.empty()) {
        throw InputError(in.file + " is a scenario, not a trace (run it with --trace OUT first, or "
                                   "use step/view)");
    }
    return trace::load_trace_bytes(in.bytes, in.file);
}

std::string read_file(const std::string &path) { return read_input(path).bytes; }

} // namespace futurescope::cli
