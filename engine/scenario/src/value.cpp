#include "futurescope/scenario/value.hpp"

#include "futurescope/net/bytes.hpp"
#include "futurescope/observe/describe.hpp"

namespace futurescope::scenario {

Value Value::bytes(std::string data) {
    Value v;
    v.type_ = Type::bytes;
    v.text_ = std::move(data);
    return v;
}

Value Value::error(std::string text) {
    Value v;
    v.type_ = Type::error;
    v.text_ = std::move(text);
    return v;
}

Value Value::tuple(std::vector<Value> items) {
    Value v;
    v.type_ = Type::tuple;
    v.items_ = std::move(items);
    return v;
}

Value Value::list(std::vector<Value> items) {
    Value v;
    v.type_ = Type::list;
    v.items_ = std::move(items);
    return v;
}

Value Value::handle(std::shared_ptr<Handle> h) {
    Value v;
    v.type_ = Type::handle;
    v.handle_ = std::move(h);
    return v;
}

Value Value::tagged(std::string tag, Value inner) {
    Value v;
    v.type_ = Type::tagged;
    v.text_ = std::move(tag);
    v.items_.push_back(std::move(inner));
    return v;
}

std::string Value::type_name() const {
    switch (type_) {
    case Type::unit:
        return "unit";
    case Type::boolean:
        return "bool";
    case Type::integer:
        return "int";
    case Type::string:
        return "string";
    case Type::bytes:
        return "bytes";
    case Type::tuple:
        return "tuple";
    case Type::list:
        return "list";
    case Type::error:
        return "error";
    case Type::handle:
        return handle_ ? std::string(handle_->kind()) : "handle";
    case Type::tagged:
        return text_ == "Rc" ? "Rc" : "tagged";
    }
    return "value";
}

std::string Value::describe() const {
    switch (type_) {
    case Type::unit:
        return "()";
    case Type::boolean:
        return int_ != 0 ? "true" : "false";
    case Type::integer:
        return std::to_string(int_);
    case Type::string:
        return futurescope::describe(text_);
    case Type::bytes:
        return describe_bytes(text_);
    case Type::error:
        return text_;
    case Type::tuple:
    case Type::list: {
        std::string out = type_ == Type::tuple ? "(" : "[";
        for (std::size_t i = 0; i < items_.size(); ++i) {
            if (i > 0) {
                out += ", ";
            }
            if (i == 16 && type_ == Type::list) {
                out += "… " + std::to_string(items_.size() - 16) + " more";
                break;
            }
            out += items_[i].describe();
        }
        return out + (type_ == Type::tuple ? ")" : "]");
    }
    case Type::handle:
        return handle_ ? handle_->describe() : "<handle>";
    case Type::tagged:
        return text_ + "(" + items_.front().describe() + ")";
    }
    return "?";
}

bool operator==(const Value &a, const Value &b) {
    if (a.type_ != b.type_) {
        return false;
    }
    switch (a.type_) {
    case Value::Type::unit:
        return true;
    case Value::Type::boolean:
    case Value::Type::integer:
        return a.int_ == b.int_;
    case Value::Type::string:
    case Value::Type::bytes:
    case Value::Type::error:
        return a.text_ == b.text_;
    case Value::Type::tuple:
    case Value::Type::list:
        return a.items_ == b.items_;
    case Value::Type::tagged:
        return a.text_ == b.text_ && a.items_ == b.items_;
    case Value::Type::handle:
        return a.handle_ == b.handle_;
    }
    return false;
}

} // namespace futurescope::scenario
