// Channels (oneshot, mpsc), sinks, and task-local data.
#pragma once

#include "futurescope/task.hpp"
