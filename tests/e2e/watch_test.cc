// The change feed (WatchService) against the real server and its RocksDB
// store: events for writes, imports and cascading deletes, resuming after a
// disconnect and after a restart, retention, filters, and ExportGraph's
// sequence as the starting point of a watch.
#include <chrono>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "absl/time/clock.h"
#include "gmock/gmock.h"
#include "remarkgraph/v1/import_service.grpc.pb.h"
#include "remarkgraph/v1/watch_service.grpc.pb.h"
#include "tests/e2e/e2e_fixture.h"

namespace remarkgraph::e2e {
namespace {

using ::testing::HasSubstr;

// One open Watch stream.
class Stream {
 public:
  Stream(v1::WatchService::Stub& stub, const v1::WatchRequest& request) {
    context_.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(30));
    reader_ = stub.Watch(&context_, request);
  }
  ~Stream() { Close(); }

  // Reads messages until `count` events have come; fewer if the stream
  // ends. Every message's resume_sequence is kept.
  std::vector<v1::ChangeEvent> Read(size_t count) {
    std::vector<v1::ChangeEvent> events;
    v1::WatchResponse message;
    while (events.size() < count && reader_->Read(&message)) {
      Keep(message);
      for (const v1::ChangeEvent& event : message.events()) events.push_back(event);
    }
    return events;
  }

  // Reads one message; false when the stream ended.
  bool ReadMessage() {
    v1::WatchResponse message;
    if (!reader_->Read(&message)) return false;
    Keep(message);
    return true;
  }

  // The first message: where the stream starts.
  uint64_t Start() {
    v1::WatchResponse message;
    EXPECT_TRUE(reader_->Read(&message));
    EXPECT_EQ(message.events_size(), 0);
    resume_ = message.resume_sequence();
    return resume_;
  }

  // The stream's status once it ended by itself.
  grpc::Status Finish() {
    v1::WatchResponse message;
    while (reader_->Read(&message)) {
    }
    closed_ = true;
    return reader_->Finish();
  }

  void Close() {
    if (closed_) return;
    context_.TryCancel();
    Finish();
  }

  uint64_t resume() const { return resume_; }
  uint64_t latest() const { return latest_; }
  int messages() const { return messages_; }
  bool commit_continues() const { return commit_continues_; }

 private:
  void Keep(const v1::WatchResponse& message) {
    ++messages_;
    resume_ = message.resume_sequence();
    latest_ = message.latest_sequence();
    commit_continues_ = message.commit_continues();
  }

  grpc::ClientContext context_;
  std::unique_ptr<grpc::ClientReader<v1::WatchResponse>> reader_;
  uint64_t resume_ = 0;
  uint64_t latest_ = 0;
  int messages_ = 0;
  bool commit_continues_ = false;
  bool closed_ = false;
};

// "UPSERT meetings/c-1" or "DELETE meetings/c-1 -HELD_BY-> bodies/council".
std::string Describe(const v1::ChangeEvent& event) {
  std::string text = v1::ChangeOp_Name(event.op()).substr(std::string("CHANGE_OP_").size());
  if (event.has_node()) return text + " " + event.node().name();
  return text + " " + event.edge().source() + " -" +
         v1::EdgeKind_Name(event.edge().kind()).substr(std::string("EDGE_KIND_").size()) +
         "-> " + event.edge().target();
}

std::vector<std::string> Describe(const std::vector<v1::ChangeEvent>& events) {
  std::vector<std::string> lines;
  for (const v1::ChangeEvent& event : events) lines.push_back(Describe(event));
  return lines;
}

std::vector<uint64_t> Sequences(const std::vector<v1::ChangeEvent>& events) {
  std::vector<uint64_t> sequences;
  for (const v1::ChangeEvent& event : events) sequences.push_back(event.sequence());
  return sequences;
}

class WatchTest : public ServerTest {
 protected:
  void SetUp() override {
    ServerTest::SetUp();
    options_.store.wal_ttl_seconds = 3600;
    Start();
  }

  void Start() {
    StartServer();
    watch_ = v1::WatchService::NewStub(channel_);
    import_ = v1::ImportService::NewStub(channel_);
  }

  std::unique_ptr<Stream> Watch(uint64_t from, int max_events = 0) {
    v1::WatchRequest request;
    request.set_from_sequence(from);
    request.set_max_events_per_message(max_events);
    return std::make_unique<Stream>(*watch_, request);
  }

  // A stream from now on, with its start read.
  std::unique_ptr<Stream> WatchFromNow(uint64_t* start) {
    auto stream = Watch(0);
    *start = stream->Start();
    return stream;
  }

  void UpsertOk(const std::vector<v1::Node>& nodes, const std::vector<v1::Edge>& edges) {
    const grpc::Status status = Upsert(nodes, edges);
    ASSERT_TRUE(status.ok()) << status.error_message();
  }

  void DeleteNode(const std::string& name) {
    v1::DeleteNodesRequest request;
    request.add_names(name);
    v1::DeleteNodesResponse response;
    const grpc::Status status = write_->DeleteNodes(Context().get(), request, &response);
    ASSERT_TRUE(status.ok()) << status.error_message();
  }

  // Writes `commits` commits of one meeting each (and its body edge).
  void WriteMeetings(int first, int commits) {
    for (int i = first; i < first + commits; ++i) {
      const std::string meeting = "meetings/m-" + std::to_string(i);
      UpsertOk({MakeNode(meeting, "Meeting " + std::to_string(i))},
               {MakeEdge(meeting, v1::EDGE_KIND_HELD_BY, "bodies/council")});
    }
  }

  std::unique_ptr<v1::WatchService::Stub> watch_;
  std::unique_ptr<v1::ImportService::Stub> import_;
};

TEST_F(WatchTest, StreamsUpsertsEdgesAndACascadingDeleteInCommitOrder) {
  uint64_t start = 0;
  auto stream = WatchFromNow(&start);
  EXPECT_GT(start, 0u);
  v1::Node meeting = MakeNode("meetings/c-1", "Council meeting");
  meeting.mutable_meeting()->set_date("2024-04-10");
  UpsertOk({MakeNode("bodies/council", "Council"), meeting}, {});
  UpsertOk({}, {MakeEdge("meetings/c-1", v1::EDGE_KIND_HELD_BY, "bodies/council")});
  DeleteNode("meetings/c-1");

  const std::vector<v1::ChangeEvent> events = stream->Read(5);
  ASSERT_THAT(Describe(events),
              ::testing::ElementsAre("UPSERT bodies/council", "UPSERT meetings/c-1",
                                     "UPSERT meetings/c-1 -HELD_BY-> bodies/council",
                                     "DELETE meetings/c-1 -HELD_BY-> bodies/council",
                                     "DELETE meetings/c-1"));
  // Full records for upserts, keys for deletes.
  EXPECT_EQ(events[1].node().meeting().date(), "2024-04-10");
  EXPECT_EQ(events[1].node().kind(), v1::NODE_KIND_MEETING);
  EXPECT_EQ(events[4].node().kind(), v1::NODE_KIND_MEETING);
  EXPECT_EQ(events[4].node().title(), "");
  // One commit per write; the delete takes the node's edge with it.
  EXPECT_EQ(events[0].commit_sequence(), start);
  EXPECT_EQ(events[1].commit_sequence(), events[0].commit_sequence());
  EXPECT_GT(events[2].commit_sequence(), events[1].commit_sequence());
  EXPECT_GT(events[3].commit_sequence(), events[2].commit_sequence());
  EXPECT_EQ(events[4].commit_sequence(), events[3].commit_sequence());
  for (size_t i = 1; i < events.size(); ++i) {
    EXPECT_GT(events[i].sequence(), events[i - 1].sequence());
    EXPECT_GE(events[i].sequence(), events[i].commit_sequence());
  }
  EXPECT_GE(stream->latest(), events.back().sequence());
}

TEST_F(WatchTest, AnImportIsOneCommit) {
  uint64_t start = 0;
  auto stream = WatchFromNow(&start);
  std::ifstream in(std::filesystem::path(RG_EXAMPLES_DIR) / "minutes/bousai-hq-5.gijigaiyo.txt");
  std::stringstream content;
  content << in.rdbuf();
  v1::ImportMinutesRequest request;
  request.set_content(content.str());
  v1::ImportMinutesResponse response;
  const grpc::Status status = import_->ImportMinutes(Context().get(), request, &response);
  ASSERT_TRUE(status.ok()) << status.error_message();
  const size_t written = static_cast<size_t>(response.nodes_written() + response.edges_written());
  ASSERT_GT(written, 20u);

  const std::vector<v1::ChangeEvent> events = stream->Read(written);
  ASSERT_EQ(events.size(), written);
  size_t nodes = 0;
  for (const v1::ChangeEvent& event : events) {
    EXPECT_EQ(event.commit_sequence(), start) << Describe(event);
    EXPECT_EQ(event.op(), v1::CHANGE_OP_UPSERT);
    if (event.has_node()) ++nodes;
  }
  EXPECT_EQ(nodes, static_cast<size_t>(response.nodes_written()));
}

TEST_F(WatchTest, ResumesAfterADisconnectWithoutAGapOrADuplicate) {
  UpsertOk({MakeNode("bodies/council", "Council")}, {});
  uint64_t start = 0;
  WatchFromNow(&start);
  std::vector<v1::Node> people;
  for (int i = 0; i < 5; ++i) people.push_back(MakeNode("people/p-" + std::to_string(i), "Person"));
  UpsertOk(people, {});  // one commit of 5 events
  WriteMeetings(0, 5);   // 10 commits of 1

  // Three events a message: the disconnect falls inside the first commit.
  auto first = Watch(start, 3);
  const std::vector<v1::ChangeEvent> before = first->Read(3);
  ASSERT_EQ(before.size(), 3u);
  EXPECT_TRUE(first->commit_continues());
  EXPECT_EQ(first->resume(), before.back().sequence() + 1);
  first->Close();
  WriteMeetings(5, 2);  // 4 more
  auto second = Watch(first->resume());
  const std::vector<v1::ChangeEvent> after = second->Read(16);
  ASSERT_EQ(after.size(), 16u);

  std::vector<v1::ChangeEvent> joined = before;
  joined.insert(joined.end(), after.begin(), after.end());
  auto whole = Watch(start);
  const std::vector<v1::ChangeEvent> expected = whole->Read(19);
  EXPECT_EQ(Sequences(joined), Sequences(expected));
  EXPECT_EQ(Describe(joined), Describe(expected));
  EXPECT_EQ(after[1].commit_sequence(), before[0].commit_sequence());  // p-4
}

TEST_F(WatchTest, ResumesAfterAServerRestart) {
  UpsertOk({MakeNode("bodies/council", "Council")}, {});
  uint64_t start = 0;
  auto stream = WatchFromNow(&start);
  WriteMeetings(0, 2);
  ASSERT_EQ(stream->Read(4).size(), 4u);
  const uint64_t resume = stream->resume();
  stream.reset();
  WriteMeetings(2, 1);  // not seen before the restart
  ASSERT_TRUE(server_->Shutdown(absl::Seconds(2)).ok());
  server_.reset();

  Start();
  WriteMeetings(3, 1);
  DeleteNode("meetings/m-0");
  auto resumed = Watch(resume);
  EXPECT_THAT(Describe(resumed->Read(6)),
              ::testing::ElementsAre("UPSERT meetings/m-2",
                                     "UPSERT meetings/m-2 -HELD_BY-> bodies/council",
                                     "UPSERT meetings/m-3",
                                     "UPSERT meetings/m-3 -HELD_BY-> bodies/council",
                                     "DELETE meetings/m-0 -HELD_BY-> bodies/council",
                                     "DELETE meetings/m-0"));
}

TEST_F(WatchTest, ExportThenWatchFromItsSequenceHasNoGap) {
  // An empty export is one message: the sequence alone.
  auto export_sequence = [&](int* records) {
    auto context = Context();
    auto reader = import_->ExportGraph(context.get(), v1::ExportGraphRequest());
    v1::ExportGraphResponse message;
    uint64_t sequence = 0;
    *records = 0;
    for (bool first = true; reader->Read(&message); first = false) {
      if (first) sequence = message.sequence();
      if (!first) EXPECT_EQ(message.sequence(), 0u);
      *records += message.has_node() || message.has_edge();
    }
    EXPECT_TRUE(reader->Finish().ok());
    return sequence;
  };
  int records = 0;
  const uint64_t empty = export_sequence(&records);
  EXPECT_GT(empty, 0u);
  EXPECT_EQ(records, 0);

  UpsertOk({MakeNode("bodies/council", "Council")}, {});
  WriteMeetings(0, 2);
  const uint64_t exported = export_sequence(&records);
  EXPECT_EQ(records, 5);
  WriteMeetings(2, 1);
  auto stream = Watch(exported + 1);
  const std::vector<v1::ChangeEvent> events = stream->Read(2);
  EXPECT_THAT(Describe(events),
              ::testing::ElementsAre("UPSERT meetings/m-2",
                                     "UPSERT meetings/m-2 -HELD_BY-> bodies/council"));
  ASSERT_FALSE(events.empty());
  EXPECT_EQ(events[0].commit_sequence(), exported + 1);
}

TEST_F(WatchTest, FiltersByNodeAndEdgeKind) {
  UpsertOk({MakeNode("bodies/council", "Council")}, {});
  uint64_t start = 0;
  WatchFromNow(&start);
  WriteMeetings(0, 2);
  UpsertOk({MakeNode("people/sato", "Sato")},
           {MakeEdge("people/sato", v1::EDGE_KIND_ATTENDED, "meetings/m-1")});
  UpsertOk({MakeNode("bodies/board", "Board")}, {});  // the last commit: filtered out

  v1::WatchRequest meetings_only;
  meetings_only.set_from_sequence(start);
  meetings_only.add_node_kinds(v1::NODE_KIND_MEETING);
  Stream meetings(*watch_, meetings_only);
  EXPECT_THAT(Describe(meetings.Read(2)),
              ::testing::ElementsAre("UPSERT meetings/m-0", "UPSERT meetings/m-1"));

  v1::WatchRequest attendance;
  attendance.set_from_sequence(start);
  attendance.add_edge_kinds(v1::EDGE_KIND_ATTENDED);
  attendance.add_node_kinds(v1::NODE_KIND_PERSON);
  Stream attended(*watch_, attendance);
  EXPECT_THAT(Describe(attended.Read(2)),
              ::testing::ElementsAre("UPSERT people/sato",
                                     "UPSERT people/sato -ATTENDED-> meetings/m-1"));
  // Past what the filter left out: the next message (a heartbeat) resumes
  // after the last commit.
  const uint64_t next = server_->store().LatestSequence() + 1;
  while (attended.resume() != next && attended.ReadMessage()) {
  }
  EXPECT_EQ(attended.resume(), next);

  v1::WatchRequest bad;
  bad.add_node_kinds(static_cast<v1::NodeKind>(99));
  Stream refused(*watch_, bad);
  const grpc::Status status = refused.Finish();
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(status.error_message(), HasSubstr("node_kinds[0]"));
  bad.Clear();
  bad.set_max_events_per_message(-1);
  Stream negative(*watch_, bad);
  EXPECT_EQ(negative.Finish().error_code(), grpc::StatusCode::INVALID_ARGUMENT);
}

TEST_F(WatchTest, PastTheRetainedLogIsOutOfRange) {
  ASSERT_TRUE(server_->Shutdown(absl::Seconds(2)).ok());
  server_.reset();
  options_.store.wal_ttl_seconds = 0;  // logs go once flushed
  options_.store.wal_size_limit_mb = 0;
  Start();
  uint64_t start = 0;
  WatchFromNow(&start);
  UpsertOk({MakeNode("bodies/council", "Council")}, {});
  WriteMeetings(0, 3);
  ASSERT_TRUE(server_->store().Compact().ok());  // flushes: the log is dropped

  // The log file goes in the background after the flush.
  grpc::Status status;
  for (int attempt = 0; attempt < 100; ++attempt) {
    auto stream = Watch(start);
    if (stream->ReadMessage()) {  // still there
      absl::SleepFor(absl::Milliseconds(50));
      continue;
    }
    status = stream->Finish();
    break;
  }
  EXPECT_EQ(status.error_code(), grpc::StatusCode::OUT_OF_RANGE) << status.error_message();
  EXPECT_THAT(status.error_message(), HasSubstr("from_sequence"));
  EXPECT_THAT(status.error_message(), HasSubstr("the oldest sequence kept is"));
  EXPECT_THAT(status.error_message(), HasSubstr("ExportGraph"));

  // Past the next commit: another history.
  auto future = Watch(server_->store().LatestSequence() + 2);
  const grpc::Status ahead = future->Finish();
  EXPECT_EQ(ahead.error_code(), grpc::StatusCode::OUT_OF_RANGE);
  EXPECT_THAT(ahead.error_message(), HasSubstr("past the next commit"));
}

TEST_F(WatchTest, StreamsPastTheLimitAreRefusedUntilOneEnds) {
  ASSERT_TRUE(server_->Shutdown(absl::Seconds(2)).ok());
  server_.reset();
  options_.max_watch_streams = 1;
  Start();
  uint64_t start = 0;
  auto first = WatchFromNow(&start);
  auto second = Watch(0);
  const grpc::Status refused = second->Finish();
  EXPECT_EQ(refused.error_code(), grpc::StatusCode::RESOURCE_EXHAUSTED);
  EXPECT_THAT(refused.error_message(), HasSubstr("--max_watch_streams"));
  first->Close();
  // The slot is free once the server has seen the first stream go.
  bool served = false;
  for (int attempt = 0; attempt < 50 && !served; ++attempt) {
    served = Watch(0)->ReadMessage();
    if (!served) absl::SleepFor(absl::Milliseconds(50));
  }
  EXPECT_TRUE(served);
}

TEST_F(WatchTest, AStoppingServerEndsStreamsWithWhereToResume) {
  uint64_t start = 0;
  auto stream = WatchFromNow(&start);
  ASSERT_TRUE(server_->Shutdown(absl::Seconds(2)).ok());
  server_.reset();
  const grpc::Status status = stream->Finish();
  EXPECT_EQ(status.error_code(), grpc::StatusCode::UNAVAILABLE);
  EXPECT_THAT(status.error_message(), HasSubstr("Watch again from sequence"));
}

}  // namespace
}  // namespace remarkgraph::e2e
