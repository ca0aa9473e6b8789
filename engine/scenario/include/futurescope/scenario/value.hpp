// The dynamic value that flows between the steps of a scenario: unit, bool, int, string, bytes,
// tuple, list, a tagged value (Break(v), A((v, loser)), Rc(1)), an error (an engine error kept as
// its describe() text: "Canceled", "ConnectionRefused: …", "Elapsed"), or a handle to an engine
// object (a socket, a listener, a TLS stream, a channel's sender or receiver, a future such as a
// select's loser, a stream such as the rest of a stream after into_future). Futures built from a
// scenario are BoxFuture<Value, Value>; describe() of a Value reads like the engine's describe of
// the same C++ value ("7", "\"hi\"", "(1, 2)", "[1, 2, 3]", "()").
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "futurescope/poll.hpp"

namespace futurescope::scenario {

// An engine object a Value holds. Shared by copies of the Value; taking the object out leaves the
// handle empty, and a second take is a panic ("the socket was already used").
class Handle {
  public:
    Handle() = default;
    Handle(const Handle &) = delete;
    Handle &operator=(const Handle &) = delete;
    virtual ~Handle() = default;
    // "socket", "listener", "tls stream", "sender", "receiver", "future", "stream".
    [[nodiscard]] virtual std::string_view kind() const noexcept = 0;
    [[nodiscard]] virtual std::string describe() const = 0;
    [[nodiscard]] virtual bool empty() const noexcept = 0;
    // Destroys the object now (a dropped sender, a cancelled oneshot).
    virtual void reset() noexcept = 0;
};

template <class T>
class TypedHandle final : public Handle {
  public:
    TypedHandle(std::string_view kind, T object) : kind_(kind), object_(std::move(object)) {}
    [[nodiscard]] std::string_view kind() const noexcept override { return kind_; }
    [[nodiscard]] std::string describe() const override {
        return object_ ? "<" + std::string(kind_) + ">" : "<" + std::string(kind_) + ", used>";
    }
    [[nodiscard]] bool empty() const noexcept override { return !object_.has_value(); }
    void reset() noexcept override { object_.reset(); }
    [[nodiscard]] T take() {
        if (!object_) {
            throw Panic("the " + std::string(kind_) + " was already used");
        }
        T object = std::move(*object_);
        object_.reset();
        return object;
    }
    [[nodiscard]] T *peek() noexcept { return object_ ? &*object_ : nullptr; }

  private:
    std::string_view kind_;
    std::optional<T> object_;
};

class Value {
  public:
    enum class Type : std::uint8_t {
        unit,
        boolean,
        integer,
        string,
        bytes,
        tuple,
        list,
        error,
        handle,
        tagged // Break(v), Continue(s), A((v, loser)), Rc(1): a tag around one value
    };

    Value() = default;
    Value(Unit) {} // NOLINT(google-explicit-constructor)
    // Never has no values: this exists so that a Never error converts.
    Value(Never) {}                                          // NOLINT(google-explicit-constructor)
    Value(bool b) : type_(Type::boolean), int_(b ? 1 : 0) {} // NOLINT
    Value(std::int64_t i) : type_(Type::integer), int_(i) {} // NOLINT
    Value(int i) : type_(Type::integer), int_(i) {}          // NOLINT
    Value(std::uint64_t i) : type_(Type::integer), int_(static_cast<std::int64_t>(i)) {} // NOLINT
    Value(std::string s) : type_(Type::string), text_(std::move(s)) {}                   // NOLINT
    Value(const char *s) : type_(Type::string), text_(s) {}                              // NOLINT

    [[nodiscard]] static Value bytes(std::string data);
    [[nodiscard]] static Value error(std::string text);
    [[nodiscard]] static Value tuple(std::vector<Value> items);
    [[nodiscard]] static Value list(std::vector<Value> items);
    [[nodiscard]] static Value handle(std::shared_ptr<Handle> h);
    // A tag around a value, described as Rust describes an enum variant: "Break(3)", "A((1, ()))".
    [[nodiscard]] static Value tagged(std::string tag, Value inner);
    template <class T>
    [[nodiscard]] static Value object(std::string_view kind, T object) {
        return handle(std::make_shared<TypedHandle<T>>(kind, std::move(object)));
    }

    [[nodiscard]] Type type() const noexcept { return type_; }
    // "unit", "bool", "int", "string", "bytes", "tuple", "list", "error", or the handle's kind.
    [[nodiscard]] std::string type_name() const;
    [[nodiscard]] bool is_unit() const noexcept { return type_ == Type::unit; }
    [[nodiscard]] bool as_bool() const noexcept { return int_ != 0; }
    [[nodiscard]] std::int64_t as_int() const noexcept { return int_; }
    // The tag of a tagged value ("Break", "A", "Rc"), and the value inside it.
    [[nodiscard]] const std::string &tag() const noexcept { return text_; }
    [[nodiscard]] const Value &inner() const noexcept { return items_.front(); }
    // The text of a string, bytes or error.
    [[nodiscard]] const std::string &text() const noexcept { return text_; }
    [[nodiscard]] const std::vector<Value> &items() const noexcept { return items_; }
    [[nodiscard]] const std::shared_ptr<Handle> &handle_ptr() const noexcept { return handle_; }

    // The object of a handle of type T, taken out (a Panic naming what was expected otherwise).
    template <class T>
    [[nodiscard]] T take(std::string_view what) const {
        auto *h = dynamic_cast<TypedHandle<T> *>(handle_.get());
        if (h == nullptr) {
            throw Panic("expected " + std::string(what) + ", found " + type_name() + " " +
                        describe());
        }
        return h->take();
    }
    template <class T>
    [[nodiscard]] TypedHandle<T> *as_handle() const noexcept {
        return dynamic_cast<TypedHandle<T> *>(handle_.get());
    }

    [[nodiscard]] std::string describe() const;
    friend bool operator==(const Value &a, const Value &b);

  private:
    Type type_ = Type::unit;
    std::int64_t int_ = 0;
    std::string text_;
    std::vector<Value> items_;
    std::shared_ptr<Handle> handle_;
};

} // namespace futurescope::scenario
