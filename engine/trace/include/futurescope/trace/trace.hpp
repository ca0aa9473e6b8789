// The whole trace library in one include: the recorder, the in-memory model and its loader, the
// Chrome export and the determinism check.
#pragma once

#include "futurescope/trace/chrome_export.hpp"
#include "futurescope/trace/divergence.hpp"
#include "futurescope/trace/recorder.hpp"
#include "futurescope/trace/task_status.hpp"
#include "futurescope/trace/trace_model.hpp"
#include "futurescope/trace/trace_types.hpp"
