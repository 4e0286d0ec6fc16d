// The names of enumerators in one table per enum, so that an option string maps to an enum in one
// place (the bindings read options through these tables; messages and summaries print from them).
#pragma once

#include <span>

namespace chaoslab {

template <class E> struct EnumName {
    const char* text;
    E value;
};

// The first name of `value` in `names`, or "?" when it has none.
template <class E> const char* enum_text(std::span<const EnumName<E>> names, E value) {
    for (const EnumName<E>& n : names)
        if (n.value == value) return n.text;
    return "?";
}

} // namespace chaoslab
