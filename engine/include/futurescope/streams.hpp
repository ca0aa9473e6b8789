// Every stream source and combinator.
#pragma once

#include "futurescope/interval.hpp"
