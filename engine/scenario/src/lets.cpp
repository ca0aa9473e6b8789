// The file's "let" section: values bound before the tasks are built, visible to every task as
// variables — Rust's `let` in `main` before `core.run` and `handle.spawn`. What they are for is
// a value several tasks share: a shared future each task clones, a sender.
#include <algorithm>

#include "compiler.hpp"

namespace futurescope::scenario::loading {

void load_lets(Loader &l, const Node &n, Scenario::Impl &out) {
    const std::string path = "/let";
    l.expect_type(n, Node::Type::array, path, "an array of {\"name\": …, \"value\": …}");
    Compiler c(l);
    Scope scope;
    for (std::size_t i = 0; i < n.items.size(); ++i) {
        const Node &item = n.items[i];
        std::string p = child(path, i);
        l.expect_type(item, Node::Type::object, p, "an object");
        l.only_keys(item, p, {"name", "value"});
        LetSpec spec;
        const Node &name = l.required(item, p, "name");
        spec.name = l.string_of(name, child(p, "name"));
        if (spec.name.empty()) {
            l.fail(name, child(p, "name"), "expected a variable name, found an empty string");
        }
        if (std::find(scope.begin(), scope.end(), spec.name) != scope.end()) {
            l.fail(name, child(p, "name"), "duplicate let " + qt(spec.name));
        }
        // Each value may use the ones before it.
        spec.value = c.compile(l.required(item, p, "value"), child(p, "value"), Kind::value, scope);
        scope.push_back(spec.name);
        out.lets.push_back(std::move(spec));
    }
}

std::vector<std::string> let_names(const Scenario::Impl &impl) {
    std::vector<std::string> names;
    for (const LetSpec &s : impl.lets) {
        names.push_back(s.name);
    }
    return names;
}

} // namespace futurescope::scenario::loading
