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
// The declaration, the held values and the frame live in async_frame.hpp; at(), attempt() and
// next() in await.hpp; the promise and the awaiter in detail/async_promise.hpp.
#pragma once

#include <coroutine>
#include <exception>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>

#include "futurescope/detail/async_promise.hpp"
#include "futurescope/future.hpp"
#include "futurescope/future/async_frame.hpp"
#include "futurescope/future/await.hpp"
#include "futurescope/observe/observe.hpp"
#include "futurescope/poll.hpp"

namespace futurescope {

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
