// Send-ness and Rust's `Rc`: `is_send_v<T>` says whether a value may move to another thread (true
// unless a type says otherwise), and `Rc<T>` is a shared pointer with a plain, non-atomic count,
// which is therefore not Send. An async function that holds an Rc across an await cannot be
// spawned on a multi-threaded runtime: async_fn.hpp records what each suspension holds, so the
// runtime can say so.
#pragma once

#include <concepts>
#include <cstdint>
#include <optional>
#include <string>
#include <tuple>
#include <type_traits>
#include <utility>
#include <vector>

#include "futurescope/observe/describe.hpp"

namespace futurescope {

// [SECTION] is_send

// Rust's `Send` auto trait: a type is Send unless it (or something it holds) says it is not.
// Specialize `is_send` as false for a type that must stay on its thread.
template <class T>
struct is_send : std::true_type {};

template <class T>
inline constexpr bool is_send_v = is_send<std::remove_cvref_t<T>>::value;

// Containers are Send when what they hold is, as Rust derives it.
template <class T>
struct is_send<std::optional<T>> : std::bool_constant<is_send_v<T>> {};
template <class T, class A>
struct is_send<std::vector<T, A>> : std::bool_constant<is_send_v<T>> {};
template <class A, class B>
struct is_send<std::pair<A, B>> : std::bool_constant<is_send_v<A> && is_send_v<B>> {};
template <class... Ts>
struct is_send<std::tuple<Ts...>> : std::bool_constant<(is_send_v<Ts> && ...)> {};

// Whether this value is Send: its type's is_send_v, and — for a type whose Send-ness depends on
// the value, as a scenario's dynamic value that may hold an Rc — its member `bool is_send() const`.
template <class T>
[[nodiscard]] bool send_of(const T &value) {
    if constexpr (!is_send_v<T>) {
        return false;
    } else if constexpr (requires {
                             { value.is_send() } -> std::convertible_to<bool>;
                         }) {
        return static_cast<bool>(value.is_send());
    } else {
        (void)value;
        return true;
    }
}

// [SECTION] Rc

// A reference-counted pointer for one thread: copying it shares the value (Rust's `Rc::clone`),
// the last copy destroys it. The count is a plain integer: two threads touching it at once would
// corrupt it, which is why Rust makes Rc not Send.
template <class T>
class Rc {
  public:
    explicit Rc(T value) : box_(new Box{std::move(value), 1}) {}
    Rc(const Rc &other) noexcept : box_(other.box_) {
        if (box_ != nullptr) {
            ++box_->strong;
        }
    }
    Rc(Rc &&other) noexcept : box_(std::exchange(other.box_, nullptr)) {}
    Rc &operator=(Rc other) noexcept {
        std::swap(box_, other.box_);
        return *this;
    }
    ~Rc() { release(box_); }

    [[nodiscard]] T &operator*() const noexcept { return box_->value; }
    [[nodiscard]] T *operator->() const noexcept { return &box_->value; }
    [[nodiscard]] T *get() const noexcept { return box_ != nullptr ? &box_->value : nullptr; }
    // How many Rc share the value (Rust's `Rc::strong_count`); 0 for a moved-from Rc.
    [[nodiscard]] std::uint32_t strong_count() const noexcept {
        return box_ != nullptr ? box_->strong : 0;
    }

    // "Rc(1)", as Rust's Debug shows the value inside.
    [[nodiscard]] std::string describe() const {
        return box_ != nullptr ? "Rc(" + describe_any(box_->value) + ")" : std::string("Rc(moved)");
    }

  private:
    struct Box {
        T value;
        std::uint32_t strong;
    };

    // Out of line: once two Rc's destructors are inlined side by side, g++ 12 cannot see that
    // only the last one deletes, and warns of a use after free (-Wuse-after-free).
    [[gnu::noinline]] static void release(Box *box) noexcept {
        if (box != nullptr && --box->strong == 0) {
            delete box;
        }
    }
    Box *box_;
};

template <class T>
Rc(T) -> Rc<T>;

template <class T>
struct is_send<Rc<T>> : std::false_type {};

} // namespace futurescope
