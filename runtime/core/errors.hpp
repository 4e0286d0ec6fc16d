// Typed exceptions thrown by the runtime; the Lua bindings turn them into Lua errors
// (bindings/support.hpp: wrap<>). Messages are user-facing and already name the thing at fault.
#pragma once

#include <stdexcept>
#include <string>

namespace chaoslab {

// Base of every chaoslab exception, so the boundary can tell ours from std:: ones.
class Error : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// A configuration value is invalid ("lif: option 'tau_m' must be > 0, got -5").
class ConfigError : public Error {
public:
    using Error::Error;
};

// A computation produced or met a non-finite or otherwise unusable number.
class NumericalError : public Error {
public:
    using Error::Error;
};

// The user pressed Ctrl-C while a long native call was running (see core/interrupt.hpp).
class Interrupted : public Error {
public:
    Interrupted() : Error("interrupted") {}
};

// Formats a number for messages the way Lua's %.14g does, so "-5" stays "-5" and 0.1 stays "0.1".
std::string format_number(double x);

} // namespace chaoslab
