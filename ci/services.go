package main

import (
	"context"
	"fmt"

	"dagger/training-club/internal/dagger"
	"dagger/training-club/pipeline"
)

// Host names under which the services are bound, as in compose.yaml.
const (
	mysqlHost     = "mysql"
	redisHost     = "redis"
	backendHost   = "backend"
	frontendHost  = "frontend"
	proxyHost     = "proxy"
	mysqlPort     = 3306
	redisPort     = 6379
	backendPort   = 5000
	frontendPort  = 8080
	mysqlDatabase = "training_club"
	mysqlUser     = "training_club"
)

// Mysql returns an ephemeral MySQL server (database and user training_club,
// data on a tmpfs). Passwords are secrets, generated when not given. The
// engine starts dependents only once port 3306 accepts connections, which the
// official image does only after its initialisation.
func (m *TrainingClub) Mysql(
	// Password of the MySQL root user; random when not given.
	// +optional
	rootPassword *dagger.Secret,
	// Password of the training_club user; random when not given.
	// +optional
	password *dagger.Secret,
) *dagger.Service {
	if rootPassword == nil {
		rootPassword = newSecret("mysql-root-password")
	}
	if password == nil {
		password = newSecret("mysql-password")
	}
	return m.mysqlService(rootPassword, password)
}

func (m *TrainingClub) mysqlService(rootPassword, password *dagger.Secret) *dagger.Service {
	return dag.Container().
		From(m.MysqlImage).
		WithSecretVariable("MYSQL_ROOT_PASSWORD", rootPassword).
		WithSecretVariable("MYSQL_PASSWORD", password).
		WithEnvVariable("MYSQL_DATABASE", mysqlDatabase).
		WithEnvVariable("MYSQL_USER", mysqlUser).
		WithMountedTemp("/var/lib/mysql").
		WithDockerHealthcheck([]string{`MYSQL_PWD="$MYSQL_ROOT_PASSWORD" mysql -h 127.0.0.1 -uroot -e "SELECT 1"`},
			dagger.ContainerWithDockerHealthcheckOpts{Shell: true, Interval: "2s", Timeout: "5s", Retries: 60}).
		WithExposedPort(mysqlPort).
		AsService(dagger.ContainerAsServiceOpts{UseEntrypoint: true})
}

// Redis returns an ephemeral Redis server that requires a password (a secret,
// generated when not given) and keeps nothing on disk.
func (m *TrainingClub) Redis(
	// Password clients must AUTH with; random when not given.
	// +optional
	password *dagger.Secret,
) *dagger.Service {
	if password == nil {
		password = newSecret("redis-password")
	}
	return m.redisService(password)
}

func (m *TrainingClub) redisService(password *dagger.Secret) *dagger.Service {
	return dag.Container().
		From(m.RedisImage).
		WithSecretVariable("REDIS_PASSWORD", password).
		WithSecretVariable("REDISCLI_AUTH", password).
		WithDockerHealthcheck([]string{"redis-cli ping | grep -q PONG"},
			dagger.ContainerWithDockerHealthcheckOpts{Shell: true, Interval: "1s", Timeout: "3s", Retries: 30}).
		WithExposedPort(redisPort).
		// The password comes from the environment at run time, never from
		// the command line stored in the container config.
		AsService(dagger.ContainerAsServiceOpts{Args: []string{"sh", "-c",
			`exec redis-server --requirepass "$REDIS_PASSWORD" --save "" --appendonly no`}})
}

// dataStack is a started MySQL + Redis pair with the credentials the tests
// and the backend need. All credentials are generated here, so the
// connection strings are composed in Go without reading any secret back.
type dataStack struct {
	mysql, redis *dagger.Service
	// Root DSN for the backend tests (they CREATE DATABASE per package).
	testDSN *dagger.Secret
	// Redis URL with password (tests and backend).
	redisURL *dagger.Secret
	// Password of the training_club user (backend DB_PASSWORD).
	appPassword *dagger.Secret
	// Passwords the health probes log in with.
	rootPassword, redisPassword *dagger.Secret
	// JWT signing key of the backend bound to this data.
	jwtSecret *dagger.Secret
}

// newData prepares (does not start) MySQL and Redis with generated
// credentials for one purpose ("test", "e2e", "serve"). Different purposes
// get different secrets, hence different service instances.
func (m *TrainingClub) newData(purpose string) *dataStack {
	rootPW, appPW, redisPW := randomToken(), randomToken(), randomToken()
	root := dag.SetSecret("training-club-"+purpose+"-mysql-root-password", rootPW)
	app := dag.SetSecret("training-club-"+purpose+"-mysql-password", appPW)
	redisSecret := dag.SetSecret("training-club-"+purpose+"-redis-password", redisPW)
	return &dataStack{
		mysql:         m.mysqlService(root, app),
		redis:         m.redisService(redisSecret),
		rootPassword:  root,
		redisPassword: redisSecret,
		testDSN:       dag.SetSecret("training-club-"+purpose+"-test-mysql-dsn", pipeline.MySQLDSN("root", rootPW, mysqlHost, mysqlPort, "")),
		redisURL:      dag.SetSecret("training-club-"+purpose+"-redis-url", pipeline.RedisURL(redisPW, redisHost, redisPort, 0)),
		appPassword:   app,
		jwtSecret:     dag.SetSecret("training-club-"+purpose+"-jwt-secret", randomToken()),
	}
}

// withBackendEnv binds a container to the data services and sets the
// backend's configuration (production rules; secrets as secret variables).
// The backend service and the e2e admin setup share it.
func (d *dataStack) withBackendEnv(c *dagger.Container) *dagger.Container {
	return c.
		WithServiceBinding(mysqlHost, d.mysql).
		WithServiceBinding(redisHost, d.redis).
		WithEnvVariable("APP_ENV", "production").
		WithEnvVariable("DB_HOST", mysqlHost).
		WithEnvVariable("DB_PORT", fmt.Sprint(mysqlPort)).
		WithEnvVariable("DB_NAME", mysqlDatabase).
		WithEnvVariable("DB_USERNAME", mysqlUser).
		WithSecretVariable("DB_PASSWORD", d.appPassword).
		WithSecretVariable("REDIS_URL", d.redisURL).
		WithSecretVariable("JWT_SECRET_KEY", d.jwtSecret)
}

// start starts MySQL and Redis and checks from client containers that both
// accept the generated credentials before anything uses them. Started
// services are reused by every binding until stop is called (or the call
// ends).
func (d *dataStack) start(ctx context.Context, m *TrainingClub) (stop func(), err error) {
	stop = func() {
		// Best effort: the engine stops them when the call ends anyway.
		_, _ = d.mysql.Stop(context.WithoutCancel(ctx))
		_, _ = d.redis.Stop(context.WithoutCancel(ctx))
	}
	if d.mysql, err = d.mysql.Start(ctx); err != nil {
		return stop, fmt.Errorf("start mysql: %w", err)
	}
	if d.redis, err = d.redis.Start(ctx); err != nil {
		return stop, fmt.Errorf("start redis: %w", err)
	}
	// The probes run every time (a random value defeats the cache): they
	// check this run's servers, not a cached success of an earlier one.
	probe := randomToken()
	_, err = dag.Container().
		From(m.MysqlImage).
		WithServiceBinding(mysqlHost, d.mysql).
		WithSecretVariable("MYSQL_PWD", d.rootPassword).
		WithEnvVariable("PROBE", probe).
		WithExec([]string{"sh", "-c", `for i in $(seq 1 60); do ` +
			`mysql -h ` + mysqlHost + ` -uroot -e "SELECT 1" >/dev/null 2>&1 && exit 0; sleep 2; done; ` +
			`echo "mysql did not accept the root login within 120s" >&2; exit 1`}).
		Sync(ctx)
	if err != nil {
		return stop, fmt.Errorf("mysql health check: %w", err)
	}
	_, err = dag.Container().
		From(m.RedisImage).
		WithServiceBinding(redisHost, d.redis).
		WithSecretVariable("REDISCLI_AUTH", d.redisPassword).
		WithEnvVariable("PROBE", probe).
		WithExec([]string{"sh", "-c", `for i in $(seq 1 30); do ` +
			`redis-cli -h ` + redisHost + ` ping 2>/dev/null | grep -q PONG && exit 0; sleep 1; done; ` +
			`echo "redis did not answer PING within 30s" >&2; exit 1`}).
		Sync(ctx)
	if err != nil {
		return stop, fmt.Errorf("redis health check: %w", err)
	}
	return stop, nil
}
