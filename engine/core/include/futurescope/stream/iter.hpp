// Streams over the values of a container or range, never NotReady: `iter_ok(v)` yields each
// value as an item, then ends; `iter_result(v)`, over Results, yields each Ok value as an item and
// each Err as a stream error — and goes on after it, since an error does not end a stream
// (futures 0.1's `iter_ok` and `iter_result`).
#pragma once

#include <array>
#include <cstddef>
#include <initializer_list>
#include <iterator>
#include <optional>
#include <ranges>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include "futurescope/future.hpp"

namespace futurescope {

namespace detail {

// A range owned by value and the position reached in it. The position is kept as a count, and
// the iterator is found again after a copy or a move: a stream is moved after it was polled
// (into_future hands the rest of it back), and an iterator into the old storage would dangle.
template <std::ranges::forward_range R>
class RangeCursor {
  public:
    using value_type = std::ranges::range_value_t<R>;

    explicit RangeCursor(R range) : range_(std::move(range)) {}
    RangeCursor(const RangeCursor &other) : range_(other.range_), index_(other.index_) {}
    RangeCursor(RangeCursor &&other) noexcept(std::is_nothrow_move_constructible_v<R>)
        : range_(std::move(other.range_)), index_(other.index_) {}
    RangeCursor &operator=(const RangeCursor &) = delete;
    RangeCursor &operator=(RangeCursor &&) = delete;
    ~RangeCursor() = default;

    [[nodiscard]] bool at_end() { return iterator() == std::ranges::end(range_); }

    // The next value; only when not at_end().
    value_type take() {
        auto &it = iterator();
        ++index_;
        auto current = it++;
        // The stream owns a container's elements and may move them out; a view's elements
        // belong to someone else and are copied.
        if constexpr (std::is_lvalue_reference_v<std::ranges::range_reference_t<R>> &&
                      !std::ranges::view<R>) {
            return value_type(std::move(*current));
        } else {
            return value_type(*current);
        }
    }

  private:
    std::ranges::iterator_t<R> &iterator() {
        if (!it_) {
            it_.emplace(std::ranges::next(std::ranges::begin(range_),
                                          static_cast<std::ranges::range_difference_t<R>>(index_),
                                          std::ranges::end(range_)));
        }
        return *it_;
    }

    R range_;
    std::size_t index_ = 0;
    std::optional<std::ranges::iterator_t<R>> it_;
};

inline constexpr std::array<std::string_view, 2> iter_state_names{"streaming", "done"};

} // namespace detail

template <class R, class E>
class [[nodiscard]] IterOk : public StreamExt<IterOk<R, E>> {
  public:
    using item_type = std::ranges::range_value_t<R>;
    using error_type = E;

    static constexpr FutureKind kind_info{"IterOk", detail::iter_state_names};

    explicit IterOk(R range) : cursor_(std::move(range)) {}

    StreamPoll<item_type, error_type> poll() {
        PollScope scope(obs_, *this);
        StreamPoll<item_type, error_type> result = poll_inner();
        scope.exit(result);
        return result;
    }

    [[nodiscard]] int obs_state() const noexcept { return done_ ? 1 : 0; }

  private:
    StreamPoll<item_type, error_type> poll_inner() {
        if (done_) {
            return ready(std::nullopt);
        }
        if (cursor_.at_end()) {
            done_ = true;
            observe_state(obs_, 0, 1);
            return ready(std::nullopt);
        }
        return ready(cursor_.take());
    }

    detail::RangeCursor<R> cursor_;
    bool done_ = false;
    ObsId obs_;
};

template <class R>
class [[nodiscard]] IterResult : public StreamExt<IterResult<R>> {
    using result_type = std::ranges::range_value_t<R>;

  public:
    using item_type = typename result_type::item_type;
    using error_type = typename result_type::error_type;

    static constexpr FutureKind kind_info{"IterResult", detail::iter_state_names};

    explicit IterResult(R range) : cursor_(std::move(range)) {}

    StreamPoll<item_type, error_type> poll() {
        PollScope scope(obs_, *this);
        StreamPoll<item_type, error_type> result = poll_inner();
        scope.exit(result);
        return result;
    }

    [[nodiscard]] int obs_state() const noexcept { return done_ ? 1 : 0; }

  private:
    StreamPoll<item_type, error_type> poll_inner() {
        if (done_) {
            return ready(std::nullopt);
        }
        if (cursor_.at_end()) {
            done_ = true;
            observe_state(obs_, 0, 1);
            return ready(std::nullopt);
        }
        result_type next = cursor_.take();
        if (next.is_ok()) {
            return ready(std::move(next).value());
        }
        return Err<error_type>{std::move(next).error()};
    }

    detail::RangeCursor<R> cursor_;
    bool done_ = false;
    ObsId obs_;
};

// iter_ok(std::vector{1, 2, 3}), iter_ok(std::views::iota(1, 11)): the error type is Never
// unless given, iter_ok<std::string>(v). A container passed as an lvalue is copied.
template <class E = Never, std::ranges::forward_range R>
[[nodiscard]] IterOk<std::decay_t<R>, E> iter_ok(R &&range) {
    return IterOk<std::decay_t<R>, E>(std::forward<R>(range));
}
template <class E = Never, class T>
[[nodiscard]] IterOk<std::vector<T>, E> iter_ok(std::initializer_list<T> values) {
    return IterOk<std::vector<T>, E>(std::vector<T>(values));
}

template <std::ranges::forward_range R>
[[nodiscard]] IterResult<std::decay_t<R>> iter_result(R &&range) {
    return IterResult<std::decay_t<R>>(std::forward<R>(range));
}
template <class T, class E>
[[nodiscard]] IterResult<std::vector<Result<T, E>>>
iter_result(std::initializer_list<Result<T, E>> values) {
    return IterResult<std::vector<Result<T, E>>>(std::vector<Result<T, E>>(values));
}

} // namespace futurescope
