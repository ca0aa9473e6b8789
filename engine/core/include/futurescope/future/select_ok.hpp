// The first future of a vector to succeed: `select_ok(std::vector<F>)` resolves to (item, rest),
// rest holding the other futures, still running, in their order. Each poll scans in index order;
// a future that fails is dropped and the scan starts again from index 0 in the same poll. If
// every future fails, the last error is the result. Like futures 0.1's SelectOk, an empty vector
// panics when it is built, and once resolved it holds nothing and answers NotReady forever.
#pragma once

#include <array>
#include <cstddef>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "futurescope/detail/select_vector.hpp"
#include "futurescope/future.hpp"

namespace futurescope {

template <class F>
class [[nodiscard]] SelectOk : public FutureExt<SelectOk<F>> {
  public:
    using item_type = std::pair<item_t<F>, std::vector<F>>;
    using error_type = error_t<F>;

    static constexpr std::array<std::string_view, 2> state_names{"pending", "done"};
    static constexpr FutureKind kind_info{"SelectOk", state_names};

    explicit SelectOk(std::vector<F> futures)
        : inner_(detail::nonempty_futures(std::move(futures))), count_(inner_.size()) {}

    Poll<item_type, error_type> poll() {
        PollScope scope(obs_, *this);
        Poll<item_type, error_type> result = poll_inner();
        scope.exit(result);
        return result;
    }

    [[nodiscard]] int obs_state() const noexcept { return done_ ? 1 : 0; }
    [[nodiscard]] std::string obs_label() const {
        return "select_ok(" + std::to_string(count_) + ")";
    }

  private:
    Poll<item_type, error_type> poll_inner() {
        // Each pass either finds a resolved future (and removes it) or returns: the loop runs at
        // most inner_.size() + 1 times.
        for (;;) {
            bool failed = false;
            for (std::size_t i = 0; i < inner_.size() && !failed; ++i) {
                auto p = inner_[i].poll();
                if (p.is_ready()) {
                    remove_at(i);
                    finish();
                    return Ready<item_type>{
                        item_type(std::move(p).value(), std::exchange(inner_, std::vector<F>()))};
                }
                if (p.is_err()) {
                    remove_at(i);
                    if (inner_.empty()) {
                        finish();
                        return Err<error_type>{std::move(p).error()};
                    }
                    failed = true; // restart the scan from index 0
                }
            }
            if (!failed) {
                return not_ready;
            }
        }
    }

    // Drops future i at once and keeps the order of the others.
    void remove_at(std::size_t index) { inner_ = detail::all_but(std::move(inner_), index); }
    void finish() noexcept {
        done_ = true;
        observe_state(obs_, 0, 1);
    }

    std::vector<F> inner_;
    std::size_t count_;
    bool done_ = false;
    ObsId obs_;
};

template <class F>
[[nodiscard]] SelectOk<F> select_ok(std::vector<F> futures) {
    return SelectOk<F>(std::move(futures));
}

} // namespace futurescope
