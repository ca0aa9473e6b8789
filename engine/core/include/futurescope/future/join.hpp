// Waits for every future: `a.join(b)` resolves to (a's item, b's item); join3 … join5 take more.
// Each poll polls the sides in argument order, only those not finished yet: a finished side keeps
// its item and its future is dropped at once. The first error stops the scan (later sides are
// not polled in that poll), drops every side and is the result.
#pragma once

#include <array>
#include <cstddef>
#include <string_view>
#include <tuple>
#include <utility>
#include <variant>

#include "futurescope/future.hpp"

namespace futurescope {

template <class E, class... Es>
struct unify_all {
    using type = E;
};
template <class E1, class E2, class... Es>
struct unify_all<E1, E2, Es...> {
    using type = typename unify_all<unify_t<E1, E2>, Es...>::type;
};

template <class... Fs>
class [[nodiscard]] Join : public FutureExt<Join<Fs...>> {
  public:
    using item_type = std::tuple<item_t<Fs>...>;
    using error_type = typename unify_all<error_t<Fs>...>::type;

    static constexpr std::array<std::string_view, 2> state_names{"pending", "done"};
    static constexpr FutureKind kind_info{"Join", state_names};

    explicit Join(Fs... fs) : sides_(Side<Fs>(std::in_place_index<0>, std::move(fs))...) {}

    Poll<item_type, error_type> poll() {
        PollScope scope(obs_, *this);
        Poll<item_type, error_type> result = poll_inner(std::index_sequence_for<Fs...>{});
        scope.exit(result);
        return result;
    }

    [[nodiscard]] int obs_state() const noexcept { return done_ ? 1 : 0; }

  private:
    // NotYet(future) | Done(item) | Gone.
    template <class F>
    using Side = std::variant<F, item_t<F>, std::monostate>;

    template <std::size_t... I>
    Poll<item_type, error_type> poll_inner(std::index_sequence<I...>) {
        if (done_) {
            throw Panic("cannot poll Join twice");
        }
        bool all_done = true;
        std::optional<error_type> error;
        // The fold stops at the first error: `&&` short-circuits.
        (void)(poll_side<I>(all_done, error) && ...);
        if (error) {
            erase(std::index_sequence<I...>{});
            return Err<error_type>{std::move(*error)};
        }
        if (!all_done) {
            return not_ready;
        }
        done_ = true;
        observe_state(obs_, 0, 1);
        return Ready<item_type>{item_type(std::move(*std::get_if<1>(&std::get<I>(sides_)))...)};
    }

    // Polls side I if it is not done; false when it failed (the scan stops).
    template <std::size_t I>
    bool poll_side(bool &all_done, std::optional<error_type> &error) {
        auto &side = std::get<I>(sides_);
        if (side.index() != 0) {
            return true;
        }
        auto p = std::get_if<0>(&side)->poll();
        if (p.is_ready()) {
            side.template emplace<1>(std::move(p).value()); // drops the future at once
            return true;
        }
        if (p.is_err()) {
            error.emplace(std::move(p).error());
            return false;
        }
        all_done = false;
        return true;
    }

    template <std::size_t... I>
    void erase(std::index_sequence<I...>) {
        (std::get<I>(sides_).template emplace<2>(), ...);
        done_ = true;
        observe_state(obs_, 0, 1);
    }

    std::tuple<Side<Fs>...> sides_;
    bool done_ = false;
    ObsId obs_;
};

template <class Derived>
template <class B>
auto FutureExt<Derived>::join(B other) && {
    return Join<Derived, B>(self_of<Derived>(this), std::move(other));
}
template <class Derived>
template <class B, class C>
auto FutureExt<Derived>::join3(B b, C c) && {
    return Join<Derived, B, C>(self_of<Derived>(this), std::move(b), std::move(c));
}
template <class Derived>
template <class B, class C, class D>
auto FutureExt<Derived>::join4(B b, C c, D d) && {
    return Join<Derived, B, C, D>(self_of<Derived>(this), std::move(b), std::move(c), std::move(d));
}
template <class Derived>
template <class B, class C, class D, class E>
auto FutureExt<Derived>::join5(B b, C c, D d, E e) && {
    return Join<Derived, B, C, D, E>(
        self_of<Derived>(this), std::move(b), std::move(c), std::move(d), std::move(e));
}

// join(a, b, …) as a free function, for any number of futures.
template <Future... Fs>
[[nodiscard]] Join<Fs...> join(Fs... fs) {
    return Join<Fs...>(std::move(fs)...);
}

} // namespace futurescope
