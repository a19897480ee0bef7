// Command goproxy writes one version of a Go module into a folder laid out
// as a Go module proxy (GOPROXY=file:///that/folder), so that another
// module can `go get` it exactly as it would from the module's git
// repository: the zip holds the files committed at a revision of the
// module's subdirectory (git archive), zipped by golang.org/x/mod/zip as
// the go command itself zips modules.
//
//	goproxy -repo ROOT -subdir clients/go -module remarkgraph.dev/clients/go \
//	        -version v1.0.0 [-revision HEAD] -out DIR
//
// With -revision "" the zip is made from the files in ROOT/subdir instead
// (a source tree that is not a git checkout).
package main

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"log"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"

	"golang.org/x/mod/modfile"
	"golang.org/x/mod/module"
	modzip "golang.org/x/mod/zip"
)

func main() {
	repo := flag.String("repo", ".", "the root of the git checkout")
	subdir := flag.String("subdir", "", "the module's folder inside the repository")
	modulePath := flag.String("module", "", "the module path its go.mod declares")
	version := flag.String("version", "", "the version to publish (vX.Y.Z)")
	revision := flag.String("revision", "HEAD", `the git revision to take the files from; "" for the folder as it is`)
	out := flag.String("out", "", "the proxy folder to write into")
	flag.Parse()
	if *modulePath == "" || *version == "" || *out == "" {
		log.Fatal("goproxy: -module, -version and -out are required")
	}
	if err := publish(*repo, *subdir, *modulePath, *version, *revision, *out); err != nil {
		log.Fatalf("goproxy: %v", err)
	}
}

func publish(repo, subdir, modulePath, version, revision, out string) error {
	mod := module.Version{Path: modulePath, Version: version}
	if err := module.Check(mod.Path, mod.Version); err != nil {
		return err
	}
	dir := filepath.Join(out, filepath.FromSlash(mustEscape(modulePath)), "@v")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	var zipped bytes.Buffer
	var goMod []byte
	var err error
	if revision == "" {
		err = modzip.CreateFromDir(&zipped, mod, filepath.Join(repo, subdir))
		if err == nil {
			goMod, err = os.ReadFile(filepath.Join(repo, subdir, "go.mod"))
		}
	} else {
		// The files git holds at the revision, as `go get` from the
		// repository would see them. (modzip.CreateFromVCS does the same
		// but does not recognise a linked worktree, whose .git is a file.)
		var tree string
		tree, err = os.MkdirTemp("", "goproxy-")
		if err != nil {
			return err
		}
		defer os.RemoveAll(tree)
		if err = gitExport(repo, revision, subdir, tree); err == nil {
			err = modzip.CreateFromDir(&zipped, mod, tree)
		}
		if err == nil {
			goMod, err = os.ReadFile(filepath.Join(tree, "go.mod"))
		}
	}
	if err != nil {
		return fmt.Errorf("zipping %s: %w", mod, err)
	}
	declared := modfile.ModulePath(goMod)
	if declared != modulePath {
		return fmt.Errorf("go.mod declares %q, not %q", declared, modulePath)
	}
	info, err := json.Marshal(struct {
		Version string
		Time    time.Time
	}{version, time.Now().UTC().Truncate(time.Second)})
	if err != nil {
		return err
	}
	files := map[string][]byte{version + ".zip": zipped.Bytes(), version + ".mod": goMod, version + ".info": info}
	for name, data := range files {
		if err := os.WriteFile(filepath.Join(dir, name), data, 0o644); err != nil {
			return err
		}
	}
	return os.WriteFile(filepath.Join(dir, "list"), []byte(version+"\n"), 0o644)
}

// gitExport writes the files of repo's subdir at revision into dir.
func gitExport(repo, revision, subdir, dir string) error {
	archive := exec.Command("git", "-C", repo, "archive", "--format=tar", revision+":"+subdir)
	extract := exec.Command("tar", "-x", "-C", dir)
	var stderr strings.Builder
	archive.Stderr, extract.Stderr = &stderr, &stderr
	pipe, err := archive.StdoutPipe()
	if err != nil {
		return err
	}
	extract.Stdin = pipe
	if err := archive.Start(); err != nil {
		return err
	}
	if err := extract.Run(); err != nil {
		archive.Wait()
		return fmt.Errorf("tar -x: %v: %s", err, stderr.String())
	}
	if err := archive.Wait(); err != nil {
		return fmt.Errorf("git archive %s:%s: %v: %s", revision, subdir, err, stderr.String())
	}
	return nil
}

// mustEscape spells a module path as the proxy protocol does (capital
// letters as "!" and the lower-case letter).
func mustEscape(path string) string {
	escaped, err := module.EscapePath(path)
	if err != nil {
		log.Fatalf("goproxy: %v", err)
	}
	return escaped
}
