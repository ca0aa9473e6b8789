// Sends every item of a stream into a sink, seen from the stream: `std::move(stream).forward(sink)`
// resolves to (stream, sink). The loop is send_all's (send_all.hpp): retry the refused item,
// pull and start_send until the sink refuses one or the stream has nothing ready (then flush
// the sink with poll_complete), close the sink when the stream ends. The difference is the
// error type: the sink's errors become the stream's (Rust's `T::Error: From<U::SinkError>`).
// States: sending → blocked ⇄ sending → closing → done.
#pragma once

#include <utility>

#include "futurescope/future.hpp"
#include "futurescope/sink.hpp"
#include "futurescope/sink/send_all.hpp"

namespace futurescope {

template <class S, class K>
class [[nodiscard]] Forward : public FutureExt<Forward<S, K>> {
    static_assert(std::is_constructible_v<sink_item_t<K>, item_t<S> &&>,
                  "futurescope: forward needs a sink of the stream's item type");

  public:
    using item_type = std::pair<S, K>;
    using error_type = from_error_t<error_t<S>, sink_error_t<K>>;

    static constexpr FutureKind kind_info{"Forward", send_all_state_names};

    Forward(S stream, K sink) : core_(std::move(sink), std::move(stream)) {}

    Poll<item_type, error_type> poll() {
        PollScope scope(obs_, *this);
        Poll<item_type, error_type> result = poll_inner();
        scope.exit(result);
        return result;
    }

    [[nodiscard]] int obs_state() const noexcept { return static_cast<int>(core_.state()); }

  private:
    Poll<item_type, error_type> poll_inner() {
        Poll<Unit, error_type> p =
            core_.template poll<error_type>(obs_, "Attempted to poll Forward after completion");
        if (p.is_not_ready()) {
            return not_ready;
        }
        if (p.is_err()) {
            return Err<error_type>{std::move(p).error()};
        }
        S stream = core_.take_stream();
        return Ready<item_type>{item_type(std::move(stream), core_.take_sink())};
    }

    detail::SendAllCore<K, S> core_;
    ObsId obs_;
};

template <class Derived>
template <class K>
auto StreamExt<Derived>::forward(K sink) && {
    static_assert(Sink<K>, "futurescope: forward() needs a Sink");
    return Forward<Derived, K>(self_of<Derived>(this), std::move(sink));
}

} // namespace futurescope
