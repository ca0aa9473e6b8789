// Counts every allocation the program makes through operator new, so tests and benchmarks can
// assert "building a chain allocates nothing" and "spawning allocates once". Link
// tests/support/counting_new.cpp into the binary to replace the global operator new.
#pragma once

#include <cstdint>

namespace futurescope::testing {

// Allocations made by this thread so far.
[[nodiscard]] std::uint64_t allocation_count() noexcept;

// The allocations made while it was alive: `AllocationScope s; …; EXPECT_EQ(s.count(), 1u);`
class AllocationScope {
  public:
    AllocationScope() noexcept : start_(allocation_count()) {}
    [[nodiscard]] std::uint64_t count() const noexcept { return allocation_count() - start_; }

  private:
    std::uint64_t start_;
};

} // namespace futurescope::testing
