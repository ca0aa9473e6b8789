// Everything of the futures library in one include: futures, streams, channels, the executor,
// time.
#pragma once

#include "futurescope/async_fn.hpp"
#include "futurescope/block.hpp"
#include "futurescope/channels.hpp"
#include "futurescope/combinators.hpp"
#include "futurescope/delay.hpp"
#include "futurescope/executor.hpp"
#include "futurescope/interval.hpp"
#include "futurescope/spawn.hpp"
#include "futurescope/streams.hpp"
