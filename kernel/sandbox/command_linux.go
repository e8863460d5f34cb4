package sandbox

import (
	"os"
	"os/exec"
	"path/filepath"
	"syscall"

	"golang.org/x/sys/unix"
)

// Command prepares cmd, not yet started, to run sandboxed: the process is
// created in new mount, network, PID, IPC, UTS and cgroup namespaces, plus
// a user namespace mapping the user to itself when the caller is not root;
// it is killed if its parent dies; and its environment is replaced by
// Environ(opts.Env) and a marker that tells Enter to finish the job. The
// started program must call Enter first thing.
//
// If the kernel refuses the namespaces, cmd.Start fails; nothing then runs.
func Command(cmd *exec.Cmd, opts Options) error {
	if cmd.SysProcAttr == nil {
		cmd.SysProcAttr = &syscall.SysProcAttr{}
	}
	a := cmd.SysProcAttr
	a.Cloneflags |= unix.CLONE_NEWNS | unix.CLONE_NEWNET | unix.CLONE_NEWPID |
		unix.CLONE_NEWIPC | unix.CLONE_NEWUTS | unix.CLONE_NEWCGROUP
	if uid := os.Geteuid(); uid != 0 {
		gid := os.Getegid()
		a.Cloneflags |= unix.CLONE_NEWUSER
		a.UidMappings = []syscall.SysProcIDMap{{ContainerID: uid, HostID: uid, Size: 1}}
		a.GidMappings = []syscall.SysProcIDMap{{ContainerID: gid, HostID: gid, Size: 1}}
		a.GidMappingsEnableSetgroups = false
		// The user keeps its own uid inside, so exec would drop the
		// capabilities the new user namespace grants; Enter needs these
		// two to build the view and then drops them.
		a.AmbientCaps = append(a.AmbientCaps, unix.CAP_SYS_ADMIN, unix.CAP_SETPCAP)
	}
	a.Pdeathsig = syscall.SIGKILL

	var hide []string
	for _, h := range opts.Hide {
		if abs, err := filepath.Abs(h); err == nil {
			hide = append(hide, abs)
		}
	}
	if wd, err := os.Getwd(); err == nil {
		hide = append(hide, wd)
	}
	opts.Hide = hide
	cmd.Env = withEnv(Environ(opts.Env), map[string]string{envOptions: opts.encode()}, envStage)
	return nil
}
