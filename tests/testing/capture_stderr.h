// Redirects the process's stderr (file descriptor 2) to a temporary file
// while the object lives, and gives back what was written. Not for tests
// that run threads writing stderr after the object is gone.
#ifndef REMARKGRAPH_TESTS_TESTING_CAPTURE_STDERR_H_
#define REMARKGRAPH_TESTS_TESTING_CAPTURE_STDERR_H_

#include <fcntl.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>

namespace remarkgraph::testing {

class CaptureStderr {
 public:
  explicit CaptureStderr(std::string path) : path_(std::move(path)) {
    std::fflush(stderr);
    saved_ = dup(2);
    const int fd = open(path_.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    dup2(fd, 2);
    close(fd);
  }
  ~CaptureStderr() { Restore(); }
  CaptureStderr(const CaptureStderr&) = delete;
  CaptureStderr& operator=(const CaptureStderr&) = delete;

  // What has been written so far.
  std::string Text() const {
    std::fflush(stderr);
    std::ifstream in(path_);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
  }

  void Restore() {
    if (saved_ < 0) return;
    std::fflush(stderr);
    dup2(saved_, 2);
    close(saved_);
    saved_ = -1;
  }

 private:
  std::string path_;
  int saved_ = -1;
};

}  // namespace remarkgraph::testing

#endif  // REMARKGRAPH_TESTS_TESTING_CAPTURE_STDERR_H_
