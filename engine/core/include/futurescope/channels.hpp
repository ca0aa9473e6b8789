// Channels (oneshot, mpsc: bounded, unbounded, unsync), BiLock, sinks (send, send_all, forward,
// flush and the sink adapters), and task-local data.
#pragma once

#include "futurescope/observe/channel_observe.hpp"
#include "futurescope/sink.hpp"
#include "futurescope/sink/buffer.hpp"
#include "futurescope/sink/fanout.hpp"
#include "futurescope/sink/flush.hpp"
#include "futurescope/sink/send.hpp"
#include "futurescope/sink/send_all.hpp"
#include "futurescope/sink/sink_from_err.hpp"
#include "futurescope/sink/sink_map_err.hpp"
#include "futurescope/sink/vec_sink.hpp"
#include "futurescope/sink/with.hpp"
#include "futurescope/sink/with_flat_map.hpp"
#include "futurescope/stream/forward.hpp"
#include "futurescope/sync/bilock.hpp"
#include "futurescope/sync/mpsc.hpp"
#include "futurescope/sync/oneshot.hpp"
#include "futurescope/task/task.hpp"
#include "futurescope/task/task_local.hpp"
#include "futurescope/unsync/mpsc.hpp"
