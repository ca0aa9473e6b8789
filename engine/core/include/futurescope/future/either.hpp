// Either<A, B>: a value of one of two types, futures 0.1's `Either`. `select2` resolves to one
// (Either::make_a((a_item, b)) or Either::make_b((b_item, a))). When both sides are futures (or
// both streams) with the same item and error types, an Either is itself one that polls the side it
// holds, so a continuation can return one of two different future types.
#pragma once

#include <concepts>
#include <optional>
#include <string>
#include <type_traits>
#include <utility>
#include <variant>

#include "futurescope/future.hpp"
#include "futurescope/observe/describe.hpp"

namespace futurescope {

namespace detail {

// The item and error types of an Either of two futures or two streams; none for plain values,
// so that such an Either is neither a Future nor a Stream.
template <class A, class B>
struct either_poll_types {};

template <class A, class B>
requires((Future<A> && Future<B>) || (Stream<A> && Stream<B>)) struct either_poll_types<A, B> {
    using item_type = unify_t<item_t<A>, item_t<B>>;
    using error_type = unify_t<error_t<A>, error_t<B>>;
};

template <class A, class B, class Self>
using either_ext_base =
    std::conditional_t<Stream<A> && Stream<B>, StreamExt<Self>, FutureExt<Self>>;

} // namespace detail

template <class A, class B>
class [[nodiscard]] Either : public detail::either_poll_types<A, B>,
                             public detail::either_ext_base<A, B, Either<A, B>> {
  public:
    static Either make_a(A a) { return Either(std::in_place_index<0>, std::move(a)); }
    static Either make_b(B b) { return Either(std::in_place_index<1>, std::move(b)); }

    [[nodiscard]] bool is_a() const noexcept { return v_.index() == 0; }
    [[nodiscard]] bool is_b() const noexcept { return v_.index() == 1; }
    // The value held; asking for the other side is a logic error.
    [[nodiscard]] A &a() & { return *std::get_if<0>(&v_); }
    [[nodiscard]] const A &a() const & { return *std::get_if<0>(&v_); }
    [[nodiscard]] A &&a() && { return std::move(*std::get_if<0>(&v_)); }
    [[nodiscard]] B &b() & { return *std::get_if<1>(&v_); }
    [[nodiscard]] const B &b() const & { return *std::get_if<1>(&v_); }
    [[nodiscard]] B &&b() && { return std::move(*std::get_if<1>(&v_)); }

    // Polls the side it holds. Either is only a wrapper: that side keeps its own identity in the
    // trace, as SelectNext does.
    auto poll() requires((Future<A> && Future<B>) || (Stream<A> && Stream<B>)) {
        using types = detail::either_poll_types<A, B>;
        using result_type = std::conditional_t<
            Stream<A>,
            Poll<std::optional<typename types::item_type>, typename types::error_type>,
            Poll<typename types::item_type, typename types::error_type>>;
        if (v_.index() == 0) {
            return result_type(std::get_if<0>(&v_)->poll());
        }
        return result_type(std::get_if<1>(&v_)->poll());
    }

    [[nodiscard]] std::string describe() const {
        return is_a() ? "A(" + describe_any(a()) + ")" : "B(" + describe_any(b()) + ")";
    }

    friend bool operator==(const Either &l, const Either &r) requires(
        std::equality_comparable<A> &&std::equality_comparable<B>) {
        return l.v_ == r.v_;
    }

  private:
    template <std::size_t I, class V>
    Either(std::in_place_index_t<I> tag, V &&v) : v_(tag, std::forward<V>(v)) {}

    std::variant<A, B> v_;
};

} // namespace futurescope
