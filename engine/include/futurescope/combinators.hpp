// Every future combinator and constructor.
#pragma once

#include "futurescope/and_then.hpp"
#include "futurescope/join.hpp"
#include "futurescope/map.hpp"
#include "futurescope/poll_fn.hpp"
#include "futurescope/result.hpp"
#include "futurescope/select.hpp"
