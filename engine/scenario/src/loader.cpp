// Loading a scenario: the JSON text, then every part of it validated and compiled into the model
// of model.hpp, so that nothing can fail for the file's sake once a run starts. This file reads
// the top level and the small sections (channels, tasks, limits, runtime); the others have a file
// each: world.cpp, expect.cpp (and the narration), expressions.cpp and async_fn.cpp (the tasks'
// futures), send_check.cpp.
//
// [SECTION] Channels, tasks, limits, runtime
// [SECTION] The file
// [SECTION] Scenario
#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

#include "compiler.hpp"
#include "rust/front.hpp"

namespace futurescope::scenario {

namespace loading {

// [SECTION] Channels, tasks, limits, runtime

void load_channels(Loader &l, const Node &c, Scenario::Impl &out) {
    const std::string path = "/channels";
    l.expect_type(c, Node::Type::array, path, "an array");
    for (std::size_t i = 0; i < c.items.size(); ++i) {
        const Node &n = c.items[i];
        std::string p = child(path, i);
        l.expect_type(n, Node::Type::object, p, "an object");
        l.only_keys(n, p, {"name", "kind", "capacity"});
        ChannelSpec spec;
        spec.name = l.string_of(l.required(n, p, "name"), child(p, "name"));
        for (const ChannelSpec &o : out.channels) {
            if (o.name == spec.name) {
                l.fail(*n.find("name"), child(p, "name"), "duplicate channel " + qt(spec.name));
            }
        }
        const Node &kn = l.required(n, p, "kind");
        spec.kind = l.string_of(kn, child(p, "kind"));
        static const std::vector<std::string_view> kinds{
            "oneshot", "mpsc", "unbounded", "unsync_mpsc"};
        if (std::find(kinds.begin(), kinds.end(), spec.kind) == kinds.end()) {
            l.fail(kn,
                   child(p, "kind"),
                   "unknown channel kind " + qt(spec.kind) + suggest(spec.kind, kinds) +
                       "; expected \"oneshot\", \"mpsc\", \"unbounded\" or \"unsync_mpsc\"");
        }
        if (const Node *cap = n.find("capacity")) {
            if (spec.kind != "mpsc" && spec.kind != "unsync_mpsc") {
                l.fail(*cap,
                       child(p, "capacity"),
                       "only an \"mpsc\" or \"unsync_mpsc\" channel has a capacity");
            }
            spec.capacity = l.integer_of(*cap, child(p, "capacity"));
        } else if (spec.kind == "mpsc" || spec.kind == "unsync_mpsc") {
            l.fail(n, p, "missing key \"capacity\" (an " + spec.kind + " channel is bounded)");
        }
        out.channels.push_back(std::move(spec));
    }
    l.channels_ = out.channels;
}

void load_tasks(Loader &l, const Node &t, Scenario::Impl &out) {
    const std::string path = "/tasks";
    l.expect_type(t, Node::Type::array, path, "an array");
    if (t.items.empty()) {
        l.fail(t, path, "expected at least one task");
    }
    Compiler c(l);
    for (std::size_t i = 0; i < t.items.size(); ++i) {
        const Node &n = t.items[i];
        std::string p = child(path, i);
        l.expect_type(n, Node::Type::object, p, "an object");
        l.only_keys(n, p, {"name", "future", "daemon"});
        TaskSpec spec;
        spec.name = l.string_of(l.required(n, p, "name"), child(p, "name"));
        l.claim_task_name(*n.find("name"), child(p, "name"), spec.name);
        if (const Node *d = n.find("daemon")) {
            l.expect_type(*d, Node::Type::boolean, child(p, "daemon"), "true or false");
            spec.daemon = d->boolean;
        }
        const Node *f = n.find("future");
        if (f == nullptr) {
            l.fail(n, p, "task " + qt(spec.name) + " has no \"future\"");
        }
        spec.future = c.compile(*f, child(p, "future"), Kind::future, let_names(out));
        spec.line = f->line;
        spec.column = f->column;
        spec.source = Compiler::rust_source(*f);
        out.tasks.push_back(std::move(spec));
    }
}

namespace {

// A number as the file writes it, for messages: "-5", or "a string".
std::string number_text(const Node &n) {
    return n.is_number() && n.integral ? std::to_string(n.integer) : json::type_name(n);
}

// A count limit: from 1 to `max`, never 0 (which would mean none).
std::uint64_t count_limit(
    const Loader &l, const Node &n, const std::string &path, const char *what, std::int64_t max) {
    if (!n.is_number() || !n.integral || n.integer < 1 || n.integer > max) {
        l.fail(n,
               path,
               std::string("expected a number of ") + what + " from 1 to " + std::to_string(max) +
                   " (a limit cannot be turned off), found " + number_text(n));
    }
    return static_cast<std::uint64_t>(n.integer);
}

} // namespace

void load_limits(Loader &l, const Node &n, Scenario::Impl &out) {
    const std::string path = "/limits";
    l.expect_type(n, Node::Type::object, path, "an object");
    l.only_keys(n, path, {"steps", "time", "tasks"});
    if (const Node *s = n.find("steps")) {
        out.limits.max_steps = count_limit(l, *s, child(path, "steps"), "steps", max_max_steps);
    }
    if (const Node *t = n.find("tasks")) {
        out.max_spawned = count_limit(l, *t, child(path, "tasks"), "tasks", max_max_spawned);
    }
    if (const Node *t = n.find("time")) {
        // duration_of refuses more than max_duration_ns, the most a run may reach.
        out.limits.max_time_ns = l.duration_of(*t, child(path, "time"));
    }
}

namespace {

// "runtime": {"workers": N, "coalesce": false}: N worker threads (more than one is the
// multi-threaded runtime); coalesce false turns the merging of unparks off.
void load_runtime(Loader &l, const Node &n, Scenario::Impl &out) {
    l.expect_type(n, Node::Type::object, "/runtime", "an object: {\"workers\": N}");
    l.only_keys(n, "/runtime", {"workers", "coalesce"});
    if (const Node *w = n.find("workers")) {
        std::int64_t workers = l.integer_of(*w, "/runtime/workers", 1);
        if (workers > 64) {
            l.fail(*w,
                   "/runtime/workers",
                   "expected at most 64 workers, found " + std::to_string(workers));
        }
        out.workers = static_cast<std::uint32_t>(workers);
    } else if (n.find("coalesce") == nullptr) {
        l.fail(n, "/runtime", "missing key \"workers\"");
    }
    if (const Node *c = n.find("coalesce")) {
        l.expect_type(*c, Node::Type::boolean, "/runtime/coalesce", "true or false");
        out.coalesce = c->boolean;
        if (!out.coalesce && out.workers > 1) {
            l.fail(*c,
                   "/runtime/coalesce",
                   "coalescing can be turned off only on the single-threaded executor "
                   "(\"workers\": 1)");
        }
    }
}

// [SECTION] The file

// The whole file, section by section, then the Send check.
std::shared_ptr<Scenario::Impl> load_text(std::string_view text, std::string file) {
    Loader l(file);
    if (text.size() > max_file_bytes) {
        throw ScenarioError(file + ": the file is larger than 16 MiB");
    }
    Node root;
    const bool rust = rust::is_rust_file(file);
    if (rust) {
        // The Rust form is lowered to the document the JSON reader would build, so every check
        // below applies to both (rust/syntax.hpp).
        root = rust::lower_file(text, file);
        l.rust_text_ = text;
    } else {
        try {
            root = json::parse(text);
        } catch (const json::ParseError &e) {
            throw ScenarioError(file + ":" + std::to_string(e.line) + ":" +
                                std::to_string(e.column) + ": invalid JSON: " + e.message);
        }
    }
    auto out = std::make_shared<Scenario::Impl>();
    out->file = file;
    l.expect_type(root, Node::Type::object, "", "an object");
    // "$schema" lets editors find scenarios/scenario.schema.json; the loader ignores it.
    static const std::vector<std::string_view> top{"$schema",
                                                   "version",
                                                   "name",
                                                   "title",
                                                   "description",
                                                   "seed",
                                                   "world",
                                                   "channels",
                                                   "let",
                                                   "types",
                                                   "tasks",
                                                   "limits",
                                                   "runtime",
                                                   "expect",
                                                   "narration"};
    l.only_keys(root, "", top);
    const Node &version = l.required(root, "", "version");
    if (!version.is_number() || !version.integral || version.integer != 1) {
        l.fail(
            version,
            "/version",
            "unsupported version " +
                (version.is_number() ? std::to_string(version.integer) : json::type_name(version)) +
                " (this build reads version 1)");
    }
    out->name = l.string_of(l.required(root, "", "name"), "/name");
    out->title = l.string_of(l.required(root, "", "title"), "/title");
    if (const Node *d = root.find("description")) {
        out->description = l.string_of(*d, "/description");
    }
    if (const Node *s = root.find("seed")) {
        out->seed = static_cast<std::uint64_t>(l.integer_of(*s, "/seed"));
    }
    if (const Node *w = root.find("world")) {
        load_world(l, *w, *out);
    }
    if (const Node *c = root.find("channels")) {
        load_channels(l, *c, *out);
    }
    if (const Node *n = root.find("let")) {
        load_lets(l, *n, *out);
    }
    if (const Node *t = root.find("types")) {
        load_types(l, *t, *out);
    }
    const Node *tasks = root.find("tasks");
    if (tasks == nullptr) {
        l.fail(root, "", "missing key \"tasks\"");
    }
    load_tasks(l, *tasks, *out);
    if (rust) {
        rust::sources_as_spans(*out, root, text);
    }
    if (const Node *n = root.find("limits")) {
        load_limits(l, *n, *out);
    }
    if (const Node *n = root.find("runtime")) {
        load_runtime(l, *n, *out);
    }
    if (const Node *n = root.find("expect")) {
        load_expect(l, *n, *out);
    }
    if (const Node *n = root.find("narration")) {
        load_narration(l, *n, *out);
    }
    if (std::optional<std::string> error = check_send(*out)) {
        if (!out->expect_rejected) {
            throw ScenarioError(*error);
        }
        out->rejection = std::move(*error); // the lesson shows the rejection itself
    }
    return out;
}

} // namespace

} // namespace loading

// [SECTION] Scenario

Scenario Scenario::load(const std::filesystem::path &path) {
    std::string file = path.string();
    std::error_code ec;
    if (std::filesystem::is_directory(path, ec)) {
        throw ScenarioError(file + ": cannot read the file: it is a directory");
    }
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        throw ScenarioError(file + ": cannot read the file: " + std::strerror(errno));
    }
    auto size = std::filesystem::file_size(path, ec);
    if (!ec && size > max_file_bytes) {
        throw ScenarioError(file + ": the file is larger than 16 MiB");
    }
    std::ostringstream ss;
    ss << in.rdbuf();
    return Scenario(loading::load_text(ss.str(), file));
}

Scenario Scenario::parse(std::string_view text, std::string file) {
    return Scenario(loading::load_text(text, std::move(file)));
}

const std::string &Scenario::file() const noexcept { return impl_->file; }
const std::string &Scenario::name() const noexcept { return impl_->name; }
const std::string &Scenario::title() const noexcept { return impl_->title; }
const std::string &Scenario::description() const noexcept { return impl_->description; }
std::uint64_t Scenario::seed() const noexcept { return impl_->seed; }
bool Scenario::has_expect() const noexcept { return impl_->has_expect; }
const std::vector<trace::Note> &Scenario::narration() const noexcept { return impl_->narration; }

RunOutcome Scenario::run(const RunOptions &options) const {
    if (impl_->rejection) {
        return {}; // rejected before running: nothing runs
    }
    return run_impl(*impl_, options);
}

const std::string *Scenario::rejection() const noexcept {
    return impl_->rejection ? &*impl_->rejection : nullptr;
}

} // namespace futurescope::scenario
