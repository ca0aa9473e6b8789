// The frame of an async fn (async_fn.hpp): its declaration (AsyncFnInfo: the function's name and
// the states of its machine), the values its suspended states hold (Held, hold()), and where it
// waits now (AsyncFrame), which the trace, the narration and the multi-threaded runtime's Send
// check read. AsyncSuspendListener is told at every suspension.
//
// [SECTION] Declaring an async function
// [SECTION] Held values
// [SECTION] The frame: what a suspended async fn holds, and where it waits
#pragma once

#include <array>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include "futurescope/future.hpp"
#include "futurescope/observe/describe.hpp"
#include "futurescope/observe/observe.hpp"
#include "futurescope/poll.hpp"
#include "futurescope/task/rc.hpp"

namespace futurescope {

// [SECTION] Declaring an async function

inline constexpr std::array<std::string_view, 3> generic_async_states{
    "NotStarted", "Awaiting", "Terminated"};

// The name of an async function and the states of its machine: "NotStarted", one name per await
// point, "Terminated"; without states, the generic NotStarted → Awaiting → Terminated. The name
// and the states must outlive every run and every trace recorder that saw it (the recorder keeps
// kinds by address): a constexpr object next to the function, or — for an async fn defined at
// run time, as a scenario file does — an object its owner keeps alive (see RuntimeAsync).
struct AsyncFnInfo {
    constexpr AsyncFnInfo(std::string_view fn_name,
                          std::span<const std::string_view> fn_states = {})
        : name(fn_name),
          states(fn_states), kind{"async fn",
                                  fn_states.empty()
                                      ? std::span<const std::string_view>(generic_async_states)
                                      : fn_states} {}

    // The states of the machine: the declared ones, or the generic three.
    [[nodiscard]] constexpr std::span<const std::string_view> machine() const noexcept {
        return kind.states;
    }
    [[nodiscard]] constexpr bool generic() const noexcept { return states.empty(); }
    // "NotStarted" first, "Terminated" last.
    [[nodiscard]] constexpr bool valid() const noexcept {
        return kind.states.size() >= 2 && kind.states.front() == "NotStarted" &&
               kind.states.back() == "Terminated";
    }

    std::string_view name;
    std::span<const std::string_view> states;
    FutureKind kind; // what the trace records: kind "async fn" with the machine's states
};

// What an `Async<T, E>` without a declaration is.
inline constexpr AsyncFnInfo anonymous_async_fn{""};
// The marker of an async fn whose declaration is given at run time (RuntimeAsync).
inline constexpr AsyncFnInfo runtime_async_fn{""};

class AsyncFrame;

// [SECTION] Held values

namespace detail {
// One held value, linked into the frame of the async fn that declared it.
struct HeldNode {
    std::string_view name;
    const void *value = nullptr;
    std::string (*describe)(const void *) = nullptr;
    bool (*send)(const void *) = nullptr; // send_of the value, asked at each suspension
    AsyncFrame *owner = nullptr;
    HeldNode *prev = nullptr;
    HeldNode *next = nullptr;
};

// The async fn whose body is running on this thread (set for the length of one resume).
inline thread_local AsyncFrame *tl_async_frame = nullptr;
} // namespace detail

// A local of an async fn that the trace shows as part of the suspended state ("non_send =
// Rc(1)"), and whose Send-ness a multi-threaded runtime checks: Rust keeps such a local in the
// state machine's enum when it lives across an await. It registers with the running async fn when
// made and leaves when destroyed; outside an async fn it is a plain value. It stays where it was
// made (neither copied nor moved): the frame points at it.
template <class T>
class Held {
  public:
    template <class U>
    Held(std::string_view name, U &&value) : value_(std::forward<U>(value)) {
        node_.name = name;
        node_.value = &value_;
        node_.describe = [](const void *p) { return describe_any(*static_cast<const T *>(p)); };
        node_.send = [](const void *p) { return send_of(*static_cast<const T *>(p)); };
        attach();
    }
    Held(const Held &) = delete;
    Held &operator=(const Held &) = delete;
    ~Held() { detach(); }

    [[nodiscard]] T &get() noexcept { return value_; }
    [[nodiscard]] const T &get() const noexcept { return value_; }
    [[nodiscard]] T &operator*() noexcept { return value_; }
    [[nodiscard]] const T &operator*() const noexcept { return value_; }
    [[nodiscard]] T *operator->() noexcept { return &value_; }
    [[nodiscard]] const T *operator->() const noexcept { return &value_; }
    [[nodiscard]] std::string_view name() const noexcept { return node_.name; }

  private:
    inline void attach() noexcept;
    inline void detach() noexcept;

    T value_;
    detail::HeldNode node_;
};

template <class T>
Held(std::string_view, T) -> Held<T>;

// `auto n = hold("n", 3);` — the same as `Held n("n", 3);`.
template <class U>
[[nodiscard]] Held<std::decay_t<U>> hold(std::string_view name, U &&value) {
    return Held<std::decay_t<U>>(name, std::forward<U>(value));
}

// [SECTION] The frame: what a suspended async fn holds, and where it waits

// One held value as the runtime and the trace see it.
struct HeldValue {
    std::string_view name;
    std::string value; // describe() of the value: "Rc(1)"
    bool send;
};

// The part of an async fn's coroutine frame that does not depend on its types: its name, its
// states, the current state and the values held now. A runtime reads it at each suspension
// (AsyncSuspendListener) to reject a task that holds a not-Send value across an await.
class AsyncFrame {
  public:
    AsyncFrame(const AsyncFrame &) = delete;
    AsyncFrame &operator=(const AsyncFrame &) = delete;

    // The function's declared name; empty for an undeclared `Async<T, E>`.
    [[nodiscard]] std::string_view function_name() const noexcept { return name_; }
    // The current state: "NotStarted", the await point it is suspended at, or "Terminated".
    [[nodiscard]] std::string_view await_point() const noexcept {
        return states_[static_cast<std::size_t>(state_)];
    }
    [[nodiscard]] int state() const noexcept { return state_; }
    // What it is suspended on, by the awaited future's kind or function name ("Delay",
    // "YieldNow", "inner"); empty while it is not suspended at an await.
    [[nodiscard]] std::string_view awaited() const noexcept { return awaited_; }

    // The values held now, in declaration order.
    [[nodiscard]] std::vector<HeldValue> held() const {
        std::vector<HeldValue> out;
        for (const detail::HeldNode *n = head_; n != nullptr; n = n->next) {
            out.push_back(HeldValue{n->name, n->describe(n->value), n->send(n->value)});
        }
        return out;
    }
    // The names of the held values that are not Send ("non_send"), in declaration order.
    [[nodiscard]] std::vector<std::string_view> held_not_send() const {
        std::vector<std::string_view> out;
        for (const detail::HeldNode *n = head_; n != nullptr; n = n->next) {
            if (!n->send(n->value)) {
                out.push_back(n->name);
            }
        }
        return out;
    }
    // "non_send = Rc(1), n = 3": what the trace's state event says the state holds.
    [[nodiscard]] std::string held_text() const {
        std::string out;
        for (const detail::HeldNode *n = head_; n != nullptr; n = n->next) {
            if (!out.empty()) {
                out += ", ";
            }
            out += n->name;
            out += " = ";
            out += n->describe(n->value);
        }
        return out;
    }

    // "async fn `example`" (or "async fn" when undeclared), as the panic messages name it.
    [[nodiscard]] std::string display_name() const {
        return name_.empty() ? std::string("async fn") : "async fn `" + std::string(name_) + "`";
    }

    // The state an await of a future named `kind` means: the point named by at(), or the one
    // named like the awaited future, or the only one. Panic when it is not clear.
    [[nodiscard]] int resolve_point(std::string_view requested, std::string_view kind) const {
        int last = static_cast<int>(states_.size()) - 1;
        if (generic_) {
            if (!requested.empty()) {
                throw Panic(display_name() + " declares no await point named `" +
                            std::string(requested) + "`");
            }
            return 1;
        }
        for (int i = 1; i < last; ++i) {
            std::string_view s = states_[static_cast<std::size_t>(i)];
            if ((!requested.empty() && s == requested) || (requested.empty() && s == kind)) {
                return i;
            }
        }
        if (!requested.empty()) {
            throw Panic(display_name() + " has no await point named `" + std::string(requested) +
                        "`");
        }
        if (last == 2) {
            return 1;
        }
        if (last < 2) {
            throw Panic(display_name() + " declares no await point, yet awaits " +
                        std::string(kind.empty() ? "a future" : kind));
        }
        throw Panic(display_name() + " awaits " + std::string(kind.empty() ? "a future" : kind) +
                    " without naming its await point: write co_await at(\"…\", future)");
    }

    // The declaration it runs under.
    [[nodiscard]] const AsyncFnInfo &info() const noexcept { return *info_; }

  protected:
    // A declaration made at run time is checked here (a constexpr one at compile time).
    explicit AsyncFrame(const AsyncFnInfo &info)
        : name_(info.name), states_(info.machine()), generic_(info.generic()), info_(&info) {
        if (!info.valid()) {
            throw Panic(display_name() +
                        " declares states that do not start with NotStarted and end with "
                        "Terminated");
        }
    }
    ~AsyncFrame() = default;

    int state_ = 0;
    std::string_view awaited_;

  private:
    template <class T>
    friend class Held;

    void link(detail::HeldNode *n) noexcept {
        n->owner = this;
        n->prev = tail_;
        n->next = nullptr;
        (tail_ != nullptr ? tail_->next : head_) = n;
        tail_ = n;
    }
    void unlink(detail::HeldNode *n) noexcept {
        (n->prev != nullptr ? n->prev->next : head_) = n->next;
        (n->next != nullptr ? n->next->prev : tail_) = n->prev;
        n->owner = nullptr;
    }

    std::string_view name_;
    std::span<const std::string_view> states_;
    bool generic_;
    const AsyncFnInfo *info_;
    detail::HeldNode *head_ = nullptr;
    detail::HeldNode *tail_ = nullptr;
};

template <class T>
void Held<T>::attach() noexcept {
    if (AsyncFrame *f = detail::tl_async_frame) {
        f->link(&node_);
    }
}

template <class T>
void Held<T>::detach() noexcept {
    if (node_.owner != nullptr) {
        node_.owner->unlink(&node_);
    }
}

// Told each time an async fn suspends at an await (after the trace's state event): what the
// simulated multi-threaded runtime installs to reject a task that holds a not-Send value across
// an await. One per thread, installed for a scope.
class AsyncSuspendListener {
  public:
    virtual ~AsyncSuspendListener() = default;
    virtual void on_async_suspend(const AsyncFrame &frame) = 0;
};

namespace detail {
inline thread_local AsyncSuspendListener *tl_suspend_listener = nullptr;
} // namespace detail

class AsyncSuspendScope {
  public:
    explicit AsyncSuspendScope(AsyncSuspendListener *listener) noexcept
        : previous_(std::exchange(detail::tl_suspend_listener, listener)) {}
    ~AsyncSuspendScope() { detail::tl_suspend_listener = previous_; }
    AsyncSuspendScope(const AsyncSuspendScope &) = delete;
    AsyncSuspendScope &operator=(const AsyncSuspendScope &) = delete;

  private:
    AsyncSuspendListener *previous_;
};

} // namespace futurescope
