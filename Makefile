# Training Club: the common tasks. Every target is a plain repo command; CI (.ci/run) and the
# Dagger module (ci/) run the same scripts.
SHELL := /bin/bash
.DEFAULT_GOAL := help
export PATH := $(shell go env GOPATH 2>/dev/null)/bin:$(PATH)

# Local MariaDB/Redis started by `make services` (scripts/services.sh).
TEST_MYSQL_DSN ?= trainingclub:trainingclub@tcp(127.0.0.1:3306)/
TEST_REDIS_URL ?= redis://127.0.0.1:6379/0
export TEST_MYSQL_DSN TEST_REDIS_URL

# STANDINS=1 builds and uses the local stand-in base images (for machines without a registry).
STANDINS ?= 0
ifeq ($(STANDINS),1)
export GO_IMAGE ?= standin/golang:1.26
export RUNTIME_IMAGE ?= standin/distroless-static:nonroot
export NODE_IMAGE ?= standin/node:20
export NGINX_IMAGE ?= standin/nginx:alpine
export MYSQL_IMAGE ?= standin/mysql:8.0
export REDIS_IMAGE ?= standin/redis:7
STANDIN_PREP := bash scripts/standins.sh &&
endif
# Debian's docker 20.10 client (BuildKit without buildx) and docker-compose 1.29; the recipes put
# /usr/bin first because a newer client without buildx may shadow it.
COMPOSE ?= docker-compose

.PHONY: help
help: ## list the targets
	@grep -hE '^[a-z0-9-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  %-28s %s\n", $$1, $$2}'

## ---- run -------------------------------------------------------------------------------
.PHONY: up down seed logs run services
up: ## run the whole platform in Docker (dev stack: https://localhost:8443, API :5000); STANDINS=1 without a registry
	$(STANDIN_PREP) PATH=/usr/bin:$$PATH COMPOSE_DOCKER_CLI_BUILD=1 DOCKER_BUILDKIT=1 $(COMPOSE) up -d --build
	@echo "app: https://localhost:8443  api: http://127.0.0.1:5000/api/health  seed: make seed"
down: ## stop the dev stack (volumes kept)
	$(COMPOSE) down
seed: ## load development sample data into the dev stack
	$(COMPOSE) --profile sample run --rm seed
logs: ## follow the dev stack's logs
	$(COMPOSE) logs -f
services: ## start local MariaDB and Redis (root, Debian) for tests and `make run`
	bash scripts/services.sh
run: services ## run the API natively on :5000 against the local MariaDB/Redis
	cd backend && APP_ENV=development DB_USERNAME=trainingclub DB_PASSWORD=trainingclub \
	  DB_HOST=127.0.0.1 DB_PORT=3306 DB_NAME=trainingclub_dev REDIS_URL=redis://127.0.0.1:6379/1 \
	  JWT_SECRET_KEY=dev-only-secret-dev-only-secret-32b UPLOADS_DIR=$(CURDIR)/.cache/uploads \
	  bash -c 'mariadb -u root -e "CREATE DATABASE IF NOT EXISTS trainingclub_dev" && go run ./cmd/api'

## ---- test ------------------------------------------------------------------------------
.PHONY: frontend-image-test
.PHONY: test test-backend test-backend-testcontainers test-frontend e2e lint dagger-check \
        actionlint k8s-validate stack-test proxy-config-test bench reproimage-test
# k8s-validate comes last: on a fresh machine .ci/run builds kube-apiserver in the background
# while the other suites run, and scripts/k8s/ensure-apiserver.sh waits for that build.
TEST_SUITES := test-backend test-backend-testcontainers test-frontend e2e lint dagger-check \
               reproimage-test frontend-image-test stack-test k8s-validate
test: ## every suite (what CI runs), each timed
	bash scripts/run-suites.sh $(TEST_SUITES)
	@echo "make test: all suites passed"

test-backend: services ## backend unit + integration tests on local MariaDB/Redis, fuzzing, JUnit+coverage in reports/
	bash scripts/test-backend.sh

test-backend-testcontainers: ## backend integration tests once through testcontainers-go (stand-in images)
	bash scripts/test-backend-testcontainers.sh

test-frontend: ## frontend lint, typecheck, unit tests, build
	bash scripts/test-frontend.sh

e2e: services ## browser end-to-end tests (Chromium) against the real backend and the built frontend
	bash scripts/e2e-local.sh

lint: ## gofmt, go vet, staticcheck, frontend lint, actionlint, Dockerfile checks
	bash scripts/lint.sh

dagger-check: ## type-check the Dagger module against dagger.io/dagger and run its unit tests
	bash scripts/dagger-check.sh

reproimage-test: ## go vet + tests of tools/reproimage (publish's reproducible image rewrite and push)
	cd tools/reproimage && GOWORK=off go vet ./... && GOWORK=off go test -count=1 ./...

actionlint: ## lint the GitHub workflows
	bash scripts/actionlint.sh

k8s-validate: ## kustomize build + kubeconform + server-side dry-run against a local kube-apiserver
	bash scripts/k8s/validate.sh

frontend-image-test: ## build the frontend image and check it (read-only run, headers, config.js, health)
	$(STANDIN_PREP) bash frontend/scripts/image-test.sh

stack-test: ## build every image, run the production compose stack and drive it end to end
	bash scripts/stack-test.sh

proxy-config-test: ## nginx -t on the proxy configuration
	bash scripts/proxy-config-test.sh

bench: services ## one report: bare Echo vs cached week view (plain, gzip) and the 200-member booking rush
	cd backend && go test -run '^$$' -bench '^BenchmarkReport$$' -benchtime 1x -timeout 20m ./cmd/api/
