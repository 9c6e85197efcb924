//go:build unix

package atomicfile

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// Writing into a read-only folder says why, in the system's words, as an
// unprivileged user (nobody when the tests run as root).
func TestWriteReadOnlyFolderReason(t *testing.T) {
	base, err := os.MkdirTemp("", "atomicfile-ro-")
	if err != nil {
		t.Fatal(err)
	}
	defer os.RemoveAll(base)
	os.Chmod(base, 0o755)
	ro := filepath.Join(base, "ro")
	os.Mkdir(ro, 0o555)
	defer os.Chmod(ro, 0o755)
	bin := os.Args[0]
	cmd := exec.Command(bin)
	if os.Geteuid() == 0 {
		exe := filepath.Join(base, "test.exe")
		b, err := os.ReadFile(bin)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(exe, b, 0o755); err != nil {
			t.Fatal(err)
		}
		cmd = exec.Command(exe)
		cmd.SysProcAttr = &syscall.SysProcAttr{Credential: &syscall.Credential{Uid: 65534, Gid: 65534}}
	}
	cmd.Env = append(os.Environ(), "ATOMICFILE_WRITE_REPORT="+filepath.Join(ro, "e.csv"))
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	want := "ERROR[cannot write in " + ro + ": permission denied]"
	if !strings.Contains(string(out), want) {
		t.Errorf("got %q, want %q", out, want)
	}
}
