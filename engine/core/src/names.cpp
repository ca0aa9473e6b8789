// The names of the engine's enums, as the trace files, the summaries and the narration spell
// them. They are part of the trace format: changing one changes every trace.

#include "futurescope/executor/executor.hpp"

namespace futurescope {

const char *to_string(PollOutcome outcome) noexcept {
    switch (outcome) {
    case PollOutcome::not_ready:
        return "not_ready";
    case PollOutcome::ready:
        return "ready";
    case PollOutcome::err:
        return "err";
    case PollOutcome::end:
        return "end";
    }
    return "?";
}

const char *to_string(SourceKind kind) noexcept {
    switch (kind) {
    case SourceKind::external:
        return "external";
    case SourceKind::task:
        return "task";
    case SourceKind::timer:
        return "timer";
    case SourceKind::io:
        return "io";
    case SourceKind::channel:
        return "channel";
    }
    return "?";
}

const char *to_string(UnparkOutcome outcome) noexcept {
    switch (outcome) {
    case UnparkOutcome::queued:
        return "queued";
    case UnparkOutcome::coalesced:
        return "coalesced";
    case UnparkOutcome::ignored:
        return "ignored";
    }
    return "?";
}

const char *to_string(ChannelEventKind kind) noexcept {
    switch (kind) {
    case ChannelEventKind::send:
        return "chan_send";
    case ChannelEventKind::recv:
        return "chan_recv";
    case ChannelEventKind::full:
        return "chan_full";
    case ChannelEventKind::close:
        return "chan_close";
    case ChannelEventKind::cancel:
        return "chan_cancel";
    }
    return "?";
}

const char *to_string(NetEventKind kind) noexcept {
    switch (kind) {
    case NetEventKind::listen:
        return "listen";
    case NetEventKind::connect:
        return "connect";
    case NetEventKind::accept:
        return "accept";
    case NetEventKind::send:
        return "send";
    case NetEventKind::deliver:
        return "deliver";
    case NetEventKind::close:
        return "close";
    case NetEventKind::reset:
        return "reset";
    case NetEventKind::tls:
        return "tls";
    case NetEventKind::partition:
        return "partition";
    case NetEventKind::heal:
        return "heal";
    case NetEventKind::hold:
        return "hold";
    case NetEventKind::release:
        return "release";
    case NetEventKind::crash:
        return "crash";
    case NetEventKind::restart:
        return "restart";
    }
    return "?";
}

const char *to_string(StopReason reason) noexcept {
    switch (reason) {
    case StopReason::completed:
        return "completed";
    case StopReason::idle:
        return "idle";
    case StopReason::step_limit:
        return "step_limit";
    case StopReason::time_limit:
        return "time_limit";
    }
    return "?";
}

const char *to_string(TaskState state) noexcept {
    switch (state) {
    case TaskState::queued:
        return "queued";
    case TaskState::parked:
        return "parked";
    case TaskState::running:
        return "running";
    case TaskState::completed:
        return "completed";
    }
    return "?";
}

} // namespace futurescope
