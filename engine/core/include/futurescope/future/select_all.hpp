// The first of a vector of futures to resolve: `select_all(std::vector<F>)` resolves to
// (item, index, rest) — rest holding the other futures, still running, in their order. An error
// resolves it too, as (error, index, rest). Each poll polls in index order and stops at the first
// future that resolves (later ones are not polled in that poll); the winner is dropped at once.
// Like futures 0.1's SelectAll, an empty vector panics when it is built, and once resolved it
// holds nothing and answers NotReady forever.
#pragma once

#include <array>
#include <cstddef>
#include <string>
#include <string_view>
#include <tuple>
#include <utility>
#include <vector>

#include "futurescope/detail/select_vector.hpp"
#include "futurescope/future.hpp"

namespace futurescope {

template <class F>
class [[nodiscard]] SelectAll : public FutureExt<SelectAll<F>> {
  public:
    using item_type = std::tuple<item_t<F>, std::size_t, std::vector<F>>;
    using error_type = std::tuple<error_t<F>, std::size_t, std::vector<F>>;

    static constexpr std::array<std::string_view, 2> state_names{"pending", "done"};
    static constexpr FutureKind kind_info{"SelectAll", state_names};

    explicit SelectAll(std::vector<F> futures)
        : inner_(detail::nonempty_futures(std::move(futures))), count_(inner_.size()) {}

    Poll<item_type, error_type> poll() {
        PollScope scope(obs_, *this);
        Poll<item_type, error_type> result = poll_inner();
        scope.exit(result);
        return result;
    }

    [[nodiscard]] int obs_state() const noexcept { return done_ ? 1 : 0; }
    [[nodiscard]] std::string obs_label() const {
        return "select_all(" + std::to_string(count_) + ")";
    }

  private:
    Poll<item_type, error_type> poll_inner() {
        for (std::size_t i = 0; i < inner_.size(); ++i) {
            auto p = inner_[i].poll();
            if (p.is_ready()) {
                std::vector<F> rest = take_rest(i);
                return Ready<item_type>{item_type(std::move(p).value(), i, std::move(rest))};
            }
            if (p.is_err()) {
                std::vector<F> rest = take_rest(i);
                return Err<error_type>{error_type(std::move(p).error(), i, std::move(rest))};
            }
        }
        return not_ready;
    }

    // Drops the winner at once.
    std::vector<F> take_rest(std::size_t winner) {
        std::vector<F> rest = detail::all_but(std::move(inner_), winner);
        done_ = true;
        observe_state(obs_, 0, 1);
        return rest;
    }

    std::vector<F> inner_;
    std::size_t count_;
    bool done_ = false;
    ObsId obs_;
};

template <class F>
[[nodiscard]] SelectAll<F> select_all(std::vector<F> futures) {
    return SelectAll<F>(std::move(futures));
}

} // namespace futurescope
