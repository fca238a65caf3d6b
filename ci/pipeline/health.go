package pipeline

import (
	"crypto/sha256"
	"debug/elf"
	"encoding/binary"
	"encoding/hex"
	"fmt"
)

// MySQLHealthcheck is the shell command of the MySQL service's health check.
// It needs no credentials: the engine does not pass secret variables to
// health checks, and `mysqladmin ping` exits 0 whenever the server answers,
// even with "Access denied". It pings over TCP because the official image's
// entrypoint runs its initialisation server without networking: the socket
// answers early, TCP only once the real server is up.
func MySQLHealthcheck(port int) string {
	return fmt.Sprintf("mysqladmin ping -h 127.0.0.1 -P %d --connect-timeout=2 >/dev/null 2>&1", port)
}

// RedisHealthcheck is the shell command of the Redis service's health check:
// without the password (not available to health checks) a server that
// requires one answers NOAUTH, which still proves it is up and serving.
func RedisHealthcheck(port int) string {
	return fmt.Sprintf("redis-cli -h 127.0.0.1 -p %d ping 2>&1 | grep -qE '^(PONG|NOAUTH)'", port)
}

// LedgerKey names the failure-ledger entry of one suite run: a suite whose
// last run with these exact inputs (the container's ID) failed has an entry,
// so the next call runs it again instead of replaying the cached failure.
func LedgerKey(suite, containerID string) string {
	sum := sha256.Sum256([]byte(containerID))
	return suite + "-" + hex.EncodeToString(sum[:12])
}

// ELFArch returns the Go architecture name (amd64, arm64, ...) of an ELF
// binary from its first 20 bytes, to check that an image variant built for a
// platform really contains that platform's code.
func ELFArch(header []byte) (string, error) {
	if len(header) < 20 || string(header[:4]) != elf.ELFMAG {
		return "", fmt.Errorf("not an ELF binary")
	}
	var order binary.ByteOrder = binary.LittleEndian
	if elf.Data(header[elf.EI_DATA]) == elf.ELFDATA2MSB {
		order = binary.BigEndian
	}
	machine := elf.Machine(order.Uint16(header[18:20]))
	if arch, ok := goArchOfELFMachine[machine]; ok {
		return arch, nil
	}
	return "", fmt.Errorf("unknown ELF machine %v", machine)
}

// goArchOfELFMachine names, as GOARCH, the ELF e_machine of each architecture an image may be built for.
var goArchOfELFMachine = map[elf.Machine]string{
	elf.EM_X86_64:  "amd64",
	elf.EM_AARCH64: "arm64",
	elf.EM_386:     "386",
	elf.EM_ARM:     "arm",
	elf.EM_RISCV:   "riscv64",
	elf.EM_PPC64:   "ppc64le",
	elf.EM_S390:    "s390x",
}
