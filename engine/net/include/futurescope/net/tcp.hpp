// TCP of the virtual network: streams, connect, listeners and their incoming connections.
#pragma once

#include "futurescope/net/connect.hpp"
#include "futurescope/net/tcp_listener.hpp"
#include "futurescope/net/tcp_stream.hpp"
