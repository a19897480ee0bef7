// Package validate decodes every object the chart renders strictly against
// Kubernetes' own API types (k8s.io/client-go's scheme, and the Prometheus
// operator's for ServiceMonitor): an unknown or misspelt field, a wrong
// type or an unknown kind fails the test.
//
//	RG_RENDERED=DIR go test ./...
//
// DIR holds the output of `helm template`, one file per values file.
package validate

import (
	"bytes"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	monitoringv1 "github.com/prometheus-operator/prometheus-operator/pkg/apis/monitoring/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/serializer"
	utilyaml "k8s.io/apimachinery/pkg/util/yaml"
	"k8s.io/client-go/kubernetes/scheme"
)

func strictDecoder(t *testing.T) runtime.Decoder {
	t.Helper()
	types := runtime.NewScheme()
	if err := scheme.AddToScheme(types); err != nil {
		t.Fatal(err)
	}
	if err := monitoringv1.AddToScheme(types); err != nil {
		t.Fatal(err)
	}
	return serializer.NewCodecFactory(types, serializer.EnableStrict).UniversalDeserializer()
}

// documents splits a multi-document YAML file, dropping empty documents.
func documents(t *testing.T, data []byte) [][]byte {
	t.Helper()
	reader := utilyaml.NewYAMLReader(bufioReader(data))
	var out [][]byte
	for {
		document, err := reader.Read()
		if errors.Is(err, io.EOF) {
			return out
		}
		if err != nil {
			t.Fatal(err)
		}
		if len(bytes.TrimSpace(stripComments(document))) > 0 {
			out = append(out, document)
		}
	}
}

func TestRenderedObjectsDecodeStrictly(t *testing.T) {
	dir := os.Getenv("RG_RENDERED")
	if dir == "" {
		t.Skip("RG_RENDERED names no folder of rendered manifests")
	}
	files, err := filepath.Glob(filepath.Join(dir, "*.yaml"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no rendered manifests in %s (%v)", dir, err)
	}
	decoder := strictDecoder(t)
	for _, file := range files {
		data, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		kinds := map[string]int{}
		for i, document := range documents(t, data) {
			object, kind, err := decoder.Decode(document, nil, nil)
			if err != nil {
				t.Errorf("%s, object %d: %v\n%s", filepath.Base(file), i, err, document)
				continue
			}
			kinds[kind.Kind]++
			if typed, ok := object.(interface{ GetName() string }); ok && typed.GetName() == "" {
				t.Errorf("%s, object %d (%s) has no name", filepath.Base(file), i, kind.Kind)
			}
		}
		t.Logf("%s: %v", filepath.Base(file), kinds)
		for _, wanted := range []string{"StatefulSet", "Service", "ServiceAccount", "PodDisruptionBudget", "NetworkPolicy"} {
			if kinds[wanted] == 0 {
				t.Errorf("%s renders no %s", filepath.Base(file), wanted)
			}
		}
	}
}

// The chart with every optional object off: a StatefulSet and two Services.
func TestMinimalRenderingDecodesStrictly(t *testing.T) {
	file := os.Getenv("RG_RENDERED_MINIMAL")
	if file == "" {
		t.Skip("RG_RENDERED_MINIMAL names no rendered manifest")
	}
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	decoder := strictDecoder(t)
	for i, document := range documents(t, data) {
		if _, _, err := decoder.Decode(document, nil, nil); err != nil {
			t.Errorf("object %d: %v\n%s", i, err, document)
		}
	}
}

// The decoder itself must refuse what the test is meant to catch.
func TestStrictDecoderRefusesUnknownFields(t *testing.T) {
	decoder := strictDecoder(t)
	bad := []string{
		"apiVersion: v1\nkind: Service\nmetadata: {name: x}\nspec: {ports: [{port: 1, targetPorts: 2}]}\n",
		"apiVersion: apps/v1\nkind: StatefulSet\nmetadata: {name: x}\nspec: {replica: 1}\n",
		"apiVersion: v1\nkind: Service\nmetadata: {name: x}\nspec: {ports: [{port: one}]}\n",
		"apiVersion: example.com/v1\nkind: Unknown\nmetadata: {name: x}\n",
		"apiVersion: monitoring.coreos.com/v1\nkind: ServiceMonitor\nmetadata: {name: x}\nspec: {endpoint: []}\n",
	}
	for _, document := range bad {
		if _, _, err := decoder.Decode([]byte(document), nil, nil); err == nil {
			t.Errorf("decoded without error:\n%s", document)
		}
	}
	good := "apiVersion: v1\nkind: Service\nmetadata: {name: x}\nspec: {ports: [{port: 1, targetPort: 2}]}\n"
	if _, _, err := decoder.Decode([]byte(good), nil, nil); err != nil {
		t.Errorf("a valid Service failed: %v", err)
	}
}

func stripComments(document []byte) []byte {
	var kept []string
	for _, line := range strings.Split(string(document), "\n") {
		if !strings.HasPrefix(strings.TrimSpace(line), "#") {
			kept = append(kept, line)
		}
	}
	return []byte(strings.Join(kept, "\n"))
}
