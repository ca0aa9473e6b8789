// The virtual network in one include: hosts and links, TCP, simulated TLS, the I/O futures and
// the built-in services.
#pragma once

#include "futurescope/net/address.hpp"
#include "futurescope/net/bytes.hpp"
#include "futurescope/net/io.hpp"
#include "futurescope/net/io_error.hpp"
#include "futurescope/net/network.hpp"
#include "futurescope/net/services.hpp"
#include "futurescope/net/tcp.hpp"
#include "futurescope/net/tls.hpp"
