package cli_test

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"syscall"
	"testing"
	"unsafe"
)

// terminal returns a pseudo-terminal of cols columns: the file a program
// writes to, and a function that closes it and returns what was written.
// The test is skipped where pseudo-terminals cannot be opened.
func terminal(t *testing.T, cols int) (*os.File, func() string) {
	t.Helper()
	master, err := os.OpenFile("/dev/ptmx", os.O_RDWR, 0)
	if err != nil {
		t.Skipf("no pseudo-terminal: %v", err)
	}
	ioctl := func(f *os.File, req uintptr, arg unsafe.Pointer) {
		if _, _, errno := syscall.Syscall(syscall.SYS_IOCTL, f.Fd(), req, uintptr(arg)); errno != 0 {
			t.Skipf("pseudo-terminal ioctl %#x: %v", req, errno)
		}
	}
	var unlock int32
	ioctl(master, syscall.TIOCSPTLCK, unsafe.Pointer(&unlock))
	var n uint32
	ioctl(master, syscall.TIOCGPTN, unsafe.Pointer(&n))
	tty, err := os.OpenFile(fmt.Sprintf("/dev/pts/%d", n), os.O_RDWR|syscall.O_NOCTTY, 0)
	if err != nil {
		master.Close()
		t.Skipf("no pseudo-terminal: %v", err)
	}
	ws := struct{ rows, cols, x, y uint16 }{40, uint16(cols), 0, 0}
	ioctl(tty, syscall.TIOCSWINSZ, unsafe.Pointer(&ws))
	var out bytes.Buffer
	done := make(chan struct{})
	go func() { io.Copy(&out, master); close(done) }()
	return tty, func() string {
		tty.Close()
		<-done // the master reads EIO once the terminal is closed
		master.Close()
		return out.String()
	}
}
