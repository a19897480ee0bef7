// A cheap "should the work stop?" check that the long loops of the parsers
// and the linker poll, so that an import whose caller has gone (a deadline
// passed, a cancelled call) stops within a bounded time, not only between
// its phases.
#ifndef REMARKGRAPH_INGEST_INTERRUPT_H_
#define REMARKGRAPH_INGEST_INTERRUPT_H_

#include <functional>

#include "absl/status/status.h"

namespace remarkgraph::ingest {

// OK to go on, or the status to end the work with (DEADLINE_EXCEEDED,
// CANCELLED). An empty one never stops anything.
using Interrupt = std::function<absl::Status()>;

// Calls an Interrupt once every `period` polls, so that a loop may poll at
// every step (a line, a remark) for next to nothing. `interrupt` must
// outlive the poller.
class InterruptPoller {
 public:
  explicit InterruptPoller(const Interrupt& interrupt, int period = 256)
      : interrupt_(interrupt), period_(period) {}

  absl::Status Poll() {
    if (!interrupt_ || ++count_ < period_) return absl::OkStatus();
    count_ = 0;
    return interrupt_();
  }

 private:
  const Interrupt& interrupt_;
  const int period_;
  int count_ = 0;
};

}  // namespace remarkgraph::ingest

#endif  // REMARKGRAPH_INGEST_INTERRUPT_H_
