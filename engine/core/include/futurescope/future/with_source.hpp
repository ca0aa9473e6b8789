// A transparent wrapper that tells the trace where a future was written: `WithSource(f, "/tasks/0/
// future")` polls f, and f registers with that source on its first observed poll. The scenario
// builder labels every future it builds with the JSON path of its expression this way. It has no
// node of its own in the trace, like BoxFuture; `source` must outlive the wrapper.
#pragma once

#include <string_view>
#include <utility>

#include "futurescope/future.hpp"
#include "futurescope/observe/observe.hpp"

namespace futurescope {

template <class F>
class [[nodiscard]] WithSource : public FutureExt<WithSource<F>> {
  public:
    using item_type = item_t<F>;
    using error_type = error_t<F>;

    WithSource(F future, std::string_view source) : future_(std::move(future)), source_(source) {}

    Poll<item_type, error_type> poll() {
        if (current_observer() != nullptr) [[unlikely]] {
            detail::tl_pending_source = source_;
        }
        return future_.poll();
    }

  private:
    F future_;
    std::string_view source_;
};

// The same for a stream.
template <class S>
class [[nodiscard]] WithSourceStream : public StreamExt<WithSourceStream<S>> {
  public:
    using item_type = item_t<S>;
    using error_type = error_t<S>;

    WithSourceStream(S stream, std::string_view source)
        : stream_(std::move(stream)), source_(source) {}

    StreamPoll<item_type, error_type> poll() {
        if (current_observer() != nullptr) [[unlikely]] {
            detail::tl_pending_source = source_;
        }
        return stream_.poll();
    }

  private:
    S stream_;
    std::string_view source_;
};

} // namespace futurescope
