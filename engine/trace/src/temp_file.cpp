#include "temp_file.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <string>
#include <system_error>
#include <utility>

#include "futurescope/trace/trace_types.hpp"
#include "futurescope/trace/write_file.hpp"

namespace futurescope::trace::detail {

namespace {

std::string error_text(int error) { return std::generic_category().message(error); }

std::atomic<unsigned> temp_counter{0};

} // namespace

TempFile::TempFile(std::filesystem::path target) : target_(std::move(target)) {
    std::filesystem::path dir = target_.parent_path();
    std::string name = "." + target_.filename().string() + ".tmp-" + std::to_string(::getpid()) +
                       "-" + std::to_string(temp_counter.fetch_add(1));
    temp_ = dir.empty() ? std::filesystem::path(name) : dir / name;
    int fd = ::open(temp_.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
    if (fd < 0) {
        int error = errno;
        throw TraceError(target_.string() + ": cannot create the file: " + error_text(error));
    }
    file_ = ::fdopen(fd, "wb");
    if (file_ == nullptr) {
        int error = errno;
        ::close(fd);
        ::unlink(temp_.c_str());
        throw TraceError(target_.string() + ": cannot create the file: " + error_text(error));
    }
    // The writers buffer in 64 KiB chunks themselves.
    std::setvbuf(file_, nullptr, _IONBF, 0);
}

TempFile::~TempFile() { abandon(); }

void TempFile::abandon() noexcept {
    if (file_ != nullptr) {
        std::fclose(file_);
        file_ = nullptr;
        ::unlink(temp_.c_str());
    }
}

void TempFile::commit(int write_error) {
    if (file_ == nullptr) {
        throw TraceError(target_.string() + ": the file was already closed");
    }
    int error = write_error;
    if (std::fflush(file_) != 0 && error == 0) {
        error = errno != 0 ? errno : EIO;
    }
    if (std::fclose(std::exchange(file_, nullptr)) != 0 && error == 0) {
        error = errno != 0 ? errno : EIO;
    }
    if (error != 0) {
        ::unlink(temp_.c_str());
        throw TraceError(target_.string() + ": cannot write the file: " + error_text(error));
    }
    if (std::rename(temp_.c_str(), target_.c_str()) != 0) {
        error = errno;
        ::unlink(temp_.c_str());
        throw TraceError(target_.string() +
                         ": cannot rename the finished file into place: " + error_text(error));
    }
}

} // namespace futurescope::trace::detail

namespace futurescope::trace {

void write_file_atomically(const std::filesystem::path &path, std::string_view bytes) {
    detail::TempFile file(path);
    int error = 0;
    while (!bytes.empty()) {
        errno = 0;
        const std::size_t n = std::fwrite(bytes.data(), 1, bytes.size(), file.file());
        if (n == 0) {
            error = errno != 0 ? errno : EIO;
            break;
        }
        bytes.remove_prefix(n);
    }
    file.commit(error);
}

} // namespace futurescope::trace
