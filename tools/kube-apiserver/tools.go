//go:build tools

// Package tools records the kube-apiserver command as a dependency of this module so that
// `go build k8s.io/kubernetes/cmd/kube-apiserver` resolves it with the pinned versions in go.mod.
package tools

import _ "k8s.io/kubernetes/cmd/kube-apiserver"
