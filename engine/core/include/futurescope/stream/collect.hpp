// Gathers a stream into a vector: `s.collect()` is a future that resolves to every item, in
// order, at the end of the stream. On the first error the items gathered so far are thrown away
// and the error is the result (futures 0.1's `Collect`).
#pragma once

#include <array>
#include <string_view>
#include <utility>
#include <vector>

#include "futurescope/future.hpp"

namespace futurescope {

template <class S>
class [[nodiscard]] Collect : public FutureExt<Collect<S>> {
  public:
    using item_type = std::vector<item_t<S>>;
    using error_type = error_t<S>;

    static constexpr std::array<std::string_view, 1> state_names{"collecting"};
    static constexpr FutureKind kind_info{"Collect", state_names};

    explicit Collect(S stream) : stream_(std::move(stream)) {}

    Poll<item_type, error_type> poll() {
        PollScope scope(obs_, *this);
        Poll<item_type, error_type> result = poll_inner();
        scope.exit(result);
        return result;
    }

  private:
    Poll<item_type, error_type> poll_inner() {
        for (;;) {
            auto p = stream_.poll();
            if (p.is_not_ready()) {
                return not_ready;
            }
            if (p.is_err()) {
                items_.clear();
                return Err<error_type>{std::move(p).error()};
            }
            if (!p.value()) {
                return Ready<item_type>{std::exchange(items_, item_type{})};
            }
            items_.push_back(std::move(*p.value()));
        }
    }

    S stream_;
    item_type items_;
    ObsId obs_;
};

template <class Derived>
auto StreamExt<Derived>::collect() && {
    return Collect<Derived>(self_of<Derived>(this));
}

} // namespace futurescope
