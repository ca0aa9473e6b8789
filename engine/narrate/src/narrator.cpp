// The Narrator: the stacks of futures being polled at each event, the dispatch of each event to
// the sentence of its family (the sentences themselves are in sentences.cpp), and the scenario's
// notes. Each event kind has a sentence in terms of the futures model.
//
// [SECTION] Stacks: which futures are being polled at each event
// [SECTION] Sentences
// [SECTION] Notes
#include "futurescope/narrate/narrator.hpp"

#include <map>

#include "futurescope/executor/executor.hpp"

namespace futurescope::narrate {

using trace::EventKind;
using trace::TraceEvent;

Narrator::Narrator(const trace::TraceModel &model, trace::Vocabulary vocabulary)
    : model_(model), vocab_(vocabulary) {
    build_stacks();
    // The correspondence between the vocabularies goes with the first park, or without one the
    // first poll that answered NotReady.
    std::size_t first_not_ready = explain_at_;
    for (std::size_t i = 0; i < model_.events.size(); ++i) {
        const TraceEvent &e = model_.events[i];
        if (e.kind == EventKind::park) {
            explain_at_ = i;
            break;
        }
        if (first_not_ready == explain_at_ && e.kind == EventKind::poll_end &&
            poll_outcome(e) == PollOutcome::not_ready) {
            first_not_ready = i;
        }
    }
    if (explain_at_ == static_cast<std::size_t>(-1)) {
        explain_at_ = first_not_ready;
    }
}

// [SECTION] Stacks: which futures are being polled at each event

void Narrator::build_stacks() {
    std::vector<std::pair<FutureId, std::string>> stack;
    std::map<TaskId, std::uint64_t> polls;
    TaskId polling = 0;
    stacks_.reserve(model_.events.size());
    for (const TraceEvent &e : model_.events) {
        std::uint64_t number = 0;
        switch (e.kind) {
        case EventKind::poll_begin:
            polling = e.task;
            stack.clear();
            number = ++polls[e.task];
            break;
        case EventKind::enter:
            stack.emplace_back(e.future, std::string(model_.str(e.text)));
            break;
        case EventKind::state:
            for (auto &[f, s] : stack) {
                if (f == e.future) {
                    s = std::string(model_.str(e.text2));
                }
            }
            break;
        default:
            break;
        }
        stacks_.push_back(stack);
        polling_.push_back(polling);
        poll_number_.push_back(number);
        if (e.kind == EventKind::exit && !stack.empty()) {
            stack.pop_back();
        } else if (e.kind == EventKind::poll_end) {
            stack.clear();
            polling = 0;
        }
    }
}

std::string Narrator::kind(FutureId id) const {
    const trace::TraceFuture *f = model_.future(id);
    return f == nullptr ? "a future" : std::string(model_.str(f->kind));
}

std::string Narrator::fut(FutureId id) const {
    const trace::TraceFuture *f = model_.future(id);
    if (f == nullptr) {
        return "future #" + std::to_string(id);
    }
    std::string s(model_.str(f->kind));
    if (f->label != 0) {
        s += " " + std::string(model_.str(f->label));
    }
    return s;
}

std::string Narrator::path(std::size_t i) const {
    if (i >= model_.events.size()) {
        return {};
    }
    const TraceEvent &e = model_.events[i];
    TaskId task = polling_[i] != 0 ? polling_[i] : e.task;
    std::string out = task != 0 ? model_.task_name(task) : std::string("executor");
    for (const auto &[f, s] : stacks_[i]) {
        out += " ▸ " + kind(f);
        if (!s.empty()) {
            out += "[" + s + "]";
        }
    }
    return out;
}

// [SECTION] Sentences

std::string Narrator::sentence(std::size_t i) const {
    std::string s = base_sentence(i);
    if (i == explain_at_) {
        s += " ";
        s += trace::vocabulary_correspondence;
    }
    return s;
}

std::string Narrator::base_sentence(std::size_t i) const {
    if (i >= model_.events.size()) {
        return {};
    }
    // Under a Shared, the inner future takes and wakes the Shared's own handle, not the task's.
    if (std::string s = shared_sentence(i); !s.empty()) {
        return s;
    }
    // One family of events per function; this switch names every kind, so a new kind without
    // a sentence is a compiler warning here.
    switch (model_.events[i].kind) {
    case EventKind::spawn:
    case EventKind::poll_begin:
    case EventKind::poll_end:
    case EventKind::complete:
        return task_sentence(i);
    case EventKind::enter:
    case EventKind::exit:
    case EventKind::state:
    case EventKind::drop:
    case EventKind::park:
        return future_sentence(i);
    case EventKind::unpark:
    case EventKind::timer_set:
    case EventKind::timer_cancel:
    case EventKind::timer_fire:
    case EventKind::clock:
        return wakeup_sentence(i);
    case EventKind::listen:
    case EventKind::connect:
    case EventKind::accept:
    case EventKind::send:
    case EventKind::deliver:
    case EventKind::close:
    case EventKind::reset:
    case EventKind::tls:
    case EventKind::partition:
    case EventKind::heal:
    case EventKind::hold:
    case EventKind::release:
    case EventKind::crash:
    case EventKind::restart:
        return network_sentence(i);
    case EventKind::chan_send:
    case EventKind::chan_recv:
    case EventKind::chan_full:
    case EventKind::chan_close:
    case EventKind::chan_cancel:
        return channel_sentence(i);
    case EventKind::diag:
    case EventKind::wait:
        return detector_sentence(i);
    }
    return {};
}

// A poll on the simulated multi-threaded runtime says its worker: num = worker + 1, ref = the
// worker it was stolen from + 1, which are the workers' names (the runtime counts them from 1).
std::string Narrator::worker_text(const trace::TraceEvent &e) const {
    if (e.num <= 0) {
        return {};
    }
    std::string s = ", on worker " + std::to_string(e.num);
    if (e.ref != 0) {
        s += " (stolen from worker " + std::to_string(e.ref) + "'s queue)";
    }
    return s;
}

bool Narrator::woken_during_poll(std::size_t i) const {
    const TaskId task = model_.events[i].task;
    for (std::size_t k = i; k > 0; --k) {
        const TraceEvent &e = model_.events[k - 1];
        if (e.kind == EventKind::poll_begin && e.task == task) {
            return false;
        }
        if (e.kind == EventKind::unpark && e.task == task &&
            unpark_outcome(e) != UnparkOutcome::ignored) {
            return true;
        }
    }
    return false;
}

// [SECTION] Notes

void Narrator::add_notes(const std::vector<trace::Note> &notes) {
    for (const trace::Note &n : notes) {
        for (std::size_t i = 0; i < model_.events.size(); ++i) {
            const TraceEvent &e = model_.events[i];
            bool hit = false;
            if (n.seq) {
                hit = *n.seq == i;
            } else if (model_.task_name(e.task) == n.task) {
                if (n.poll) {
                    hit = e.kind == EventKind::poll_begin && poll_number_[i] == *n.poll;
                } else {
                    hit = trace::to_string(e.kind) == n.event;
                }
            }
            if (hit) {
                notes_.emplace_back(i, n.text);
                break;
            }
        }
    }
}

std::vector<std::string> Narrator::notes(std::size_t i) const {
    std::vector<std::string> out;
    for (const auto &[at, text] : notes_) {
        if (at == i) {
            out.push_back(text);
        }
    }
    return out;
}

std::string with_channel_names(const trace::TraceModel &model, std::string_view text) {
    static constexpr std::string_view marker = "channel #";
    std::string out;
    std::size_t at = 0;
    while (at < text.size()) {
        const std::size_t hit = text.find(marker, at);
        if (hit == std::string_view::npos) {
            break;
        }
        std::size_t end = hit + marker.size();
        ChannelId id = 0;
        while (end < text.size() && text[end] >= '0' && text[end] <= '9' && id < 100'000'000) {
            id = id * 10 + static_cast<ChannelId>(text[end] - '0');
            ++end;
        }
        out.append(text.substr(at, hit - at));
        out += end > hit + marker.size() ? model.channel_name(id)
                                         : std::string(text.substr(hit, end - hit));
        at = end;
    }
    out.append(text.substr(std::min(at, text.size())));
    return out;
}

std::vector<std::string> narrate(const trace::TraceModel &model, trace::Vocabulary vocabulary) {
    Narrator n(model, vocabulary);
    std::vector<std::string> out;
    out.reserve(model.events.size());
    for (std::size_t i = 0; i < model.events.size(); ++i) {
        out.push_back(n.sentence(i));
    }
    return out;
}

} // namespace futurescope::narrate
