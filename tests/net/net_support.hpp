// What the network suites share: a probe that also records network events, and small worlds and
// futures to run in them.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "futurescope/executor/executor.hpp"
#include "futurescope/future/poll_fn.hpp"
#include "futurescope/net/network.hpp"
#include "futurescope/net/tcp.hpp"
#include "futurescope/observe/observe.hpp"
#include "support/probe.hpp"

namespace futurescope::testing {

// Adds "net <kind> #<socket> <bytes> <detail>" lines to the probe's (e.g. "net send #2 0 SYN"),
// with the virtual time of each in `times`, and the `via` of unparks ("… queued (data arrived)").
// It installs itself as the executor's observer and removes itself when destroyed, so it may be
// declared after the world it observes.
class NetProbe : public Probe {
  public:
    explicit NetProbe(Executor &executor) : executor_(&executor) { executor.set_observer(this); }
    ~NetProbe() override {
        if (executor_->observer() == this) {
            executor_->set_observer(nullptr);
        }
    }
    NetProbe(const NetProbe &) = delete;
    NetProbe &operator=(const NetProbe &) = delete;

    void on_net(const NetEvent &e) override {
        std::string line = std::string("net ") + to_string(e.kind) + " #" +
                           std::to_string(e.socket) + " " + std::to_string(e.bytes);
        if (e.detail != nullptr) {
            line += " " + std::string(e.detail);
        }
        lines.push_back(line);
        net_lines.push_back(line);
        times.push_back(executor_->now());
        locals.emplace_back(e.local);
        remotes.emplace_back(e.remote);
    }
    void on_unpark(TaskId t, const UnparkCause &c, UnparkOutcome o) override {
        Probe::on_unpark(t, c, o);
        if (c.via != nullptr) {
            lines.back() += " (" + std::string(c.via) + ")";
        }
    }

    // The times of the network lines that start with `prefix`.
    [[nodiscard]] std::vector<TimeNs> times_of(std::string_view prefix) const {
        std::vector<TimeNs> out;
        for (std::size_t i = 0; i < net_lines.size(); ++i) {
            if (net_lines[i].rfind(prefix, 0) == 0) {
                out.push_back(times[i]);
            }
        }
        return out;
    }

    std::vector<std::string> net_lines;
    std::vector<TimeNs> times;
    std::vector<std::string> locals;
    std::vector<std::string> remotes;

  private:
    Executor *executor_;
};

inline constexpr TimeNs ms(double v) { return static_cast<TimeNs>(v * 1'000'000 + 0.5); }

// client 10.0.0.1 — server 10.0.0.2, one link (10 ms one way unless told).
struct TwoHosts {
    explicit TwoHosts(LinkParams link = LinkParams{.latency = std::chrono::milliseconds(10)},
                      NetConfig config = {})
        : net(ex, config) {
        net.add_host("client", "10.0.0.1");
        net.add_host("server", "10.0.0.2");
        net.add_link("client", "server", link);
    }
    Executor ex;
    Network net;
};

inline TcpListener bind_ok(Network &net, std::string_view address) {
    Result<TcpListener, IoError> r = TcpListener::bind(net, address);
    if (r.is_err()) {
        throw std::runtime_error("bind failed: " + r.error().describe());
    }
    return std::move(r).value();
}

// A future of the listener's next connection (the listener goes with it).
inline auto accept_one(TcpListener listener) {
    return poll_fn([l = std::move(listener)]() mutable { return l.poll_accept(); });
}

} // namespace futurescope::testing
