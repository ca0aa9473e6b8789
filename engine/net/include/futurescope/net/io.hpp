// The I/O futures over a stream of the virtual network (tokio-core's `io` module): write_all,
// read_exact, read_to_end, read_until and shutdown.
#pragma once

#include "futurescope/net/async_io.hpp"
#include "futurescope/net/read_exact.hpp"
#include "futurescope/net/read_to_end.hpp"
#include "futurescope/net/read_until.hpp"
#include "futurescope/net/shutdown.hpp"
#include "futurescope/net/write_all.hpp"
