// Command kubectl is upstream kubectl (k8s.io/kubernetes/cmd/kubectl/kubectl.go) built from the
// published k8s.io/kubectl module, so the Go module proxy serves it and go.sum pins it: the
// Dagger deploy function builds it instead of downloading a release binary. The version in
// go.mod is the kubectl release: k8s.io/kubectl v0.X.Y is kubectl v1.X.Y.
package main

import (
	"k8s.io/component-base/cli"
	"k8s.io/kubectl/pkg/cmd"
	"k8s.io/kubectl/pkg/cmd/util"
)

func main() {
	command := cmd.NewDefaultKubectlCommand()
	if err := cli.RunNoErrOutput(command); err != nil {
		util.CheckErr(err)
	}
}
