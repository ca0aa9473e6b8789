// Awaiting inside an async fn (async_fn.hpp): `co_await at("Point", f)` names the await point,
// `co_await attempt(f)` hands over the Result instead of ending the function on an Err, and
// `co_await next(stream)` awaits a stream's next item.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>
#include <utility>

#include "futurescope/future.hpp"
#include "futurescope/poll.hpp"

namespace futurescope {

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

} // namespace futurescope
