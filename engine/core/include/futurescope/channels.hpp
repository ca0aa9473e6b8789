// Channels (oneshot, mpsc: bounded, unbounded, unsync), sinks (send, send_all, forward), and
// task-local data.
#pragma once

#include "futurescope/observe/channel_observe.hpp"
#include "futurescope/sink.hpp"
#include "futurescope/sink/send.hpp"
#include "futurescope/sink/send_all.hpp"
#include "futurescope/stream/forward.hpp"
#include "futurescope/sync/bilock.hpp"
#include "futurescope/sync/mpsc.hpp"
#include "futurescope/sync/oneshot.hpp"
#include "futurescope/task/task.hpp"
#include "futurescope/task/task_local.hpp"
#include "futurescope/unsync/mpsc.hpp"
