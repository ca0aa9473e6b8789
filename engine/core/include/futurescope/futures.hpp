// Everything of the futures library in one include: futures, streams, channels, the executor,
// time.
#pragma once

#include "futurescope/channels.hpp"
#include "futurescope/combinators.hpp"
#include "futurescope/executor/executor.hpp"
#include "futurescope/executor/spawn.hpp"
#include "futurescope/future/async_fn.hpp"
#include "futurescope/streams.hpp"
#include "futurescope/time/block.hpp"
#include "futurescope/time/delay.hpp"
#include "futurescope/time/interval.hpp"
