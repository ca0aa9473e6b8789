// The value a poll returns: Ready(T), NotReady or Err(E) — futures 0.1's `Poll<T, E>` — plus the
// plain `Result<T, E>` a finished future leaves behind, and the `Unit` and `Never` types that
// stand in for Rust's `()` and `!`.
#pragma once

#include <cstdint>
#include <stdexcept>
#include <string>
#include <type_traits>
#include <utility>
#include <variant>

namespace futurescope {

// [SECTION] Unit and Never

// Rust's `()`: the item of a future that only signals completion (a delay, a send).
struct Unit {
    friend constexpr bool operator==(Unit, Unit) noexcept { return true; }
};

// Rust's `!`: the error type of a future that cannot fail, the item type of one that cannot
// succeed. No value of it is ever made; it converts to any type so that `Poll<T, Never>` converts
// to `Poll<T, E>` and infallible futures compose with fallible ones without adapters.
struct Never {
    Never() = delete;
    template <class T>
    [[noreturn]] operator T() const { // NOLINT(google-explicit-constructor)
        __builtin_unreachable();
    }
    friend bool operator==(const Never &, const Never &) noexcept { return true; }
};

// The type two combined futures agree on: the same type, or the other one when one side is
// Never. Anything else is a type error, as it is in Rust.
template <class A, class B>
struct unify {
    static_assert(std::is_same_v<A, B>,
                  "futurescope: the two futures must have the same item and error types "
                  "(or one of them Never)");
    using type = A;
};
template <class A>
struct unify<A, Never> {
    using type = A;
};
template <class B>
struct unify<Never, B> {
    using type = B;
};
template <>
struct unify<Never, Never> {
    using type = Never;
};
template <class A, class B>
using unify_t = typename unify<A, B>::type;

// [SECTION] Contract violations

// What Rust reports with a panic ("cannot poll Map twice", "no Task is currently running"). The
// executor catches it and completes the task as panicked, so a learner sees the message in the
// trace rather than a crashed program. The text is stable: tests match it exactly.
class Panic : public std::logic_error {
  public:
    using std::logic_error::logic_error;
};

// [SECTION] Tags that convert into any Poll

struct NotReadyT {
    explicit constexpr NotReadyT() = default;
};
inline constexpr NotReadyT not_ready{};

template <class T>
struct Ready {
    T value;
};
template <class T>
Ready(T) -> Ready<T>;

template <class E>
struct Err {
    E error;
};
template <class E>
Err(E) -> Err<E>;

template <class T>
[[nodiscard]] constexpr Ready<std::decay_t<T>> ready(T &&value) {
    return Ready<std::decay_t<T>>{std::forward<T>(value)};
}
[[nodiscard]] constexpr Ready<Unit> ready() { return Ready<Unit>{Unit{}}; }

template <class E>
[[nodiscard]] constexpr Err<std::decay_t<E>> fail(E &&error) {
    return Err<std::decay_t<E>>{std::forward<E>(error)};
}

// [SECTION] PollOutcome

// The shape of a poll's answer without its value; what the observer records. `end` is a stream's
// Ready(None).
enum class PollOutcome : std::uint8_t { not_ready, ready, err, end };

[[nodiscard]] const char *to_string(PollOutcome outcome) noexcept;

// [SECTION] Poll

template <class T, class E>
class [[nodiscard]] Poll {
  public:
    using item_type = T;
    using error_type = E;

    Poll(NotReadyT) noexcept : v_(std::in_place_index<0>) {} // NOLINT(google-explicit-constructor)

    template <class U>
    requires std::is_constructible_v<T, U &&>
    Poll(Ready<U> r) // NOLINT(google-explicit-constructor)
        : v_(std::in_place_index<1>, std::move(r.value)) {}

    template <class U>
    requires std::is_constructible_v<E, U &&> Poll(Err<U> e) // NOLINT(google-explicit-constructor)
        : v_(std::in_place_index<2>, std::move(e.error)) {}

    // Poll<T2, E2> converts when its item and error convert (Never converts to anything).
    template <class T2, class E2>
    requires(!std::is_same_v<Poll<T2, E2>, Poll> && std::is_constructible_v<T, T2 &&> &&
             std::is_constructible_v<E, E2 &&>)
        Poll(Poll<T2, E2> &&other) // NOLINT(google-explicit-constructor)
        : v_(std::in_place_index<0>) {
        if (other.is_ready()) {
            v_.template emplace<1>(std::move(other).value());
        } else if (other.is_err()) {
            v_.template emplace<2>(std::move(other).error());
        }
    }

    [[nodiscard]] bool is_not_ready() const noexcept { return v_.index() == 0; }
    [[nodiscard]] bool is_ready() const noexcept { return v_.index() == 1; }
    [[nodiscard]] bool is_err() const noexcept { return v_.index() == 2; }

    [[nodiscard]] T &value() & { return *std::get_if<1>(&v_); }
    [[nodiscard]] const T &value() const & { return *std::get_if<1>(&v_); }
    [[nodiscard]] T &&value() && { return std::move(*std::get_if<1>(&v_)); }
    [[nodiscard]] E &error() & { return *std::get_if<2>(&v_); }
    [[nodiscard]] const E &error() const & { return *std::get_if<2>(&v_); }
    [[nodiscard]] E &&error() && { return std::move(*std::get_if<2>(&v_)); }

    [[nodiscard]] PollOutcome outcome() const noexcept {
        switch (v_.index()) {
        case 1:
            return PollOutcome::ready;
        case 2:
            return PollOutcome::err;
        default:
            return PollOutcome::not_ready;
        }
    }

    friend bool operator==(const Poll &, const Poll &) = default;

  private:
    std::variant<std::monostate, T, E> v_;
};

// [SECTION] Result

// What a future resolved to: Ok(T) or Err(E). `then` hands one to its closure; the executor keeps
// one per finished task.
template <class T, class E>
class Result {
  public:
    using item_type = T;
    using error_type = E;

    template <class U>
    requires std::is_constructible_v<T, U &&>
    Result(Ready<U> r) // NOLINT(google-explicit-constructor)
        : v_(std::in_place_index<0>, std::move(r.value)) {}
    template <class U>
    requires std::is_constructible_v<E, U &&>
    Result(Err<U> e) // NOLINT(google-explicit-constructor)
        : v_(std::in_place_index<1>, std::move(e.error)) {}

    template <class T2, class E2>
    requires(!std::is_same_v<Result<T2, E2>, Result> && std::is_constructible_v<T, T2 &&> &&
             std::is_constructible_v<E, E2 &&>)
        Result(Result<T2, E2> &&other) // NOLINT(google-explicit-constructor)
        : v_(other.is_ok() ? V(std::in_place_index<0>, std::move(other).value())
                           : V(std::in_place_index<1>, std::move(other).error())) {}

    static Result ok(T value) { return Result(Ready<T>{std::move(value)}); }
    static Result err(E error) { return Result(Err<E>{std::move(error)}); }

    [[nodiscard]] bool is_ok() const noexcept { return v_.index() == 0; }
    [[nodiscard]] bool is_err() const noexcept { return v_.index() == 1; }
    [[nodiscard]] T &value() & { return *std::get_if<0>(&v_); }
    [[nodiscard]] const T &value() const & { return *std::get_if<0>(&v_); }
    [[nodiscard]] T &&value() && { return std::move(*std::get_if<0>(&v_)); }
    [[nodiscard]] E &error() & { return *std::get_if<1>(&v_); }
    [[nodiscard]] const E &error() const & { return *std::get_if<1>(&v_); }
    [[nodiscard]] E &&error() && { return std::move(*std::get_if<1>(&v_)); }

    // The poll that reports this result.
    [[nodiscard]] Poll<T, E> into_poll() && {
        if (is_ok()) {
            return Ready<T>{std::move(*this).value()};
        }
        return Err<E>{std::move(*this).error()};
    }

    friend bool operator==(const Result &, const Result &) = default;

  private:
    using V = std::variant<T, E>;
    explicit Result(V v) : v_(std::move(v)) {}
    V v_;
};

// The Result of a poll that resolved (Ready or Err); calling it on NotReady is a logic error.
template <class T, class E>
[[nodiscard]] Result<T, E> into_result(Poll<T, E> &&p) {
    if (p.is_ready()) {
        return Ready<T>{std::move(p).value()};
    }
    return Err<E>{std::move(p).error()};
}

// Rust's `try_ready!`: inside a poll, return early unless the inner poll is Ready. Written as a
// macro because it returns from the enclosing function, as the Rust one does.
#define FUTURESCOPE_TRY_READY(poll_expr, out_var)                                                  \
    auto out_var##_poll = (poll_expr);                                                             \
    if (!out_var##_poll.is_ready()) {                                                              \
        if (out_var##_poll.is_err()) {                                                             \
            return ::futurescope::Err{std::move(out_var##_poll).error()};                          \
        }                                                                                          \
        return ::futurescope::not_ready;                                                           \
    }                                                                                              \
    auto &&out_var = std::move(out_var##_poll).value()

} // namespace futurescope
