package testenv

import (
	"context"
	"fmt"
	"net"
	"os"
	"time"

	"github.com/testcontainers/testcontainers-go"
	"github.com/testcontainers/testcontainers-go/wait"
)

// dockerAvailable reports whether testcontainers can reach a Docker daemon.
func dockerAvailable() bool {
	if os.Getenv("DOCKER_HOST") != "" {
		return true
	}
	_, err := os.Stat("/var/run/docker.sock")
	return err == nil
}

func imageFromEnv(name, def string) string {
	if v := os.Getenv(name); v != "" {
		return v
	}
	return def
}

const containerRootPassword = "testenv-root"

func (e *env) startMySQLContainer(ctx context.Context) (string, error) {
	addr, err := e.startContainer(ctx, "mysql", testcontainers.ContainerRequest{
		Image:        imageFromEnv("MYSQL_IMAGE", "mysql:8.0"),
		ExposedPorts: []string{"3306/tcp"},
		Env:          map[string]string{"MYSQL_ROOT_PASSWORD": containerRootPassword, "MYSQL_ROOT_HOST": "%"},
		// Wait on a TCP ping, not a log line: MySQL and its MariaDB stand-in log differently,
		// and TCP opens only after the init scripts ran.
		WaitingFor: wait.ForExec([]string{"mysqladmin", "ping", "-h", "127.0.0.1", "-uroot", "-p" + containerRootPassword}).
			WithExitCodeMatcher(func(code int) bool { return code == 0 }).WithStartupTimeout(2 * time.Minute),
	})
	if err != nil {
		return "", err
	}
	return fmt.Sprintf("root:%s@tcp(%s)/", containerRootPassword, addr), nil
}

func (e *env) startRedisContainer(ctx context.Context) (string, error) {
	addr, err := e.startContainer(ctx, "redis", testcontainers.ContainerRequest{
		Image:        imageFromEnv("REDIS_IMAGE", "redis:7"),
		ExposedPorts: []string{"6379/tcp"},
		WaitingFor:   wait.ForListeningPort("6379/tcp").WithStartupTimeout(time.Minute),
	})
	if err != nil {
		return "", err
	}
	return fmt.Sprintf("redis://%s/0", addr), nil
}

// startContainer starts req, has Main remove it afterwards and returns host:port of its first
// exposed port.
func (e *env) startContainer(ctx context.Context, what string, req testcontainers.ContainerRequest) (string, error) {
	c, err := testcontainers.GenericContainer(ctx, testcontainers.GenericContainerRequest{ContainerRequest: req, Started: true})
	if err != nil {
		return "", fmt.Errorf("start %s container: %w", what, err)
	}
	e.cleanups = append(e.cleanups, func() { _ = c.Terminate(context.Background()) })
	host, err := c.Host(ctx)
	if err != nil {
		return "", err
	}
	port, err := c.MappedPort(ctx, req.ExposedPorts[0])
	if err != nil {
		return "", err
	}
	return net.JoinHostPort(host, port.Port()), nil
}
