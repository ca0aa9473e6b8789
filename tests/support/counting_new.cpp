// Replaces the global operator new / delete with malloc-based ones that count per thread.
#include "support/counting_new.hpp"

#include <cstdlib>
#include <new>

namespace {
thread_local std::uint64_t tl_allocations = 0;

void *allocate(std::size_t size) {
    ++tl_allocations;
    if (size == 0) {
        size = 1;
    }
    if (void *p = std::malloc(size)) {
        return p;
    }
    throw std::bad_alloc();
}

void *allocate_aligned(std::size_t size, std::align_val_t align) {
    ++tl_allocations;
    std::size_t a = static_cast<std::size_t>(align);
    std::size_t rounded = (size + a - 1) / a * a;
    if (void *p = std::aligned_alloc(a, rounded == 0 ? a : rounded)) {
        return p;
    }
    throw std::bad_alloc();
}
} // namespace

std::uint64_t futurescope::testing::allocation_count() noexcept { return tl_allocations; }

void *operator new(std::size_t size) { return allocate(size); }
void *operator new[](std::size_t size) { return allocate(size); }
void *operator new(std::size_t size, std::align_val_t align) {
    return allocate_aligned(size, align);
}
void *operator new[](std::size_t size, std::align_val_t align) {
    return allocate_aligned(size, align);
}
void *operator new(std::size_t size, const std::nothrow_t &) noexcept {
    ++tl_allocations;
    return std::malloc(size == 0 ? 1 : size);
}
void *operator new[](std::size_t size, const std::nothrow_t &) noexcept {
    ++tl_allocations;
    return std::malloc(size == 0 ? 1 : size);
}
void operator delete(void *p) noexcept { std::free(p); }
void operator delete[](void *p) noexcept { std::free(p); }
void operator delete(void *p, std::size_t) noexcept { std::free(p); }
void operator delete[](void *p, std::size_t) noexcept { std::free(p); }
void operator delete(void *p, std::align_val_t) noexcept { std::free(p); }
void operator delete[](void *p, std::align_val_t) noexcept { std::free(p); }
void operator delete(void *p, std::size_t, std::align_val_t) noexcept { std::free(p); }
void operator delete[](void *p, std::size_t, std::align_val_t) noexcept { std::free(p); }
