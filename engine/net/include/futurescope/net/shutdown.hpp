// Shuts a stream's writing half: `shutdown(socket)` (tokio-io's `io::shutdown`) resolves to the
// socket once the close is under way — for TLS, once the close_notify alert is queued; for TCP at
// once, with FIN following the queued bytes. Polling it after it resolved panics with
// "poll Shutdown after it's done".
// States: shutting_down → done.
#pragma once

#include <array>
#include <optional>
#include <string_view>
#include <utility>

#include "futurescope/future.hpp"
#include "futurescope/net/async_io.hpp"

namespace futurescope {

template <AsyncWrite S>
class [[nodiscard]] Shutdown : public FutureExt<Shutdown<S>> {
  public:
    using item_type = S;
    using error_type = IoError;

    static constexpr std::array<std::string_view, 2> state_names{"shutting_down", "done"};
    static constexpr FutureKind kind_info{"Shutdown", state_names};

    explicit Shutdown(S stream) : stream_(std::move(stream)) {}

    Poll<S, IoError> poll() {
        PollScope scope(obs_, *this);
        Poll<S, IoError> result = poll_inner();
        scope.exit(result);
        return result;
    }

    [[nodiscard]] int obs_state() const noexcept { return stream_ ? 0 : 1; }

  private:
    Poll<S, IoError> poll_inner() {
        if (!stream_) {
            throw Panic("poll Shutdown after it's done");
        }
        Poll<Unit, IoError> p = stream_->poll_shutdown();
        if (p.is_not_ready()) {
            return not_ready;
        }
        if (p.is_err()) {
            return Err<IoError>{std::move(p).error()};
        }
        S stream = std::move(*stream_);
        stream_.reset();
        observe_state(obs_, 0, 1);
        return Ready<S>{std::move(stream)};
    }

    std::optional<S> stream_;
    ObsId obs_;
};

template <AsyncWrite S>
[[nodiscard]] Shutdown<S> shutdown(S stream) {
    return Shutdown<S>(std::move(stream));
}

} // namespace futurescope
