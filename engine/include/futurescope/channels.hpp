// Channels (oneshot, mpsc: bounded, unbounded, unsync), sinks (send, send_all, forward), and
// task-local data.
#pragma once

#include "futurescope/channel_observe.hpp"
#include "futurescope/forward.hpp"
#include "futurescope/mpsc.hpp"
#include "futurescope/oneshot.hpp"
#include "futurescope/send.hpp"
#include "futurescope/send_all.hpp"
#include "futurescope/sink.hpp"
#include "futurescope/task.hpp"
#include "futurescope/task_local.hpp"
#include "futurescope/unsync_mpsc.hpp"
