// describe(value): the short, stable text that the trace, the summary and the narration show for
// a value flowing through a future ("7", "\"GET /\"", "(1, 2)", "[1, 2, 3]", "Some(4)").
// A type of the engine or of a user says how it reads by a member `describe()` or an ADL
// overload `describe(const T&)`; anything else reads as "<value>".
#pragma once

#include <concepts>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <tuple>
#include <type_traits>
#include <utility>
#include <vector>

#include "futurescope/poll.hpp"

namespace futurescope {

namespace describe_detail {

std::string quote(std::string_view s);

template <class T>
concept has_member_describe = requires(const T &v) {
    { v.describe() } -> std::convertible_to<std::string>;
};

} // namespace describe_detail

inline std::string describe(Unit) { return "()"; }
inline std::string describe(const Never &) { return "!"; }
inline std::string describe(bool v) { return v ? "true" : "false"; }
inline std::string describe(const std::string &s) { return describe_detail::quote(s); }
inline std::string describe(std::string_view s) { return describe_detail::quote(s); }
inline std::string describe(const char *s) { return describe_detail::quote(s); }

template <class T>
requires(std::is_arithmetic_v<T> && !std::is_same_v<T, bool>) std::string describe(T v) {
    if constexpr (std::is_floating_point_v<T>) {
        std::string s = std::to_string(v);
        // Trim the trailing zeros std::to_string leaves ("2.500000" reads as "2.5").
        while (s.size() > 1 && s.back() == '0' && s[s.size() - 2] != '.') {
            s.pop_back();
        }
        return s;
    } else if constexpr (sizeof(T) == 1 && std::is_same_v<T, char>) {
        return describe_detail::quote(std::string_view(&v, 1));
    } else {
        return std::to_string(v);
    }
}

template <class T>
requires describe_detail::has_member_describe<T> std::string describe(const T &v) {
    return v.describe();
}

template <class T>
std::string describe_any(const T &v);

template <class T>
std::string describe(const std::optional<T> &v) {
    return v ? "Some(" + describe_any(*v) + ")" : std::string("None");
}

template <class T, class A>
std::string describe(const std::vector<T, A> &v) {
    std::string out = "[";
    for (std::size_t i = 0; i < v.size(); ++i) {
        if (i > 0) {
            out += ", ";
        }
        // A long vector is cut: a trace line stays readable.
        if (i == 16) {
            out += "… " + std::to_string(v.size() - 16) + " more";
            break;
        }
        out += describe_any(v[i]);
    }
    return out + "]";
}

template <class... Ts>
std::string describe(const std::tuple<Ts...> &t) {
    std::string out = "(";
    std::apply(
        [&](const auto &...xs) {
            std::size_t i = 0;
            ((out += (i++ == 0 ? "" : ", ") + describe_any(xs)), ...);
        },
        t);
    return out + ")";
}

template <class A, class B>
std::string describe(const std::pair<A, B> &p) {
    return "(" + describe_any(p.first) + ", " + describe_any(p.second) + ")";
}

template <class T, class E>
std::string describe(const Result<T, E> &r) {
    return r.is_ok() ? "Ok(" + describe_any(r.value()) + ")"
                     : "Err(" + describe_any(r.error()) + ")";
}

namespace describe_detail {
template <class T>
concept describable = requires(const T &v) {
    { describe(v) } -> std::convertible_to<std::string>;
};
} // namespace describe_detail

// describe() where one exists, "<value>" otherwise: values of any type can flow through a traced
// future, and only those a learner needs to read need a description.
template <class T>
std::string describe_any(const T &v) {
    if constexpr (describe_detail::describable<T>) {
        return describe(v);
    } else {
        return "<value>";
    }
}

// A type-erased, lazily described value: the observer asks for the text only when it records.
struct ValueRef {
    const void *ptr = nullptr;
    std::string (*fn)(const void *) = nullptr;

    [[nodiscard]] bool empty() const noexcept { return fn == nullptr; }
    [[nodiscard]] std::string text() const { return fn ? fn(ptr) : std::string(); }

    template <class T>
    static ValueRef of(const T &v) noexcept {
        return ValueRef{&v, [](const void *p) { return describe_any(*static_cast<const T *>(p)); }};
    }
};

} // namespace futurescope
