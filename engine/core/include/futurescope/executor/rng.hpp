// The one seeded generator every random choice of a simulation goes through (network jitter,
// loss), so that the same scenario and seed give a byte-identical trace. xoshiro256** seeded by
// splitmix64: fast, well distributed, and the same sequence on every platform and compiler (no
// std::uniform_int_distribution, whose output is implementation-defined).
#pragma once

#include <cstdint>

namespace futurescope {

class Rng {
  public:
    explicit Rng(std::uint64_t seed = 0) noexcept { reseed(seed); }

    void reseed(std::uint64_t seed) noexcept {
        seed_ = seed;
        std::uint64_t x = seed;
        for (std::uint64_t &word : s_) {
            word = splitmix64(x);
        }
    }
    [[nodiscard]] std::uint64_t seed() const noexcept { return seed_; }

    std::uint64_t next_u64() noexcept {
        const std::uint64_t result = rotl(s_[1] * 5, 7) * 9;
        const std::uint64_t t = s_[1] << 17;
        s_[2] ^= s_[0];
        s_[3] ^= s_[1];
        s_[1] ^= s_[2];
        s_[0] ^= s_[3];
        s_[2] ^= t;
        s_[3] = rotl(s_[3], 45);
        return result;
    }

    // Uniform in [lo, hi] (inclusive); lo when hi <= lo. Draws below 2^64 mod range are
    // rejected, so the distribution is exact.
    std::int64_t uniform(std::int64_t lo, std::int64_t hi) noexcept {
        if (hi <= lo) {
            return lo;
        }
        const std::uint64_t range =
            static_cast<std::uint64_t>(hi) - static_cast<std::uint64_t>(lo) + 1;
        if (range == 0) { // the whole 64-bit range
            return static_cast<std::int64_t>(next_u64());
        }
        const std::uint64_t threshold = (0 - range) % range;
        std::uint64_t x = next_u64();
        while (x < threshold) {
            x = next_u64();
        }
        return static_cast<std::int64_t>(static_cast<std::uint64_t>(lo) + x % range);
    }

    // True with probability p (0 ≤ p ≤ 1), decided on 53 random bits.
    bool chance(double p) noexcept {
        if (p <= 0.0) {
            return false;
        }
        if (p >= 1.0) {
            return true;
        }
        return static_cast<double>(next_u64() >> 11) * 0x1.0p-53 < p;
    }

  private:
    static std::uint64_t rotl(std::uint64_t x, int k) noexcept {
        return (x << k) | (x >> (64 - k));
    }
    static std::uint64_t splitmix64(std::uint64_t &x) noexcept {
        std::uint64_t z = (x += 0x9e3779b97f4a7c15ULL);
        z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
        z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
        return z ^ (z >> 31);
    }

    std::uint64_t seed_ = 0;
    std::uint64_t s_[4]{};
};

} // namespace futurescope
