// A stream of any type behind one pointer: `s.boxed()` gives a BoxStream<T, E>, so streams of
// different types can share a variable, a container or a recursive definition. Boxing allocates
// once; it is the explicit alternative to composing by value. The box is transparent in the
// trace: polling it polls the boxed stream, which keeps its own identity.
#pragma once

#include <concepts>
#include <memory>
#include <optional>
#include <type_traits>
#include <utility>

#include "futurescope/future.hpp"

namespace futurescope {

namespace detail {
template <class S>
concept is_stream_shaped = requires(S &s) {
    typename S::item_type;
    typename S::error_type;
    { s.poll() } -> std::same_as<StreamPoll<typename S::item_type, typename S::error_type>>;
};
} // namespace detail

template <class T, class E>
class [[nodiscard]] BoxStream : public StreamExt<BoxStream<T, E>> {
  public:
    using item_type = T;
    using error_type = E;

    // Any stream whose answers convert: the same item type, and its error type or Never. The
    // cheap tests come first: asking whether S is movable could ask again whether S converts
    // to a BoxStream (a StreamFuture<BoxStream> does), a circular constraint.
    template <class S>
    requires(!std::is_same_v<std::decay_t<S>, BoxStream> && detail::is_stream_shaped<S> &&
             std::is_constructible_v<StreamPoll<T, E>, StreamPoll<item_t<S>, error_t<S>> &&>)
        BoxStream(S stream) // NOLINT(google-explicit-constructor)
        : boxed_(std::make_unique<Holder<S>>(std::move(stream))) {}

    StreamPoll<T, E> poll() { return boxed_->poll(); }

  private:
    struct Base {
        Base() = default;
        Base(const Base &) = delete;
        Base &operator=(const Base &) = delete;
        virtual ~Base() = default;
        virtual StreamPoll<T, E> poll() = 0;
    };
    template <class S>
    struct Holder final : Base {
        explicit Holder(S s) : stream(std::move(s)) {}
        StreamPoll<T, E> poll() override { return stream.poll(); }
        S stream;
    };

    std::unique_ptr<Base> boxed_;
};

template <class Derived>
auto StreamExt<Derived>::boxed() && {
    return BoxStream<item_t<Derived>, error_t<Derived>>(self_of<Derived>(this));
}

} // namespace futurescope
