// Loading the world: the hosts and their services, the links between hosts and the faults
// (partitions, crashes, restarts) that the run's virtual network replays.
#include <string>
#include <unordered_map>
#include <utility>

#include "loader.hpp"

namespace futurescope::scenario::loading {

namespace {

ServiceSpec load_service(Loader &l, const Node &s, const std::string &q) {
    l.expect_type(s, Node::Type::object, q, "an object");
    l.only_keys(s, q, {"kind", "port", "body", "cert_name"});
    ServiceSpec svc;
    const Node &kn = l.required(s, q, "kind");
    std::string kind = l.string_of(kn, child(q, "kind"));
    static const std::vector<std::string_view> kinds{"http", "https", "echo", "welcome"};
    if (kind == "http") {
        svc.kind = ServiceKind::http;
    } else if (kind == "https") {
        svc.kind = ServiceKind::https;
    } else if (kind == "echo") {
        svc.kind = ServiceKind::echo;
    } else if (kind == "welcome") {
        svc.kind = ServiceKind::welcome;
    } else {
        l.fail(kn,
               child(q, "kind"),
               "unknown service " + qt(kind) + suggest(kind, kinds) +
                   "; expected \"http\", \"https\", \"echo\" or \"welcome\"");
    }
    const Node &pn = l.required(s, q, "port");
    std::int64_t port = l.integer_of(pn, child(q, "port"), 1);
    if (port > 65535) {
        l.fail(
            pn, child(q, "port"), "expected a port from 1 to 65535, found " + std::to_string(port));
    }
    svc.port = static_cast<std::uint16_t>(port);
    if (const Node *b = s.find("body")) {
        svc.http.body = l.string_of(*b, child(q, "body"));
    }
    if (const Node *c = s.find("cert_name")) {
        svc.http.cert_name = l.string_of(*c, child(q, "cert_name"));
    }
    return svc;
}

void load_hosts(Loader &l, const Node &hosts, const std::string &hp, Scenario::Impl &out) {
    l.expect_type(hosts, Node::Type::array, hp, "an array");
    std::unordered_map<std::string, std::string> taken; // a name or address → its host's name
    for (std::size_t i = 0; i < hosts.items.size(); ++i) {
        const Node &h = hosts.items[i];
        std::string p = child(hp, i);
        l.expect_type(h, Node::Type::object, p, "an object");
        l.only_keys(h, p, {"name", "address", "services"});
        HostSpec spec;
        spec.name = l.string_of(l.required(h, p, "name"), child(p, "name"));
        spec.address = l.string_of(l.required(h, p, "address"), child(p, "address"));
        // What the network's add_host refuses, refused here with the file's place instead.
        for (const auto &[field, value] :
             {std::pair{"name", &spec.name}, {"address", &spec.address}}) {
            if (value->empty() || value->find(':') != std::string::npos) {
                l.fail(*h.find(field),
                       child(p, field),
                       std::string("a host's ") + field +
                           " must be non-empty and without ':' (the port " +
                           "goes in the connect address), not " + qt(*value));
            }
        }
        if (l.hosts_.count(spec.name) != 0) {
            l.fail(*h.find("name"), child(p, "name"), "duplicate host " + qt(spec.name));
        }
        // A name or an address names one host (a host may use its name as its address).
        for (const std::string *key : {&spec.name, &spec.address}) {
            const auto [at, fresh] = taken.emplace(*key, spec.name);
            if (!fresh && at->second != spec.name) {
                l.fail(*h.find("address"),
                       child(p, "address"),
                       "host " + qt(spec.name) + " and host " + qt(at->second) +
                           " share the name or address " + qt(*key));
            }
        }
        l.hosts_.insert(spec.name);
        if (const Node *services = h.find("services")) {
            std::string sp = child(p, "services");
            l.expect_type(*services, Node::Type::array, sp, "an array");
            for (std::size_t j = 0; j < services->items.size(); ++j) {
                spec.services.push_back(load_service(l, services->items[j], child(sp, j)));
            }
        }
        out.hosts.push_back(std::move(spec));
    }
}

// A host the world declares, by name.
std::string
host_ref(const Loader &l, const Scenario::Impl &out, const Node &n, const std::string &p) {
    std::string name = l.string_of(n, p);
    if (l.hosts_.count(name) == 0) {
        std::vector<std::string_view> names;
        for (const HostSpec &h : out.hosts) {
            names.push_back(h.name);
        }
        l.fail(n, p, "unknown host " + qt(name) + suggest(name, names));
    }
    return name;
}

void load_links(Loader &l, const Node &links, const std::string &lp, Scenario::Impl &out) {
    l.expect_type(links, Node::Type::array, lp, "an array");
    for (std::size_t i = 0; i < links.items.size(); ++i) {
        const Node &k = links.items[i];
        std::string p = child(lp, i);
        l.expect_type(k, Node::Type::object, p, "an object");
        l.only_keys(k, p, {"between", "latency", "bandwidth", "jitter", "loss"});
        const Node &between = l.required(k, p, "between");
        std::string bp = child(p, "between");
        l.expect_type(between, Node::Type::array, bp, "an array of two host names");
        if (between.items.size() != 2) {
            l.fail(between,
                   bp,
                   "expected two host names, found " + std::to_string(between.items.size()));
        }
        LinkSpec spec;
        spec.a = host_ref(l, out, between.items[0], child(bp, 0));
        spec.b = host_ref(l, out, between.items[1], child(bp, 1));
        if (const Node *n = k.find("latency")) {
            spec.params.latency = std::chrono::nanoseconds(l.duration_of(*n, child(p, "latency")));
        }
        if (const Node *n = k.find("jitter")) {
            spec.params.jitter = std::chrono::nanoseconds(l.duration_of(*n, child(p, "jitter")));
            // A delivery is due at now + latency + jitter: with now within the time limit, the
            // two together must stay within one max_duration_ns for that sum to fit int64.
            if ((spec.params.latency + spec.params.jitter).count() > max_duration_ns) {
                l.fail(*n, child(p, "jitter"), "latency plus jitter is at most 100 years");
            }
        }
        if (const Node *n = k.find("bandwidth")) {
            spec.params.bandwidth_bytes_per_s =
                static_cast<std::uint64_t>(l.integer_of(*n, child(p, "bandwidth")));
        }
        if (const Node *n = k.find("loss")) {
            double loss = l.number_of(*n, child(p, "loss"));
            if (loss >= 1.0) {
                l.fail(*n, child(p, "loss"), "expected a chance in [0, 1)");
            }
            spec.params.loss = loss;
        }
        out.links.push_back(std::move(spec));
    }
}

void load_faults(Loader &l, const Node &faults, const std::string &fp, Scenario::Impl &out) {
    l.expect_type(faults, Node::Type::array, fp, "an array");
    for (std::size_t i = 0; i < faults.items.size(); ++i) {
        const Node &f = faults.items[i];
        std::string p = child(fp, i);
        l.expect_type(f, Node::Type::object, p, "an object");
        FaultSpec spec;
        if (const Node *part = f.find("partition")) {
            l.only_keys(f, p, {"partition", "from", "to"});
            std::string pp = child(p, "partition");
            l.expect_type(*part, Node::Type::array, pp, "an array of two host names");
            if (part->items.size() != 2) {
                l.fail(*part,
                       pp,
                       "expected two host names, found " + std::to_string(part->items.size()));
            }
            spec.kind = "partition";
            spec.a = host_ref(l, out, part->items[0], child(pp, 0));
            spec.b = host_ref(l, out, part->items[1], child(pp, 1));
            spec.from_ns = l.duration_of(l.required(f, p, "from"), child(p, "from"));
            spec.to_ns = l.duration_of(l.required(f, p, "to"), child(p, "to"));
        } else if (f.find("crash") != nullptr || f.find("restart") != nullptr) {
            spec.kind = f.find("crash") != nullptr ? "crash" : "restart";
            l.only_keys(f, p, {spec.kind, "at"});
            spec.a = host_ref(l, out, *f.find(spec.kind), child(p, spec.kind));
            spec.from_ns = l.duration_of(l.required(f, p, "at"), child(p, "at"));
        } else {
            l.fail(f, p, "expected a fault: \"partition\", \"crash\" or \"restart\"");
        }
        out.faults.push_back(std::move(spec));
    }
}

} // namespace

void load_world(Loader &l, const Node &w, Scenario::Impl &out) {
    const std::string path = "/world";
    l.expect_type(w, Node::Type::object, path, "an object");
    l.only_keys(w, path, {"hosts", "links", "faults", "local"});
    if (const Node *hosts = w.find("hosts")) {
        load_hosts(l, *hosts, child(path, "hosts"), out);
    }
    if (const Node *links = w.find("links")) {
        load_links(l, *links, child(path, "links"), out);
    }
    if (const Node *faults = w.find("faults")) {
        load_faults(l, *faults, child(path, "faults"), out);
    }
    if (const Node *local = w.find("local")) {
        out.local_host = host_ref(l, out, *local, child(path, "local"));
    }
}

} // namespace futurescope::scenario::loading
