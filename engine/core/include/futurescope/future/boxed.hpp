// The type-erased future: `f.boxed()` (or `BoxFuture<T, E>(f)`) moves f into one heap allocation
// and polls it through one virtual call, so futures of different types can share a type (a
// vector for join_all, a recursive function's return type). Rust's `Box<dyn Future>`.
//
// A BoxFuture is transparent in the trace: it has no node of its own, and the future inside keeps
// its identity, as SelectNext and Either do. Boxing changes where a future lives, not what it does
// when polled, and a recursion of boxed futures would otherwise draw a Box node per level.
#pragma once

#include <memory>
#include <type_traits>
#include <utility>

#include "futurescope/future.hpp"

namespace futurescope {

template <class T, class E>
class [[nodiscard]] BoxFuture : public FutureExt<BoxFuture<T, E>> {
  public:
    using item_type = T;
    using error_type = E;

    // Boxes any future whose item and error convert to T and E (Never converts to anything).
    // Explicit: the allocation is visible where it happens.
    // The same-type test comes first so that checking whether a BoxFuture is itself a Future
    // (movable) does not recurse into this constructor.
    template <class F>
    requires(!std::is_same_v<F, BoxFuture> && Future<F> &&
             std::is_constructible_v<T, item_t<F> &&> &&
             std::is_constructible_v<E, error_t<F> &&>) explicit BoxFuture(F f)
        : node_(std::make_unique<Node<F>>(std::move(f))) {}

    Poll<T, E> poll() { return node_->poll(); }

  private:
    struct NodeBase {
        NodeBase() = default;
        NodeBase(const NodeBase &) = delete;
        NodeBase &operator=(const NodeBase &) = delete;
        virtual ~NodeBase() = default;
        virtual Poll<T, E> poll() = 0;
    };
    template <class F>
    struct Node final : NodeBase {
        explicit Node(F &&f) : future(std::move(f)) {}
        Poll<T, E> poll() override { return future.poll(); }
        F future;
    };

    std::unique_ptr<NodeBase> node_;
};

template <class Derived>
auto FutureExt<Derived>::boxed() && {
    using box_type = BoxFuture<item_t<Derived>, error_t<Derived>>;
    if constexpr (std::is_same_v<Derived, box_type>) {
        return self_of<Derived>(this); // already boxed: no second allocation
    } else {
        return box_type(self_of<Derived>(this));
    }
}

} // namespace futurescope
