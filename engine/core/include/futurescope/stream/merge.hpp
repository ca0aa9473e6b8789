// Polls two streams together: `a.merge(b)` polls a, then b, in every poll and yields
// MergedItem::first(x), ::second(y) or ::both(x, y) with what each gave. When a yields and b
// fails in the same poll, the error is held and returned by the next poll. It ends when both
// ended (futures 0.1's deprecated stream `Merge`; `select` is its successor).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>

#include "futurescope/future.hpp"
#include "futurescope/observe/describe.hpp"
#include "futurescope/stream/fuse.hpp"
#include "futurescope/stream/map.hpp"

namespace futurescope {

// First(a) | Second(b) | Both(a, b).
template <class A, class B>
class MergedItem {
  public:
    enum class Kind : std::uint8_t { first, second, both };

    static MergedItem first(A a) { return MergedItem(Kind::first, std::move(a), std::nullopt); }
    static MergedItem second(B b) { return MergedItem(Kind::second, std::nullopt, std::move(b)); }
    static MergedItem both(A a, B b) { return MergedItem(Kind::both, std::move(a), std::move(b)); }

    [[nodiscard]] Kind kind() const noexcept { return kind_; }
    [[nodiscard]] bool has_first() const noexcept { return a_.has_value(); }
    [[nodiscard]] bool has_second() const noexcept { return b_.has_value(); }
    // The first stream's item; only when kind() is first or both.
    [[nodiscard]] A &first_item() { return *a_; }
    // The second stream's item; only when kind() is second or both.
    [[nodiscard]] B &second_item() { return *b_; }

    [[nodiscard]] std::string describe() const {
        switch (kind_) {
        case Kind::first:
            return "First(" + describe_any(*a_) + ")";
        case Kind::second:
            return "Second(" + describe_any(*b_) + ")";
        case Kind::both:
            break;
        }
        return "Both(" + describe_any(*a_) + ", " + describe_any(*b_) + ")";
    }

    friend bool operator==(const MergedItem &, const MergedItem &) = default;

  private:
    MergedItem(Kind kind, std::optional<A> a, std::optional<B> b)
        : kind_(kind), a_(std::move(a)), b_(std::move(b)) {}

    Kind kind_;
    std::optional<A> a_;
    std::optional<B> b_;
};

template <class S1, class S2>
class [[nodiscard]] MergeStream : public StreamExt<MergeStream<S1, S2>> {
  public:
    using item_type = MergedItem<item_t<S1>, item_t<S2>>;
    using error_type = unify_t<error_t<S1>, error_t<S2>>;

    static constexpr FutureKind kind_info{"MergeStream", streaming_state_names};

    MergeStream(S1 a, S2 b) : a_(std::move(a)), b_(std::move(b)) {}

    StreamPoll<item_type, error_type> poll() {
        PollScope scope(obs_, *this);
        StreamPoll<item_type, error_type> result = poll_inner();
        scope.exit(result);
        return result;
    }

  private:
    StreamPoll<item_type, error_type> poll_inner() {
        if (queued_error_) {
            error_type e = std::move(*queued_error_);
            queued_error_.reset();
            return Err<error_type>{std::move(e)};
        }
        auto p1 = a_.poll();
        if (p1.is_err()) {
            return Err<error_type>{std::move(p1).error()};
        }
        if (p1.is_not_ready() || !p1.value()) {
            auto p2 = b_.poll();
            if (p2.is_err()) {
                return Err<error_type>{std::move(p2).error()};
            }
            if (p2.is_not_ready()) {
                return not_ready;
            }
            if (p2.value()) {
                return ready(item_type::second(std::move(*p2.value())));
            }
            // b ended: the merge ends only if a ended too.
            if (p1.is_not_ready()) {
                return not_ready;
            }
            return ready(std::nullopt);
        }
        auto p2 = b_.poll();
        if (p2.is_err()) {
            queued_error_.emplace(std::move(p2).error());
        } else if (p2.is_ready() && p2.value()) {
            return ready(item_type::both(std::move(*p1.value()), std::move(*p2.value())));
        }
        return ready(item_type::first(std::move(*p1.value())));
    }

    detail::Fused<S1> a_;
    detail::Fused<S2> b_;
    std::optional<error_type> queued_error_;
    ObsId obs_;
};

template <class Derived>
template <class S2>
auto StreamExt<Derived>::merge(S2 other) && {
    return MergeStream<Derived, S2>(self_of<Derived>(this), std::move(other));
}

} // namespace futurescope
