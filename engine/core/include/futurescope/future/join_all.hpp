// Waits for every future of a vector: `join_all(std::vector<F>)` resolves to the vector of their
// items, in input order. Each poll goes through the vector in index order and polls only the
// futures not finished yet; a finished one keeps its item and is dropped at once. The first error
// drops every future (later ones are not polled in that poll) and is the result. Like futures
// 0.1's JoinAll, it holds nothing once it resolved, so another poll answers Ready([]).
#pragma once

#include <array>
#include <cstddef>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include "futurescope/future.hpp"
#include "futurescope/future/result.hpp"

namespace futurescope {

template <class F>
class [[nodiscard]] JoinAll : public FutureExt<JoinAll<F>> {
  public:
    using item_type = std::vector<item_t<F>>;
    using error_type = error_t<F>;

    static constexpr std::array<std::string_view, 2> state_names{"pending", "done"};
    static constexpr FutureKind kind_info{"JoinAll", state_names};

    explicit JoinAll(std::vector<F> futures) : count_(futures.size()) {
        elems_.reserve(futures.size());
        for (F &f : futures) {
            elems_.emplace_back(std::in_place_index<0>, std::move(f));
        }
    }

    Poll<item_type, error_type> poll() {
        PollScope scope(obs_, *this);
        Poll<item_type, error_type> result = poll_inner();
        scope.exit(result);
        return result;
    }

    [[nodiscard]] int obs_state() const noexcept { return done_ ? 1 : 0; }
    [[nodiscard]] std::string obs_label() const {
        return "join_all(" + std::to_string(count_) + ")";
    }

  private:
    // Pending(future) | Done(item) | Gone.
    using Elem = std::variant<F, item_t<F>, std::monostate>;

    Poll<item_type, error_type> poll_inner() {
        bool all_done = true;
        for (Elem &e : elems_) {
            if (e.index() != 0) {
                continue;
            }
            auto p = std::get_if<0>(&e)->poll();
            if (p.is_ready()) {
                e.template emplace<1>(std::move(p).value()); // drops the future at once
            } else if (p.is_err()) {
                drop_all();
                return Err<error_type>{std::move(p).error()};
            } else {
                all_done = false;
            }
        }
        if (!all_done) {
            return not_ready;
        }
        item_type items;
        items.reserve(elems_.size());
        for (Elem &e : elems_) {
            items.push_back(std::move(*std::get_if<1>(&e)));
        }
        drop_all();
        return Ready<item_type>{std::move(items)};
    }

    // Drops the elements in index order (whatever order the standard library's clear() uses),
    // so that a trace reads the same with every toolchain.
    void drop_all() noexcept {
        for (Elem &e : elems_) {
            e.template emplace<2>();
        }
        elems_ = std::vector<Elem>();
        if (!done_) {
            done_ = true;
            observe_state(obs_, 0, 1);
        }
    }

    std::vector<Elem> elems_;
    std::size_t count_;
    bool done_ = false;
    ObsId obs_;
};

// join_all(futures): also accepts a vector of Results, each an already resolved future.
template <class X>
[[nodiscard]] auto join_all(std::vector<X> futures) {
    if constexpr (Future<X>) {
        return JoinAll<X>(std::move(futures));
    } else {
        std::vector<into_future_t<X>> converted;
        converted.reserve(futures.size());
        for (X &x : futures) {
            converted.push_back(into_future(std::move(x)));
        }
        return JoinAll<into_future_t<X>>(std::move(converted));
    }
}

} // namespace futurescope
