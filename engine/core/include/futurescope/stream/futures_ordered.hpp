// A set of futures run together as one stream that yields their results in the order they were
// pushed: `FuturesOrdered<F>` (or `futures_ordered(v)`), futures 0.1's `FuturesOrdered`. The
// futures run in a FuturesUnordered, each tagged with its index; a result that finishes early is
// held in a min-heap and released only when every earlier one was. len() counts the futures
// running and the results held.
#pragma once

#include <algorithm>
#include <array>
#include <cstddef>
#include <optional>
#include <ranges>
#include <string_view>
#include <utility>
#include <vector>

#include "futurescope/future.hpp"
#include "futurescope/stream/futures_unordered.hpp"

namespace futurescope {

namespace detail {

// A future and its position in the input: resolves to (index, item). It only tags: polling it
// polls the future it holds, which keeps its own identity in the trace.
template <class F>
class OrderWrapper {
  public:
    using item_type = std::pair<std::size_t, item_t<F>>;
    using error_type = error_t<F>;

    OrderWrapper(F future, std::size_t index) : future_(std::move(future)), index_(index) {}

    Poll<item_type, error_type> poll() {
        auto p = future_.poll();
        if (p.is_ready()) {
            return Ready<item_type>{item_type(index_, std::move(p).value())};
        }
        if (p.is_err()) {
            return Err<error_type>{std::move(p).error()};
        }
        return not_ready;
    }

    [[nodiscard]] F &get() noexcept { return future_; }

  private:
    F future_;
    std::size_t index_;
};

} // namespace detail

template <class F>
class [[nodiscard]] FuturesOrdered : public StreamExt<FuturesOrdered<F>> {
    using held_type = std::pair<std::size_t, item_t<F>>;

  public:
    using item_type = item_t<F>;
    using error_type = error_t<F>;

    static constexpr std::array<std::string_view, 1> state_names{"polling"};
    static constexpr FutureKind kind_info{"FuturesOrdered", state_names};

    FuturesOrdered() = default;

    void push(F future) {
        in_progress_.push(detail::OrderWrapper<F>(std::move(future), next_in_++));
    }

    [[nodiscard]] std::size_t len() const noexcept { return in_progress_.len() + held_.size(); }
    [[nodiscard]] bool is_empty() const noexcept {
        return in_progress_.is_empty() && held_.empty();
    }

    StreamPoll<item_type, error_type> poll() {
        PollScope scope(obs_, *this);
        StreamPoll<item_type, error_type> result = poll_inner();
        scope.exit(result);
        return result;
    }

  private:
    // The heap's order puts the smallest index on top.
    static bool later(const held_type &a, const held_type &b) noexcept { return a.first > b.first; }

    StreamPoll<item_type, error_type> poll_inner() {
        for (;;) {
            auto p = in_progress_.poll();
            if (p.is_err()) {
                return Err<error_type>{std::move(p).error()};
            }
            if (!p.is_ready() || !p.value()) {
                break;
            }
            held_.push_back(std::move(*p.value()));
            std::push_heap(held_.begin(), held_.end(), later);
        }
        if (held_.empty()) {
            if (!in_progress_.is_empty()) {
                return not_ready;
            }
            return ready(std::nullopt);
        }
        if (held_.front().first != next_out_) {
            return not_ready;
        }
        std::pop_heap(held_.begin(), held_.end(), later);
        item_type item = std::move(held_.back().second);
        held_.pop_back();
        ++next_out_;
        return ready(std::move(item));
    }

    FuturesUnordered<detail::OrderWrapper<F>> in_progress_;
    std::vector<held_type> held_;
    std::size_t next_in_ = 0;
    std::size_t next_out_ = 0;
    ObsId obs_;
};

// A FuturesOrdered holding the futures of a range (moved out of it), in its order.
template <std::ranges::input_range R>
[[nodiscard]] auto futures_ordered(R futures) {
    FuturesOrdered<std::ranges::range_value_t<R>> set;
    for (auto &&f : futures) {
        set.push(std::move(f));
    }
    return set;
}

} // namespace futurescope
