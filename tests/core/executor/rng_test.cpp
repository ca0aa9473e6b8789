#include <gtest/gtest.h>

#include <cstdint>
#include <vector>

#include "futurescope/executor/rng.hpp"

namespace futurescope {
namespace {

TEST(rng, TheSameSeedGivesTheSameSequence) {
    Rng a(42);
    Rng b(42);
    for (int i = 0; i < 1000; ++i) {
        ASSERT_EQ(a.next_u64(), b.next_u64()) << "seed 42, draw " << i;
    }
}

TEST(rng, TheSequenceIsPinnedAcrossCompilersAndPlatforms) {
    // Golden values: a change here changes every trace with jitter, on purpose only.
    Rng r(1);
    std::vector<std::uint64_t> got{r.next_u64(), r.next_u64(), r.next_u64()};
    Rng again(1);
    EXPECT_EQ(got[0], again.next_u64());
    EXPECT_EQ(got,
              (std::vector<std::uint64_t>{
                  0xb3f2af6d0fc710c5ULL, 0x853b559647364ceaULL, 0x92f89756082a4514ULL}));
}

TEST(rng, UniformStaysInItsInclusiveRange) {
    Rng r(7);
    std::vector<int> seen(5, 0);
    for (int i = 0; i < 10'000; ++i) {
        std::int64_t v = r.uniform(10, 14);
        ASSERT_GE(v, 10);
        ASSERT_LE(v, 14);
        ++seen[static_cast<std::size_t>(v - 10)];
    }
    for (int count : seen) {
        EXPECT_GT(count, 1800); // about 2000 each
        EXPECT_LT(count, 2200);
    }
    EXPECT_EQ(r.uniform(5, 5), 5);
    EXPECT_EQ(r.uniform(9, 3), 9);
}

TEST(rng, ChanceOfZeroAndOneNeverDraws) {
    Rng r(3);
    Rng untouched(3);
    EXPECT_FALSE(r.chance(0.0));
    EXPECT_TRUE(r.chance(1.0));
    EXPECT_EQ(r.next_u64(), untouched.next_u64());
}

} // namespace
} // namespace futurescope
