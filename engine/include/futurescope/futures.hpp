// Everything of the futures library in one include: futures, streams, the executor, time.
#pragma once

#include "futurescope/and_then.hpp"
#include "futurescope/block.hpp"
#include "futurescope/delay.hpp"
#include "futurescope/executor.hpp"
#include "futurescope/interval.hpp"
#include "futurescope/join.hpp"
#include "futurescope/map.hpp"
#include "futurescope/poll_fn.hpp"
#include "futurescope/result.hpp"
#include "futurescope/select.hpp"
