// Reading a trace file's bytes: mapped when it is a regular file, read otherwise.

#include "mapped_file.hpp"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <system_error>

#include "futurescope/trace/trace_types.hpp"

namespace futurescope::trace::load_detail {

MappedFile::MappedFile(const std::filesystem::path &path) : name_(path.string()) {
    int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        fail_errno();
    }
    struct stat st {};
    if (::fstat(fd, &st) != 0) {
        int error = errno;
        ::close(fd);
        throw TraceError(name_ + ": cannot open: " + std::generic_category().message(error));
    }
    if (S_ISDIR(st.st_mode)) {
        ::close(fd);
        throw TraceError(name_ + ": cannot open: " + std::generic_category().message(EISDIR));
    }
    if (!S_ISREG(st.st_mode)) {
        // A pipe or a device: read it, up to the limit.
        read_stream(fd);
        ::close(fd);
        return;
    }
    auto size = static_cast<std::uintmax_t>(st.st_size);
    if (size > max_file_bytes) {
        ::close(fd);
        throw_too_large();
    }
    if (size > 0) {
        void *p = ::mmap(nullptr, static_cast<std::size_t>(size), PROT_READ, MAP_PRIVATE, fd, 0);
        if (p == MAP_FAILED) {
            int error = errno;
            ::close(fd);
            throw TraceError(name_ + ": cannot read: " + std::generic_category().message(error));
        }
        ::madvise(p, static_cast<std::size_t>(size), MADV_SEQUENTIAL);
        map_ = p;
        size_ = static_cast<std::size_t>(size);
    }
    ::close(fd);
}

MappedFile::~MappedFile() {
    if (map_ != nullptr) {
        ::munmap(map_, size_);
    }
}

void MappedFile::fail_errno() const {
    throw TraceError(name_ + ": cannot open: " + std::generic_category().message(errno));
}

void MappedFile::throw_too_large() const {
    throw TraceError(name_ + ": the file is larger than the 4 GiB a trace may have");
}

void MappedFile::read_stream(int fd) {
    char buf[65536];
    for (;;) {
        ssize_t n = ::read(fd, buf, sizeof buf);
        if (n < 0) {
            if (errno == EINTR) {
                continue;
            }
            throw TraceError(name_ + ": cannot read: " + std::generic_category().message(errno));
        }
        if (n == 0) {
            return;
        }
        copy_.append(buf, static_cast<std::size_t>(n));
        if (copy_.size() > max_file_bytes) {
            throw_too_large();
        }
    }
}

} // namespace futurescope::trace::load_detail
