// Async functions: a C++20 coroutine returning `Async<T, E, Info>` is an engine future — the state
// machine Rust's compiler makes of an `async fn` (NotStarted, one state per `.await`, Terminated).
// It starts suspended; each poll runs its body up to the next `co_await` whose future answers
// NotReady, then polls THAT future until it is ready before resuming the body. An awaited Err
// ends the function with that Err (Rust's `?`); `co_await attempt(f)` hands the Result over
// instead. Values declared with `Held` are what each suspended state holds, as the seed's
// `ExampleFuture::YieldNow(Rc<i32>)` does:
//
//     constexpr std::array<std::string_view, 3> example_states{"NotStarted", "YieldNow",
//                                                              "Terminated"};
//     constexpr AsyncFnInfo example_fn{"example", example_states};
//
//     Async<Unit, Never, example_fn> example() {
//         Held non_send("non_send", Rc(1));
//         co_await yield_now(); // the await point YieldNow (or: co_await at("YieldNow", …))
//         std::cout << **non_send << "\n";
//     }
//
// The rest of the vocabulary:
//   co_await f                  any engine future, by value; its item, or its Err ends the fn
//   co_await at("Point", f)     names the await point (else: the one named like f's kind, or
//                               the only one); an undeclared name is a Panic
//   co_await attempt(f)         the Result<item, error>, Err included
//   co_await next(stream)       the next item as std::optional (std::nullopt at the end)
//   co_return v; co_return fail(e);   Ready(v) / Err(e) (`co_return;` when T is Unit)
//   Held x("x", v); auto y = hold("y", v);   values the suspended states hold
//   Async<T, E>                 undeclared: the generic machine NotStarted → Awaiting → Terminated
//   RuntimeAsync<T, E>          declared at run time by a `const AsyncFnInfo &` parameter
//   AsyncSuspendListener        told at every suspension (the multi-threaded runtime's check)
// Panics: "`async fn` resumed after completion", "`async fn` resumed after panicking",
// "async fn `f` has no await point named `P`", "async fn `f` awaits K without naming its await
// point: write co_await at(\"…\", future)".
//
// [SECTION] Declaring an async function
// [SECTION] Held values
// [SECTION] The frame: what a suspended async fn holds, and where it waits
// [SECTION] Awaiting: at(), attempt(), next()
// [SECTION] Async: the future
#pragma once

#include <array>
#include <coroutine>
#include <cstdint>
#include <exception>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include "futurescope/observe/describe.hpp"
#include "futurescope/future.hpp"
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

// [SECTION] Awaiting: at(), attempt(), next()

enum class AwaitMode : std::uint8_t {
    propagate, // an Err ends the async fn with it (Rust's `?`)
    attempt,   // the co_await gives the Result
};

// A future to await, with the await point's name and what to do with an Err: what at() and
// attempt() make. Only `co_await` uses it.
template <Future F, AwaitMode M>
struct Awaitable {
    F future;
    std::string_view point;
};

// `co_await at("YieldNow", yield_now())`: the await point this await is, by its declared name.
template <Future F>
[[nodiscard]] Awaitable<F, AwaitMode::propagate> at(std::string_view point, F future) {
    return {std::move(future), point};
}
template <class F, AwaitMode M>
[[nodiscard]] Awaitable<F, M> at(std::string_view point, Awaitable<F, M> a) {
    a.point = point;
    return a;
}

// `Result<int, Error> r = co_await attempt(f);`: the awaited future's outcome, Err included,
// without ending the async fn (a `match` on the Result in Rust, instead of `?`).
template <Future F>
[[nodiscard]] Awaitable<F, AwaitMode::attempt> attempt(F future) {
    return {std::move(future), {}};
}
template <class F, AwaitMode M>
[[nodiscard]] Awaitable<F, AwaitMode::attempt> attempt(Awaitable<F, M> a) {
    return {std::move(a.future), a.point};
}

// The next item of a stream, as a future of std::optional (std::nullopt at its end): `while (auto
// item = co_await next(s))`. It borrows the stream, which must outlive it; it is not a traced
// future of its own (the stream's polls show under the async fn).
template <Stream S>
class [[nodiscard]] Next : public FutureExt<Next<S>> {
  public:
    using item_type = std::optional<item_t<S>>;
    using error_type = error_t<S>;
    // The await point `co_await next(s)` stands for when the function declares one so named.
    [[nodiscard]] static constexpr std::string_view await_name() noexcept { return "Next"; }

    explicit Next(S &stream) noexcept : stream_(&stream) {}

    Poll<item_type, error_type> poll() { return stream_->poll(); }

  private:
    S *stream_;
};

template <Stream S>
[[nodiscard]] Next<S> next(S &stream) noexcept {
    return Next<S>(stream);
}

namespace detail {

// The name an awaited future answers to when matched against await points: its await_name()
// (an async fn's function name), else its kind.
template <class F>
constexpr std::string_view await_name_of(const F &future) noexcept {
    if constexpr (requires { future.await_name(); }) {
        return future.await_name();
    } else if constexpr (requires { F::kind_info.name; }) {
        return F::kind_info.name;
    } else {
        return {};
    }
}

enum class AwaitStatus : std::uint8_t { not_ready, ready, failed };

// The promise's part that knows T and E: the outcome, the future being awaited, a panic.
template <class T, class E>
class AsyncPromiseBase : public AsyncFrame {
  public:
    std::suspend_always initial_suspend() noexcept { return {}; }
    std::suspend_always final_suspend() noexcept { return {}; }
    void unhandled_exception() noexcept { exception_ = std::current_exception(); }

    // An awaited future failed: the async fn ends with its error, without resuming.
    template <class U>
    void fail_with(U &&error) {
        outcome_ = Err<E>{E(std::forward<U>(error))};
        aborted_ = true;
    }

    void suspend_at(int state, std::string_view awaited) noexcept {
        this->state_ = state;
        this->awaited_ = awaited;
    }
    void resumed() noexcept { this->awaited_ = {}; }

    Poll<T, E> outcome_ = not_ready;
    std::exception_ptr exception_;
    bool aborted_ = false;
    // The awaiter (in the frame) of the future this function is suspended on, and how to poll it.
    void *awaiting_ = nullptr;
    AwaitStatus (*poll_awaiting_)(void *) = nullptr;

  protected:
    using AsyncFrame::AsyncFrame;
};

template <class T, class E>
class AsyncReturn : public AsyncPromiseBase<T, E> {
  public:
    void return_value(T value) { this->outcome_ = Ready<T>{std::move(value)}; }
    // `co_return fail(error);` ends the async fn with an Err of its own.
    template <class U>
    void return_value(Err<U> e) {
        this->outcome_ = Err<E>{E(std::move(e.error))};
    }

  protected:
    using AsyncPromiseBase<T, E>::AsyncPromiseBase;
};

template <class E>
class AsyncReturn<Unit, E> : public AsyncPromiseBase<Unit, E> {
  public:
    void return_void() { this->outcome_ = Ready<Unit>{Unit{}}; }

  protected:
    using AsyncPromiseBase<Unit, E>::AsyncPromiseBase;
};

// The awaiter of one `co_await`: holds the awaited future by value in the coroutine frame.
template <class Promise, class F, AwaitMode M>
class FutureAwaiter {
  public:
    using poll_type = Poll<item_t<F>, error_t<F>>;

    FutureAwaiter(Promise &promise, F &&future, std::string_view point)
        : promise_(promise), future_(std::move(future)), point_(point) {}
    FutureAwaiter(const FutureAwaiter &) = delete;
    FutureAwaiter &operator=(const FutureAwaiter &) = delete;

    // The first poll happens here, in the body: a future ready at once does not suspend.
    bool await_ready() {
        state_ = promise_.resolve_point(point_, await_name_of(future_));
        return settle(future_.poll());
    }
    void await_suspend(std::coroutine_handle<>) noexcept {
        if (!promise_.aborted_) {
            promise_.awaiting_ = this;
            promise_.poll_awaiting_ = &poll_erased;
            promise_.suspend_at(state_, await_name_of(future_));
        }
    }
    auto await_resume() {
        if constexpr (M == AwaitMode::attempt) {
            return into_result(std::move(*result_));
        } else {
            return item_t<F>(std::move(*result_).value());
        }
    }

  private:
    // Keeps a resolved poll; false when the body must not go on now (NotReady, or an Err that
    // ends the function).
    bool settle(poll_type &&p) {
        if (p.is_not_ready()) {
            return false;
        }
        if constexpr (M == AwaitMode::propagate) {
            if (p.is_err()) {
                promise_.fail_with(std::move(p).error());
                return false;
            }
        }
        result_.emplace(std::move(p));
        return true;
    }
    static AwaitStatus poll_erased(void *self) {
        auto *a = static_cast<FutureAwaiter *>(self);
        poll_type p = a->future_.poll();
        if (p.is_not_ready()) {
            return AwaitStatus::not_ready;
        }
        return a->settle(std::move(p)) ? AwaitStatus::ready : AwaitStatus::failed;
    }

    Promise &promise_;
    F future_;
    std::string_view point_;
    int state_ = 0;
    std::optional<poll_type> result_;
};

template <class X>
struct awaitable_traits {
    static constexpr bool is_awaitable = false;
};
template <class F, AwaitMode M>
struct awaitable_traits<Awaitable<F, M>> {
    static constexpr bool is_awaitable = true;
    using future_type = F;
    static constexpr AwaitMode mode = M;
};

// The declaration among a RuntimeAsync coroutine's parameters (the promise sees them all, the
// object first for a member function or a lambda).
template <class A, class... Rest>
constexpr const AsyncFnInfo &find_async_fn_info(const A &a, const Rest &...rest) noexcept {
    if constexpr (std::is_same_v<A, AsyncFnInfo>) {
        return a;
    } else {
        static_assert(sizeof...(Rest) > 0,
                      "futurescope: a RuntimeAsync coroutine takes its declaration as a "
                      "parameter: const AsyncFnInfo &");
        return find_async_fn_info(rest...);
    }
}

// Sets the running async fn for the length of one resume (nested async fns stack).
class CurrentFrameScope {
  public:
    explicit CurrentFrameScope(AsyncFrame *frame) noexcept
        : previous_(std::exchange(tl_async_frame, frame)) {}
    ~CurrentFrameScope() { tl_async_frame = previous_; }
    CurrentFrameScope(const CurrentFrameScope &) = delete;
    CurrentFrameScope &operator=(const CurrentFrameScope &) = delete;

  private:
    AsyncFrame *previous_;
};

} // namespace detail

// [SECTION] Async: the future

// The future an async function returns. Item T, error E (Never: it cannot fail), and the
// declaration `Info` that names the function and its await points. It owns the coroutine frame:
// dropping it drops the locals the function holds.
template <class T, class E = Never, const AsyncFnInfo &Info = anonymous_async_fn>
class [[nodiscard]] Async : public FutureExt<Async<T, E, Info>> {
  public:
    using item_type = T;
    using error_type = E;

    // Declared at run time: the declaration is the coroutine's `const AsyncFnInfo &` parameter.
    static constexpr bool runtime_declared = &Info == &runtime_async_fn;
    static_assert(Info.valid(),
                  "futurescope: an async fn's states start with \"NotStarted\" and end with "
                  "\"Terminated\", with its await points in between");
    // What PollScope registers. A RuntimeAsync registers its own declaration's kind first.
    static constexpr const FutureKind &kind_info = Info.kind;

    class promise_type : public detail::AsyncReturn<T, E> {
      public:
        template <class... Args>
        explicit promise_type(const Args &...args)
            : detail::AsyncReturn<T, E>(declaration(args...)) {}

        Async get_return_object() noexcept {
            return Async(std::coroutine_handle<promise_type>::from_promise(*this), this->info());
        }

        // `co_await f` takes any engine future by value; `co_await at(…)` / `attempt(…)` too.
        template <class X>
        auto await_transform(X &&x) {
            using D = std::remove_cvref_t<X>;
            static_assert(!std::is_lvalue_reference_v<X>,
                          "futurescope: co_await takes the future by value, as Rust's .await "
                          "does: write co_await std::move(f)");
            if constexpr (detail::awaitable_traits<D>::is_awaitable) {
                using F = typename detail::awaitable_traits<D>::future_type;
                constexpr AwaitMode mode = detail::awaitable_traits<D>::mode;
                check_error_type<F, mode>();
                return detail::FutureAwaiter<promise_type, F, mode>(
                    *this, std::move(x.future), x.point);
            } else {
                static_assert(Future<D>,
                              "futurescope: co_await in an async fn takes an engine future, or "
                              "at(\"point\", future) / attempt(future)");
                check_error_type<D, AwaitMode::propagate>();
                return detail::FutureAwaiter<promise_type, D, AwaitMode::propagate>(
                    *this, std::move(x), {});
            }
        }

      private:
        template <class... Args>
        static const AsyncFnInfo &declaration(const Args &...args) noexcept {
            if constexpr (runtime_declared) {
                static_assert(sizeof...(Args) > 0,
                              "futurescope: a RuntimeAsync coroutine takes its declaration as a "
                              "parameter: const AsyncFnInfo &");
                return detail::find_async_fn_info(args...);
            } else {
                return Info;
            }
        }

        template <class F, AwaitMode M>
        static constexpr void check_error_type() {
            if constexpr (M == AwaitMode::propagate) {
                static_assert(std::is_same_v<error_t<F>, Never> ||
                                  std::is_constructible_v<E, error_t<F>>,
                              "futurescope: the awaited future's error does not convert to this "
                              "async fn's error type: handle it with co_await attempt(f)");
            }
        }
    };

    Async(Async &&other) noexcept
        : handle_(std::exchange(other.handle_, {})), info_(other.info_), poisoned_(other.poisoned_),
          obs_(std::move(other.obs_)) {}
    Async &operator=(Async &&other) noexcept {
        if (this != &other) {
            destroy_frame();
            handle_ = std::exchange(other.handle_, {});
            info_ = other.info_;
            poisoned_ = other.poisoned_;
            obs_ = std::move(other.obs_);
        }
        return *this;
    }
    ~Async() { destroy_frame(); }

    Poll<T, E> poll() {
        if constexpr (runtime_declared) {
            register_declared_kind();
        }
        PollScope scope(obs_, *this);
        Poll<T, E> result = poll_inner();
        scope.exit(result);
        return result;
    }

    [[nodiscard]] int obs_state() const noexcept {
        return handle_ ? handle_.promise().state() : terminated_state();
    }
    [[nodiscard]] std::string obs_label() const { return std::string(info_->name); }
    // What `co_await` of this future matches among the caller's await points: its name.
    [[nodiscard]] std::string_view await_name() const noexcept { return info_->name; }
    [[nodiscard]] const AsyncFnInfo &info() const noexcept { return *info_; }

    // True once it resolved, failed or panicked.
    [[nodiscard]] bool is_terminated() const noexcept { return !handle_; }
    // The frame while the function has not terminated (its state, held values), else null.
    [[nodiscard]] const AsyncFrame *frame() const noexcept {
        return handle_ ? &handle_.promise() : nullptr;
    }
    // The state's name: "NotStarted", the await point it is suspended at, or "Terminated".
    [[nodiscard]] std::string_view await_point() const noexcept {
        return info_->machine()[static_cast<std::size_t>(obs_state())];
    }
    // The names of the not-Send values held at the current suspension.
    [[nodiscard]] std::vector<std::string_view> held_not_send() const {
        return handle_ ? handle_.promise().held_not_send() : std::vector<std::string_view>{};
    }

  private:
    using handle_type = std::coroutine_handle<promise_type>;

    Async(handle_type h, const AsyncFnInfo &info) noexcept : handle_(h), info_(&info) {}

    [[nodiscard]] int terminated_state() const noexcept {
        return static_cast<int>(info_->machine().size()) - 1;
    }

    // A declaration made at run time is not a static kind_info: register it before PollScope
    // would, taking the source a WithSource wrapper announced.
    void register_declared_kind() {
        if (obs_.get() == 0) {
            if (Observer *o = current_observer()) [[unlikely]] {
                std::string_view source =
                    std::exchange(detail::tl_pending_source, std::string_view());
                obs_.set(o->register_future(info_->kind, info_->name, source));
            }
        }
    }

    Poll<T, E> poll_inner() {
        if (!handle_) {
            throw Panic(poisoned_ ? "`async fn` resumed after panicking"
                                  : "`async fn` resumed after completion");
        }
        promise_type &p = handle_.promise();
        if (p.awaiting_ != nullptr) {
            // Suspended at an await: poll the awaited future, not the body.
            detail::AwaitStatus s{};
            try {
                s = p.poll_awaiting_(p.awaiting_);
            } catch (...) {
                poison();
                throw;
            }
            if (s == detail::AwaitStatus::not_ready) {
                return not_ready;
            }
            p.awaiting_ = nullptr;
            p.resumed();
            if (s == detail::AwaitStatus::failed) {
                return finish();
            }
        }
        int from = p.state();
        {
            detail::CurrentFrameScope current(&p);
            handle_.resume();
        }
        if (p.exception_) {
            std::exception_ptr e = p.exception_;
            poison();
            std::rethrow_exception(e);
        }
        if (handle_.done() || p.aborted_) {
            return finish();
        }
        report_suspend(p, from);
        return not_ready;
    }

    void report_suspend(const promise_type &p, int from) {
        if (obs_.get() != 0) {
            if (Observer *o = current_observer()) [[unlikely]] {
                std::string held = p.held_text();
                if (held.empty()) {
                    o->on_state(obs_.get(), from, p.state());
                } else {
                    o->on_state_held(obs_.get(), from, p.state(), held);
                }
            }
        }
        if (AsyncSuspendListener *l = detail::tl_suspend_listener) {
            l->on_async_suspend(p);
        }
    }

    // Resolved, or ended by an awaited Err: the frame (and whatever it still holds) is dropped
    // here, in the task's poll, before the state becomes Terminated.
    Poll<T, E> finish() {
        promise_type &p = handle_.promise();
        int from = p.state();
        Poll<T, E> out = std::move(p.outcome_);
        destroy_frame();
        observe_state(obs_, from, terminated_state());
        return out;
    }

    // A panic went through the function: its locals are dropped, as unwinding does in Rust, and
    // polling it again is itself a panic.
    void poison() noexcept {
        int from = handle_.promise().state();
        destroy_frame();
        poisoned_ = true;
        observe_state(obs_, from, terminated_state());
    }

    void destroy_frame() noexcept {
        if (handle_) {
            std::exchange(handle_, {}).destroy();
        }
    }

    handle_type handle_;
    const AsyncFnInfo *info_;
    bool poisoned_ = false;
    ObsId obs_;
};

// An async fn whose name and await points are known only at run time (a scenario file's): the
// coroutine takes its declaration as a parameter, which must outlive the future and any trace
// recorder that saw it.
//
//     Async<Value, Value, runtime_async_fn> run(const AsyncFnInfo &info, Steps steps);
template <class T, class E = Never>
using RuntimeAsync = Async<T, E, runtime_async_fn>;

} // namespace futurescope
