package remarkgraph_test

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	"remarkgraph.dev/clients/go/remarkgraph"
	rg "remarkgraph.dev/clients/go/remarkgraph/v1"
)

// The server every test talks to, started by TestMain from $REMARKGRAPHD on
// a free loopback port with a temporary data directory, and stopped with
// SIGTERM when the tests end, pass or fail.
var (
	serverAddress string
	client        *remarkgraph.Client
)

func TestMain(m *testing.M) {
	binary := os.Getenv("REMARKGRAPHD")
	if binary == "" {
		fmt.Println("REMARKGRAPHD is not set to the server binary; skipping the integration tests")
		os.Exit(0)
	}
	// The server is started from this locked thread and is sent SIGTERM if
	// the thread dies, so that a crash of the tests does not leave it
	// running.
	runtime.LockOSThread()
	os.Exit(runWithServer(m, binary))
}

func runWithServer(m *testing.M, binary string) int {
	root, err := os.MkdirTemp("", "remarkgraphd-")
	if err != nil {
		fmt.Println(err)
		return 1
	}
	defer os.RemoveAll(root)
	server, err := startServer(binary, root)
	if err != nil {
		fmt.Println(err)
		return 1
	}
	code := m.Run()
	if err := server.stop(); err != nil {
		fmt.Println(err)
		if code == 0 {
			code = 1
		}
	}
	return code
}

type server struct {
	cmd    *exec.Cmd
	exited chan error
	log    string
}

// startServer starts remarkgraphd on a free port and waits until it
// answers; it tries three ports in case one is taken in between.
func startServer(binary, root string) (*server, error) {
	logPath := filepath.Join(root, "server.log")
	for attempt := range 3 {
		address, err := freeAddress()
		if err != nil {
			return nil, err
		}
		logFile, err := os.OpenFile(logPath, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o644)
		if err != nil {
			return nil, err
		}
		cmd := exec.Command(binary, "--listen="+address,
			"--data_dir="+filepath.Join(root, fmt.Sprintf("data-%d", attempt)), "--shutdown_grace=5s")
		cmd.Stdout, cmd.Stderr = logFile, logFile
		cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGTERM}
		if err := cmd.Start(); err != nil {
			logFile.Close()
			return nil, fmt.Errorf("starting %s: %w", binary, err)
		}
		logFile.Close()
		s := &server{cmd: cmd, exited: make(chan error, 1), log: logPath}
		go func() { s.exited <- cmd.Wait() }()
		c, err := remarkgraph.New(address)
		if err != nil {
			s.stop()
			return nil, err
		}
		if err := s.waitServing(c); err != nil {
			c.Close()
			if errors.Is(err, errExited) {
				continue
			}
			s.stop()
			return nil, err
		}
		serverAddress, client = address, c
		return s, nil
	}
	logText, _ := os.ReadFile(logPath)
	return nil, fmt.Errorf("remarkgraphd exited at start three times:\n%s", logText)
}

var errExited = errors.New("remarkgraphd exited")

// waitServing polls until the server answers a call (NOT_FOUND for a node
// that is not there) or exits.
func (s *server) waitServing(c *remarkgraph.Client) error {
	deadline := time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) {
		select {
		case <-s.exited:
			return errExited
		default:
		}
		ctx, cancel := context.WithTimeout(context.Background(), 500*time.Millisecond)
		_, err := c.Graph.GetNode(ctx, &rg.GetNodeRequest{Name: "people/readiness-probe"}, grpc.WaitForReady(true))
		cancel()
		if status.Code(err) == codes.NotFound {
			return nil
		}
	}
	return fmt.Errorf("remarkgraphd did not serve within 30 s; see %s", s.log)
}

// stop sends SIGTERM and waits for a clean exit, killing the server after
// 20 s.
func (s *server) stop() error {
	if client != nil {
		client.Close()
	}
	if err := s.cmd.Process.Signal(syscall.SIGTERM); err != nil && !errors.Is(err, os.ErrProcessDone) {
		return err
	}
	select {
	case err := <-s.exited:
		if err != nil {
			logText, _ := os.ReadFile(s.log)
			return fmt.Errorf("remarkgraphd did not exit cleanly on SIGTERM (%v):\n%s", err, logText)
		}
		return nil
	case <-time.After(20 * time.Second):
		s.cmd.Process.Kill()
		<-s.exited
		return errors.New("remarkgraphd did not stop within 20 s of SIGTERM; killed")
	}
}

// freeAddress returns a loopback address that nothing listens on. The port
// is drawn at random below the kernel's ephemeral range, so that another
// program's "bind to port 0" cannot be handed the same port between this
// check and the server's start (gRPC servers share a port silently with
// SO_REUSEPORT).
func freeAddress() (string, error) {
	low := 32768
	if text, err := os.ReadFile("/proc/sys/net/ipv4/ip_local_port_range"); err == nil {
		if fields := strings.Fields(string(text)); len(fields) > 0 {
			if n, err := strconv.Atoi(fields[0]); err == nil && n > 20100 {
				low = n
			}
		}
	}
	for range 50 {
		address := net.JoinHostPort("127.0.0.1", strconv.Itoa(20000+rand.IntN(low-20000)))
		if listener, err := net.Listen("tcp", address); err == nil {
			listener.Close()
			return address, nil
		}
	}
	listener, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", err
	}
	defer listener.Close()
	return listener.Addr().String(), nil
}

// requireCode fails the test unless err has the code and its message
// contains want.
func requireCode(t *testing.T, err error, code codes.Code, want string) {
	t.Helper()
	s, ok := status.FromError(err)
	if !ok || s.Code() != code {
		t.Fatalf("got error %v, want code %v", err, code)
	}
	if !strings.Contains(s.Message(), want) {
		t.Fatalf("message %q does not name %q", s.Message(), want)
	}
}
