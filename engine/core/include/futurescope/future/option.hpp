// An optional future as a future: `option(std::optional<F>)` resolves to Some(item) by polling
// the future when there is one, and to None at once when there is none (futures 0.1 implements
// `Future` for `Option<F>`). Errors pass through. States: some, none.
#pragma once

#include <array>
#include <optional>
#include <string_view>
#include <utility>

#include "futurescope/future.hpp"

namespace futurescope {

template <class F>
class [[nodiscard]] OptionFuture : public FutureExt<OptionFuture<F>> {
  public:
    using item_type = std::optional<item_t<F>>;
    using error_type = error_t<F>;

    static constexpr std::array<std::string_view, 2> state_names{"some", "none"};
    static constexpr FutureKind kind_info{"Option", state_names};

    explicit OptionFuture(std::optional<F> future) : future_(std::move(future)) {}

    Poll<item_type, error_type> poll() {
        PollScope scope(obs_, *this);
        Poll<item_type, error_type> result = poll_inner();
        scope.exit(result);
        return result;
    }

    [[nodiscard]] int obs_state() const noexcept { return future_ ? 0 : 1; }

  private:
    Poll<item_type, error_type> poll_inner() {
        if (!future_) {
            return Ready<item_type>{std::nullopt};
        }
        auto p = future_->poll();
        if (p.is_not_ready()) {
            return not_ready;
        }
        if (p.is_err()) {
            return Err<error_type>{std::move(p).error()};
        }
        return Ready<item_type>{item_type(std::move(p).value())};
    }

    std::optional<F> future_;
    ObsId obs_;
};

template <class F>
[[nodiscard]] OptionFuture<F> option(std::optional<F> future) {
    return OptionFuture<F>(std::move(future));
}

} // namespace futurescope
