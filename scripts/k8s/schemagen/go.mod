module github.com/trainingclub/platform/scripts/k8s/schemagen

go 1.23.0
