package pipeline

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

func TestOverlayImageNamesReadsTheRepositoryOverlays(t *testing.T) {
	for _, overlay := range []string{"production", "staging"} {
		t.Run(overlay, func(t *testing.T) {
			b, err := os.ReadFile(filepath.Join("..", "..", "deploy", "k8s", "overlays", overlay, "kustomization.yaml"))
			if err != nil {
				t.Fatal(err)
			}
			names := OverlayImageNames(string(b))
			for _, n := range KubernetesImageNames {
				if got := names[PlaceholderImage(n)]; !strings.HasSuffix(got, "/training-club-"+n) {
					t.Errorf("%s: %s renamed to %q, want a registry path ending in /training-club-%s (all: %v)",
						overlay, PlaceholderImage(n), got, n, names)
				}
			}
		})
	}
}

func TestOverlayImageNamesKeepsToTheImagesList(t *testing.T) {
	got := OverlayImageNames(`# images of the overlay
namespace: x
images:
  - name: training-club/backend
    newName: reg.example/b
    newTag: unpinned
  # a comment inside the list
  - name: training-club/frontend
    newName: reg.example/f
patches:
  - path: p.yaml
    target:
      name: training-club/backend
      newName: not-an-image
`)
	want := map[string]string{"training-club/backend": "reg.example/b", "training-club/frontend": "reg.example/f"}
	if len(got) != len(want) || got["training-club/backend"] != want["training-club/backend"] || got["training-club/frontend"] != want["training-club/frontend"] {
		t.Fatalf("got %v, want %v", got, want)
	}
}

// TestKustomizationPinsImagesOfAnyRegistry renders the deploy kustomization
// over the real production overlay with real kubectl, for images published
// to a registry other than the overlay's: both digests must end up in the
// manifests (the release script fails the deploy otherwise).
func TestKustomizationPinsImagesOfAnyRegistry(t *testing.T) {
	kubectl, err := exec.LookPath("kubectl")
	if err != nil {
		t.Skip("SKIPPED: kubectl is not on PATH (CI has it; k8s-validate needs it too)")
	}
	tmp := t.TempDir()
	k8s := filepath.Join(tmp, "deploy", "k8s")
	if err := os.MkdirAll(filepath.Dir(k8s), 0o755); err != nil {
		t.Fatal(err)
	}
	if out, err := exec.Command("cp", "-r", filepath.Join("..", "..", "deploy", "k8s"), filepath.Dir(k8s)).CombinedOutput(); err != nil {
		t.Fatalf("copy deploy/k8s: %v\n%s", err, out)
	}
	overlay, err := os.ReadFile(filepath.Join(k8s, "overlays", "production", "kustomization.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	images := map[string]ImageRef{
		"backend":  {Repository: "127.0.0.1:5123/tc/training-club-backend", Digest: dgA},
		"frontend": {Repository: "127.0.0.1:5123/tc/training-club-frontend", Digest: dgB},
	}
	dir := filepath.Join(k8s, KustomizeDir)
	writeFiles(t, []string{dir}, map[string]string{
		filepath.Join(dir, "kustomization.yaml"): Kustomization("production", images, OverlayImageNames(string(overlay))),
	})
	out, err := exec.Command(kubectl, "kustomize", dir).Output()
	if err != nil {
		t.Fatalf("kubectl kustomize: %v", err)
	}
	for _, ref := range images {
		if !strings.Contains(string(out), "image: "+ref.Repository+"@"+ref.Digest) {
			t.Errorf("%s@%s is not in the rendered manifests; images there:\n%s", ref.Repository, ref.Digest, imageLines(string(out)))
		}
	}
	if strings.Contains(string(out), ":unpinned") {
		t.Errorf("an image is still unpinned:\n%s", imageLines(string(out)))
	}
}

func imageLines(manifests string) string {
	var lines []string
	for _, l := range strings.Split(manifests, "\n") {
		if strings.Contains(l, "image:") {
			lines = append(lines, strings.TrimSpace(l))
		}
	}
	return strings.Join(lines, "\n")
}
