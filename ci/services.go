package main

import (
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
	mailpitHost   = "mailpit"
	mailpitSMTP   = 1025
	mailpitHTTP   = 8025
	mysqlPort     = 3306
	redisPort     = 6379
	backendPort   = 5000
	frontendPort  = 8080
	mysqlDatabase = "training_club"
	mysqlUser     = "training_club"
)

// Mysql returns an ephemeral MySQL server (database and user training_club,
// data on a tmpfs). Passwords are secrets, generated when not given. The
// engine starts dependents only once its health check passes, which the
// official image's TCP port does only after its initialisation.
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
		// Health checks get none of the container's secret variables.
		WithDockerHealthcheck([]string{pipeline.MySQLHealthcheck(mysqlPort)},
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
		WithDockerHealthcheck([]string{pipeline.RedisHealthcheck(redisPort)},
			dagger.ContainerWithDockerHealthcheckOpts{Shell: true, Interval: "1s", Timeout: "3s", Retries: 30}).
		WithExposedPort(redisPort).
		// The password comes from the environment at run time, never from
		// the command line stored in the container config.
		AsService(dagger.ContainerAsServiceOpts{Args: []string{"sh", "-c",
			`exec redis-server --requirepass "$REDIS_PASSWORD" --save "" --appendonly no`}})
}

// Where Mailpit is reached inside a stack.
var (
	mailpitSMTPURL = fmt.Sprintf("smtp://%s:%d?starttls=off", mailpitHost, mailpitSMTP)
	mailpitAPIURL  = fmt.Sprintf("http://%s:%d", mailpitHost, mailpitHTTP)
)

// Mailpit returns an ephemeral Mailpit, the SMTP server of the mail tests:
// SMTP on 1025 (no TLS, any login accepted) and its HTTP API on 8025, where
// tests read delivered messages back. It is built with go install on the Go
// image at the version pinned in scripts/tools.env (MAILPIT_VERSION).
func (m *TrainingClub) Mailpit() *dagger.Service {
	return m.goBase().
		WithWorkdir(srcDir).
		WithDirectory(srcDir, m.layer(pipeline.SuiteInputs["backend"].Tools)).
		WithExec(installTools("mailpit")).
		WithExposedPort(mailpitSMTP).
		WithExposedPort(mailpitHTTP).
		AsService(dagger.ContainerAsServiceOpts{Args: []string{"/go/bin/mailpit",
			"--smtp", fmt.Sprintf("0.0.0.0:%d", mailpitSMTP), "--listen", fmt.Sprintf("0.0.0.0:%d", mailpitHTTP),
			"--database", "", "--max", "50000", "--smtp-auth-accept-any", "--smtp-auth-allow-insecure"}})
}

// dataStack is a MySQL + Redis pair with the credentials the tests
// and the backend need. All credentials are generated here, so the
// connection strings are composed in Go without reading any secret back.
type dataStack struct {
	mysql, redis *dagger.Service
	// Mailpit: the backend's SMTP server; tests read what it sent from its API.
	mail *dagger.Service
	// Root DSN for the backend tests (they CREATE DATABASE per package).
	testDSN *dagger.Secret
	// Redis URL with password (tests and backend).
	redisURL *dagger.Secret
	// Password of the training_club user (backend DB_PASSWORD).
	appPassword *dagger.Secret
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
		mysql:       m.mysqlService(root, app),
		redis:       m.redisService(redisSecret),
		mail:        m.Mailpit(),
		testDSN:     dag.SetSecret("training-club-"+purpose+"-test-mysql-dsn", pipeline.MySQLDSN("root", rootPW, mysqlHost, mysqlPort, "")),
		redisURL:    dag.SetSecret("training-club-"+purpose+"-redis-url", pipeline.RedisURL(redisPW, redisHost, redisPort, 0)),
		appPassword: app,
		jwtSecret:   dag.SetSecret("training-club-"+purpose+"-jwt-secret", randomToken()),
	}
}

// withBackendEnv binds a container to the data services and sets the
// backend's configuration (production rules; secrets as secret variables).
// The backend service and the e2e admin setup share it.
func (d *dataStack) withBackendEnv(c *dagger.Container) *dagger.Container {
	return c.
		WithServiceBinding(mysqlHost, d.mysql).
		WithServiceBinding(redisHost, d.redis).
		WithServiceBinding(mailpitHost, d.mail).
		WithEnvVariable("SMTP_URL", mailpitSMTPURL).
		WithEnvVariable("MAIL_FROM", "Training Club <club@example.test>").
		WithEnvVariable("APP_ENV", "production").
		WithEnvVariable("DB_HOST", mysqlHost).
		WithEnvVariable("DB_PORT", fmt.Sprint(mysqlPort)).
		WithEnvVariable("DB_NAME", mysqlDatabase).
		WithEnvVariable("DB_USERNAME", mysqlUser).
		WithSecretVariable("DB_PASSWORD", d.appPassword).
		WithSecretVariable("REDIS_URL", d.redisURL).
		WithSecretVariable("JWT_SECRET_KEY", d.jwtSecret)
}
